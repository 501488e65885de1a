// src/detail/quote.hpp (private): input text quoted for an error message.
//
// Every reader quotes the field it refuses. The quote is valid UTF-8 whatever
// the input (control characters, quotes, backslashes and broken UTF-8 are
// escaped as \xNN) and bounded: a long text is cut to a window of 60 bytes
// around `position`, marked with "…" and followed by its length in bytes, so
// that a 100 MB header never becomes a 100 MB message. The text layer's own
// messages (text.hpp) use the same function.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kalkyl::detail {

// `text` in double quotes, as described above. `position` is the byte offset
// of the fault inside `text` (0 when there is none).
std::string quote_for_message(std::string_view text, std::size_t position = 0);

}  // namespace kalkyl::detail
