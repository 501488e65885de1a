// (being written: the C ABI)
