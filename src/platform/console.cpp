// The escaping of platform/console.hpp: the same on every platform.
#include "platform/console.hpp"

#include <cstdio>

namespace kalkyl::platform {

namespace {

void append_escaped_byte(std::string& out, unsigned char c) {
    static const char hex[] = "0123456789abcdef";
    out += "\\x";
    out += hex[c >> 4];
    out += hex[c & 15];
}

std::string escape(std::string_view text, bool keep_layout) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool next_is_lf = i + 1 < text.size() && text[i + 1] == '\n';
        if (keep_layout && (c == '\n' || c == '\t' || (c == '\r' && next_is_lf))) {
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            append_escaped_byte(out, c);
        } else if (c == 0xc2 && i + 1 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            // U+0080..U+009F in UTF-8: C1 controls (U+009B is CSI, as ESC [).
            append_escaped_byte(out, c);
            append_escaped_byte(out, static_cast<unsigned char>(text[++i]));
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace

std::string escape_for_terminal(std::string_view text) {
    return escape(text, true);
}

void print_message(std::string_view message) {
    const std::string line = "kalkyl: " + escape(message, false) + "\n";
    // Nothing is left to tell the user if standard error itself fails.
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

}  // namespace kalkyl::platform
