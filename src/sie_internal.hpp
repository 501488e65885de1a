// src/sie_internal.hpp (private): what the SIE sources share: the code page
// helpers and the #KSUMMA CRC of src/sie_read.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kalkyl/sie.hpp"

namespace kalkyl::sie::detail {

void append_utf8(std::string& out, char32_t cp);
char32_t decode_byte(Encoding encoding, unsigned char b);
// The length of the valid UTF-8 sequence at s[i], or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i);
// The encoding of a file's first bytes; `decided` false when nothing outside
// ASCII was seen (the result is then CP437, what SIE prescribes).
Encoding detect_encoding(std::string_view prefix, bool& decided);
// CRC-32 (reflected 0xEDB88320) without the preset and final complement:
// start from 0xFFFFFFFF and complement the result.
std::uint32_t crc32_update(std::uint32_t crc, std::string_view bytes) noexcept;

}  // namespace kalkyl::sie::detail
