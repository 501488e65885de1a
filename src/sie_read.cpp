// src/sie_read.cpp: the SIE 4 tokenizer (layer 1 of include/kalkyl/sie.hpp):
// lines to records, character sets to UTF-8, #KSUMMA, exact amounts.
//
// Sources: SIE-gruppen, "SIE filformat, utgåva 4C" (https://sie.se/format/)
// for the record syntax, the PC8 character set and #KSUMMA; the Unicode
// Consortium's mapping tables VENDORS/MICSFT/PC/CP437.TXT and
// VENDORS/MICSFT/WINDOWS/CP1252.TXT for the two code pages.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <istream>
#include <string>
#include <system_error>
#include <vector>

#include "kalkyl/sie.hpp"
#include "sie_internal.hpp"

namespace kalkyl::sie {

// --- names and the error type ------------------------------------------------------------

const char* severity_name(Severity severity) noexcept {
    switch (severity) {
        case Severity::info:
            return "info";
        case Severity::warning:
            return "warning";
        case Severity::error:
            return "error";
    }
    return "unknown";
}

const char* encoding_name(Encoding encoding) noexcept {
    switch (encoding) {
        case Encoding::cp437:
            return "cp437";
        case Encoding::windows1252:
            return "windows-1252";
        case Encoding::utf8:
            return "utf-8";
    }
    return "unknown";
}

namespace {
std::string where(std::uint64_t line, std::uint64_t column, const std::string& label) {
    std::string s;
    if (line > 0) {
        s = "line " + std::to_string(line);
        if (column > 0) s += ", column " + std::to_string(column);
        if (!label.empty()) s += ", " + label;
        s += ": ";
    } else if (!label.empty()) {
        s = label + ": ";
    }
    return s;
}
}  // namespace

SieError::SieError(Errc code, std::uint64_t line, std::uint64_t column, std::string label,
                   const std::string& reason)
    : Error(code, where(line, column, label) + reason),
      line_(line),
      column_(column),
      label_(std::move(label)),
      reason_(reason) {}

// --- code pages ------------------------------------------------------------------------------

namespace detail {

// CP437's upper half, 0x80..0xFF, as Unicode code points (Unicode Consortium,
// VENDORS/MICSFT/PC/CP437.TXT). The Swedish letters: 0x86 å, 0x84 ä, 0x94 ö,
// 0x8F Å, 0x8E Ä, 0x99 Ö, 0x82 é.
constexpr std::array<char16_t, 128> cp437_upper = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,  // 80
    0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,  // 88
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,  // 90
    0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,  // 98
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,  // A0
    0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,  // A8
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,  // B0
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,  // B8
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,  // C0
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,  // C8
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,  // D0
    0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,  // D8
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,  // E0
    0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,  // E8
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,  // F0
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,  // F8
};

// Windows-1252's 0x80..0x9F (VENDORS/MICSFT/WINDOWS/CP1252.TXT); the five
// bytes the table leaves undefined (81 8D 8F 90 9D) map to the C1 control of
// the same number, as the WHATWG Encoding Standard does. 0xA0..0xFF are
// Latin-1, the code point equal to the byte.
constexpr std::array<char16_t, 32> cp1252_c1 = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

char32_t decode_byte(Encoding encoding, unsigned char b) {
    if (b < 0x80) return b;
    if (encoding == Encoding::cp437) return cp437_upper[b - 0x80];
    if (b < 0xA0) return cp1252_c1[b - 0x80];
    return b;  // Windows-1252 0xA0..0xFF is Latin-1
}

// The length of the valid UTF-8 sequence at s[i], or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n;
    char32_t cp;
    if (b < 0x80) return 1;
    if (b >= 0xC2 && b <= 0xDF) {
        n = 2;
        cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        cp = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        cp = b & 0x07;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (c & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

Encoding detect_encoding(std::string_view prefix, bool& decided) {
    decided = false;
    if (prefix.size() >= 3 && prefix.substr(0, 3) == "\xEF\xBB\xBF") {
        decided = true;
        return Encoding::utf8;
    }
    bool valid_utf8 = true;
    bool multibyte = false;
    std::size_t cp437_letters = 0;
    std::size_t cp1252_letters = 0;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const auto b = static_cast<unsigned char>(prefix[i]);
        if (b < 0x80) continue;
        // The letters of Swedish (and Nordic) names: å ä ö Å Ä Ö é ü Ü æ Æ
        // in CP437, and the same (with ø Ø) in Windows-1252. Other bytes
        // (CP437's box drawing, Windows-1252's punctuation) are no evidence.
        switch (b) {
            case 0x86:
            case 0x84:
            case 0x94:
            case 0x8F:
            case 0x8E:
            case 0x99:
            case 0x82:
            case 0x81:
            case 0x9A:
            case 0x91:
            case 0x92:
                ++cp437_letters;
                break;
            case 0xE5:
            case 0xE4:
            case 0xF6:
            case 0xC5:
            case 0xC4:
            case 0xD6:
            case 0xE9:
            case 0xFC:
            case 0xDC:
            case 0xE6:
            case 0xC6:
            case 0xF8:
            case 0xD8:
                ++cp1252_letters;
                break;
            default:
                break;
        }
        if (valid_utf8) {
            const std::size_t n = utf8_sequence(prefix, i);
            // A sequence cut by the end of the prefix is not evidence against UTF-8.
            if (n == 0 && prefix.size() - i >= 4) valid_utf8 = false;
            if (n > 1) {
                multibyte = true;
                // Count the sequence once for the letter scores too.
                i += n - 1;
            }
        }
    }
    if (cp437_letters == 0 && cp1252_letters == 0 && !multibyte) return Encoding::cp437;
    decided = true;
    if (valid_utf8 && multibyte) return Encoding::utf8;
    return cp1252_letters > cp437_letters ? Encoding::windows1252 : Encoding::cp437;
}

// --- CRC-32 for #KSUMMA ---------------------------------------------------------------------
//
// SIE 4C, #KSUMMA: the checksum is a CRC-32 (the polynomial of ISO 3309 /
// IEEE 802.3, 0x04C11DB7, processed bit-reversed as 0xEDB88320, preset and
// final complement 0xFFFFFFFF), over the records after the opening #KSUMMA and
// before the closing one. kalkyl's reading of which bytes (docs/sie.md): of
// every record, the label (with its '#') and the content of every field in
// the file's own character set, quotes, escape backslashes, braces, spaces
// and line ends left out; an object list contributes its items' contents.
// This is the rule published SIE libraries implement (label and field
// contents, braces removed).
constexpr std::array<std::uint32_t, 256> make_crc_table() {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        t[i] = c;
    }
    return t;
}
constexpr std::array<std::uint32_t, 256> crc_table = make_crc_table();

std::uint32_t crc32_update(std::uint32_t crc, std::string_view bytes) noexcept {
    for (const char ch : bytes)
        crc = (crc >> 8) ^ crc_table[(crc ^ static_cast<unsigned char>(ch)) & 0xFFu];
    return crc;
}

}  // namespace detail

void cp437_to_utf8(std::string_view cp437, std::string& out) {
    out.clear();
    out.reserve(cp437.size());
    for (const char ch : cp437)
        detail::append_utf8(out,
                            detail::decode_byte(Encoding::cp437, static_cast<unsigned char>(ch)));
}

bool utf8_to_cp437(std::string_view utf8, std::string& out, std::size_t& bad) {
    out.clear();
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) {
        const std::size_t n = detail::utf8_sequence(utf8, i);
        if (n == 0) {
            bad = i;
            return false;
        }
        char32_t cp;
        const auto b = static_cast<unsigned char>(utf8[i]);
        if (n == 1) {
            cp = b;
        } else {
            cp = b & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
            for (std::size_t k = 1; k < n; ++k)
                cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        }
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else {
            const auto* hit = std::find(detail::cp437_upper.begin(), detail::cp437_upper.end(), cp);
            if (hit == detail::cp437_upper.end()) {
                bad = i;
                return false;
            }
            out.push_back(static_cast<char>(0x80 + (hit - detail::cp437_upper.begin())));
        }
        i += n;
    }
    return true;
}

// --- amounts ---------------------------------------------------------------------------------

std::optional<Decimal> parse_amount(std::string_view text) noexcept {
    std::size_t i = 0;
    const bool negative = !text.empty() && text[0] == '-';
    if (negative) i = 1;
    // The common case, [-]digits[.digits] of at most 18 digits in all,
    // accumulates in 64 bits; anything else takes the general loop below.
    if (text.size() - i <= 19 && i < text.size() && text[i] >= '0' && text[i] <= '9') {
        std::uint64_t m = 0;
        int sc = 0;
        bool pt = false;
        bool ok = true;
        for (std::size_t k = i; k < text.size(); ++k) {
            const char c = text[k];
            if (c >= '0' && c <= '9') {
                m = m * 10 + static_cast<std::uint64_t>(c - '0');
                if (pt) ++sc;
            } else if (c == '.' && !pt && k + 1 < text.size()) {
                pt = true;
            } else {
                ok = false;
                break;
            }
        }
        if (ok) {
            const auto v = static_cast<int128_t>(m);
            return Decimal::raw(negative ? -v : v, sc);
        }
    }
    int128_t mantissa = 0;
    int digits = 0;  // significant digits (leading zeros not counted)
    int scale = 0;
    bool any_digit = false;
    bool point = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            any_digit = true;
            if (point) {
                if (++scale > Decimal::max_scale) return std::nullopt;
            }
            if (mantissa != 0 || c != '0') {
                if (++digits > Decimal::max_digits) return std::nullopt;
            }
            mantissa = mantissa * 10 + (c - '0');
        } else if (c == '.' && !point && any_digit) {
            point = true;
            if (i + 1 == text.size()) return std::nullopt;  // "12." is not an amount
        } else {
            return std::nullopt;
        }
    }
    if (!any_digit) return std::nullopt;
    return Decimal::raw(negative ? -mantissa : mantissa, scale);
}

// --- the tokenizer -----------------------------------------------------------------------------

namespace {

constexpr std::size_t block_size = std::size_t{1} << 20;        // 1 MiB reads
constexpr std::size_t max_line = std::size_t{64} << 20;         // a line longer is not SIE
constexpr std::size_t detection_prefix = std::size_t{1} << 20;  // bytes scored for the encoding

bool is_blank(char c) noexcept {
    return c == ' ' || c == '\t';
}

class Tokenizer {
  public:
    Tokenizer(const StreamOptions& options, const RecordVisitor& visit)
        : options_(options), visit_(visit) {}

    // Decides the encoding from the first bytes of the file.
    void begin(std::string_view prefix) {
        bool decided = false;
        const Encoding detected = detail::detect_encoding(prefix, decided);
        switch (options_.encoding) {
            case EncodingChoice::automatic:
                summary_.encoding = detected;
                break;
            case EncodingChoice::cp437:
                summary_.encoding = Encoding::cp437;
                break;
            case EncodingChoice::windows1252:
                summary_.encoding = Encoding::windows1252;
                break;
            case EncodingChoice::utf8:
                summary_.encoding = Encoding::utf8;
                break;
        }
        detected_ = detected;
        detection_decided_ = decided;
        if (prefix.size() >= 3 && prefix.substr(0, 3) == "\xEF\xBB\xBF") skip_bom_ = true;
    }

    // One line without its line end. Returns false when the visitor stopped.
    bool line(std::string_view raw) {
        ++summary_.lines;
        ++line_no_;
        if (line_no_ == 1 && skip_bom_) raw.remove_prefix(3);
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        if (finished_) return true;
        std::size_t i = 0;
        while (i < raw.size() && is_blank(raw[i]))
            ++i;
        if (i == raw.size()) return true;
        // A DOS end-of-file mark (Ctrl-Z) ends the file.
        if (raw[i] == '\x1A') {
            finished_ = true;
            return true;
        }
        fields_.clear();
        items_.clear();
        arena_.clear();
        // Decoding grows a byte to at most three UTF-8 bytes: with this
        // capacity no view into the arena is invalidated while the record
        // is built.
        if (arena_.capacity() < raw.size() * 3 + 16) arena_.reserve(raw.size() * 3 + 16);
        Record rec;
        rec.line = line_no_;
        const std::size_t label_start = i;
        if (raw[i] == '{' || raw[i] == '}') {
            rec.label = raw.substr(i, 1);
            ++i;
            while (i < raw.size() && is_blank(raw[i]))
                ++i;
            if (i != raw.size())
                fail(i, std::string(rec.label), "nothing may follow a brace on its line");
        } else {
            if (raw[i] != '#') fail(i, {}, "a record starts with a label such as #KONTO");
            while (i < raw.size() && !is_blank(raw[i])) {
                check_byte(raw, i, {});
                ++i;
            }
            // Labels are ASCII in SIE; an unknown one in another script is
            // decoded like any text so that counts and messages stay UTF-8.
            rec.label = decode(raw, label_start, i, false, {});
            if (rec.label.size() < 2) fail(label_start, "#", "a label needs a name after '#'");
            tokenize_fields(raw, i, rec.label);
        }
        rec.fields = fields_;
        rec.list_items = items_;
        checksum(raw, rec);
        ++summary_.records;
        if (!visit_(rec)) {
            summary_.stopped = true;
            return false;
        }
        return true;
    }

    StreamSummary finish() {
        if (checksum_open_ && !summary_.stopped) {
            summary_.checksum = ChecksumState::unclosed;
            summary_.diagnostics.push_back({Severity::error, checksum_line_, 0, "#KSUMMA",
                                            "the file opens a #KSUMMA but has no closing "
                                            "#KSUMMA with the checksum: it may be truncated"});
        }
        const bool declared_pc8 = format_.empty() || format_ == "PC8";
        if (options_.encoding == EncodingChoice::automatic && detection_decided_ &&
            detected_ != Encoding::cp437) {
            summary_.encoding_mismatch = true;
            summary_.diagnostics.push_back(
                {Severity::warning, format_line_, 0, "#FORMAT",
                 std::string("the file ") +
                     (declared_pc8 ? "declares the PC8 character set (CP437)"
                                   : "declares #FORMAT " + format_) +
                     " but its text is " + encoding_name(detected_) + "; it was read as " +
                     encoding_name(detected_) +
                     ". Check the export settings of the program that wrote it"});
        } else if (!format_.empty() && format_ != "PC8") {
            summary_.diagnostics.push_back({Severity::warning, format_line_, 0, "#FORMAT",
                                            "#FORMAT " + format_ +
                                                " is not PC8, the only character set SIE 4 "
                                                "defines; read as " +
                                                encoding_name(summary_.encoding)});
        }
        return std::move(summary_);
    }

    StreamSummary& summary() { return summary_; }

  private:
    [[noreturn]] void fail(std::size_t index, const std::string& label, const std::string& why) {
        throw SieError(Errc::parse, line_no_, index + 1, label, why);
    }

    void check_byte(std::string_view raw, std::size_t i, std::string_view label) {
        const auto b = static_cast<unsigned char>(raw[i]);
        if (b < 0x20 && b != '\t')
            fail(i, std::string(label),
                 "control character 0x" + std::string(1, "0123456789ABCDEF"[b >> 4]) +
                     std::string(1, "0123456789ABCDEF"[b & 15]) + " inside a record");
    }

    // Decodes raw[begin, end) (escapes already resolved when `unescape`) into
    // a view: the line itself when it is plain ASCII, else the arena.
    std::string_view decode(std::string_view raw, std::size_t begin, std::size_t end, bool unescape,
                            std::string_view label) {
        bool plain = true;
        for (std::size_t k = begin; k < end; ++k) {
            const auto b = static_cast<unsigned char>(raw[k]);
            if (b >= 0x80 || (unescape && b == '\\')) {
                plain = false;
                break;
            }
        }
        if (plain) return raw.substr(begin, end - begin);
        const std::size_t start = arena_.size();
        for (std::size_t k = begin; k < end; ++k) {
            if (unescape && raw[k] == '\\' && k + 1 < end) ++k;
            const auto b = static_cast<unsigned char>(raw[k]);
            if (b < 0x80) {
                arena_.push_back(static_cast<char>(b));
            } else if (summary_.encoding == Encoding::utf8) {
                const std::size_t n = detail::utf8_sequence(raw.substr(0, end), k);
                if (n == 0)
                    fail(k, std::string(label),
                         "byte 0x" + hex(b) + " is not valid UTF-8 (the file was read as UTF-8)");
                arena_.append(raw.substr(k, n));
                k += n - 1;
            } else {
                detail::append_utf8(arena_, detail::decode_byte(summary_.encoding, b));
            }
        }
        return std::string_view(arena_).substr(start, arena_.size() - start);
    }

    static std::string hex(unsigned b) {
        const char* d = "0123456789ABCDEF";
        return std::string{d[(b >> 4) & 15], d[b & 15]};
    }

    // A quoted token starting at raw[i] == '"'; returns the index after the
    // closing quote; `has_escape` says whether a backslash occurred.
    std::size_t scan_quoted(std::string_view raw, std::size_t i, std::string_view label,
                            bool& has_escape) {
        const std::size_t open = i;
        has_escape = false;
        ++i;
        while (i < raw.size()) {
            const char c = raw[i];
            if (c == '\\') {
                has_escape = true;
                if (i + 1 >= raw.size()) break;
                check_byte(raw, i + 1, label);
                i += 2;
                continue;
            }
            if (c == '"') return i + 1;
            check_byte(raw, i, label);
            ++i;
        }
        fail(open, std::string(label), "a quoted field is not closed on its line");
    }

    void tokenize_fields(std::string_view raw, std::size_t i, std::string_view label) {
        for (;;) {
            while (i < raw.size() && is_blank(raw[i]))
                ++i;
            if (i >= raw.size()) return;
            Field f;
            f.column = i + 1;
            if (raw[i] == '"') {
                bool esc = false;
                const std::size_t end = scan_quoted(raw, i, label, esc);
                f.quoted = true;
                f.text = decode(raw, i + 1, end - 1, esc, label);
                i = end;
            } else if (raw[i] == '{') {
                const std::size_t open = i;
                f.is_list = true;
                f.list_begin = static_cast<std::uint32_t>(items_.size());
                ++i;
                for (;;) {
                    while (i < raw.size() && is_blank(raw[i]))
                        ++i;
                    if (i >= raw.size())
                        fail(open, std::string(label),
                             "an object list '{' is not closed on its line");
                    if (raw[i] == '}') {
                        ++i;
                        break;
                    }
                    if (raw[i] == '{')
                        fail(i, std::string(label), "an object list cannot hold another list");
                    if (raw[i] == '"') {
                        bool esc = false;
                        const std::size_t end = scan_quoted(raw, i, label, esc);
                        items_.push_back(decode(raw, i + 1, end - 1, esc, label));
                        i = end;
                    } else {
                        const std::size_t s = i;
                        while (i < raw.size() && !is_blank(raw[i]) && raw[i] != '}' &&
                               raw[i] != '"' && raw[i] != '{') {
                            check_byte(raw, i, label);
                            ++i;
                        }
                        items_.push_back(decode(raw, s, i, false, label));
                    }
                }
                f.list_size = static_cast<std::uint32_t>(items_.size()) - f.list_begin;
            } else {
                const std::size_t s = i;
                while (i < raw.size() && !is_blank(raw[i])) {
                    if (raw[i] == '"' || raw[i] == '{' || raw[i] == '}')
                        fail(i, std::string(label),
                             std::string("'") + raw[i] +
                                 "' inside an unquoted field (quote the field)");
                    check_byte(raw, i, label);
                    ++i;
                }
                f.text = decode(raw, s, i, false, label);
            }
            fields_.push_back(f);
        }
    }

    // The raw bytes of a field's content, escapes resolved, for the checksum.
    void crc_token(std::string_view raw, std::size_t begin, std::size_t end, bool unescape) {
        if (!unescape) {
            crc_ = detail::crc32_update(crc_, raw.substr(begin, end - begin));
            return;
        }
        for (std::size_t k = begin; k < end; ++k) {
            if (raw[k] == '\\' && k + 1 < end) ++k;
            crc_ = detail::crc32_update(crc_, raw.substr(k, 1));
        }
    }

    void checksum(std::string_view raw, const Record& rec) {
        if (rec.label == "#FORMAT" && !rec.fields.empty() && format_.empty()) {
            format_ = std::string(rec.fields[0].text);
            format_line_ = rec.line;
        }
        if (rec.label == "#KSUMMA") {
            if (!checksum_open_ && rec.fields.empty() &&
                summary_.checksum == ChecksumState::absent) {
                checksum_open_ = true;
                checksum_line_ = rec.line;
                crc_ = 0xFFFFFFFFu;
                return;
            }
            if (checksum_open_ && !rec.fields.empty()) {
                checksum_open_ = false;
                const std::uint32_t computed = crc_ ^ 0xFFFFFFFFu;
                const std::string_view text = rec.fields[0].text;
                // The specification prints the sum as a long integer: read
                // it as signed or unsigned 32 bits.
                std::int64_t value = 0;
                bool ok = !text.empty() && text.size() <= 11;
                std::size_t k = 0;
                bool neg = false;
                if (ok && text[0] == '-') {
                    neg = true;
                    k = 1;
                    ok = text.size() > 1;
                }
                for (; ok && k < text.size(); ++k) {
                    if (text[k] < '0' || text[k] > '9')
                        ok = false;
                    else
                        value = value * 10 + (text[k] - '0');
                }
                if (neg) value = -value;
                if (!ok || value < -2147483648LL || value > 4294967295LL)
                    fail(rec.fields[0].column - 1, "#KSUMMA",
                         "the checksum \"" + std::string(text) + "\" is not a 32-bit integer");
                const auto expected = static_cast<std::uint32_t>(value);
                summary_.checksum_expected = expected;
                summary_.checksum_computed = computed;
                if (expected == computed) {
                    summary_.checksum = ChecksumState::verified;
                } else {
                    summary_.checksum = ChecksumState::mismatch;
                    summary_.diagnostics.push_back(
                        {Severity::error, rec.line, rec.fields[0].column, "#KSUMMA",
                         "the checksum does not match: the file says " + std::string(text) +
                             ", its content gives " + std::to_string(computed) +
                             " (the file was changed or damaged after it was written)"});
                }
                return;
            }
        }
        // The braces of a transaction block are left out like every brace.
        if (!checksum_open_ || rec.label == "{" || rec.label == "}") return;
        // Re-scan the line for the raw bytes of the label and each field
        // (the record's views are decoded UTF-8, not the file's bytes).
        std::size_t i = 0;
        while (i < raw.size() && is_blank(raw[i]))
            ++i;
        const std::size_t label_start = i;
        while (i < raw.size() && !is_blank(raw[i]))
            ++i;
        crc_ = detail::crc32_update(crc_, raw.substr(label_start, i - label_start));
        for (;;) {
            while (i < raw.size() && is_blank(raw[i]))
                ++i;
            if (i >= raw.size()) return;
            if (raw[i] == '"') {
                bool esc = false;
                const std::size_t end = scan_quoted(raw, i, rec.label, esc);
                crc_token(raw, i + 1, end - 1, esc);
                i = end;
            } else if (raw[i] == '{') {
                ++i;
                while (i < raw.size() && raw[i] != '}') {
                    if (is_blank(raw[i])) {
                        ++i;
                    } else if (raw[i] == '"') {
                        bool esc = false;
                        const std::size_t end = scan_quoted(raw, i, rec.label, esc);
                        crc_token(raw, i + 1, end - 1, esc);
                        i = end;
                    } else {
                        const std::size_t s = i;
                        while (i < raw.size() && !is_blank(raw[i]) && raw[i] != '}' &&
                               raw[i] != '"')
                            ++i;
                        crc_token(raw, s, i, false);
                    }
                }
                ++i;
            } else {
                const std::size_t s = i;
                while (i < raw.size() && !is_blank(raw[i]))
                    ++i;
                crc_token(raw, s, i, false);
            }
        }
    }

    const StreamOptions& options_;
    const RecordVisitor& visit_;
    StreamSummary summary_;
    std::uint64_t line_no_ = 0;
    std::vector<Field> fields_;
    std::vector<std::string_view> items_;
    std::string arena_;
    Encoding detected_ = Encoding::cp437;
    bool detection_decided_ = false;
    bool skip_bom_ = false;
    bool finished_ = false;
    bool checksum_open_ = false;
    std::uint64_t checksum_line_ = 0;
    std::uint32_t crc_ = 0;
    std::string format_;
    std::uint64_t format_line_ = 0;
};

// Feeds every complete line of `data` to the tokenizer; returns the index of
// the first byte not consumed (the start of an incomplete last line), or
// npos when the visitor stopped.
std::size_t feed_lines(Tokenizer& t, std::string_view data) {
    std::size_t start = 0;
    for (;;) {
        const void* nl = std::memchr(data.data() + start, '\n', data.size() - start);
        if (nl == nullptr) return start;
        const std::size_t end =
            static_cast<std::size_t>(static_cast<const char*>(nl) - data.data());
        if (!t.line(data.substr(start, end - start))) return std::string_view::npos;
        start = end + 1;
    }
}

void check_nul(std::string_view data, std::uint64_t line_base) {
    // NUL bytes mean a binary file or UTF-16: say so instead of reading noise.
    if (std::memchr(data.data(), '\0', data.size()) != nullptr)
        throw SieError(Errc::invalid, line_base, 0, {},
                       "the file contains NUL bytes: it is not an SIE 4 text file (UTF-16 "
                       "or binary?)");
}

}  // namespace

StreamSummary stream_bytes(std::string_view bytes, const StreamOptions& options,
                           const RecordVisitor& visit) {
    check_nul(bytes, 0);
    Tokenizer t(options, visit);
    t.begin(bytes.substr(0, std::min(bytes.size(), detection_prefix)));
    const std::size_t rest = feed_lines(t, bytes);
    if (rest != std::string_view::npos && rest < bytes.size()) t.line(bytes.substr(rest));
    t.summary().bytes = bytes.size();
    if (options.progress) options.progress(bytes.size());
    return t.finish();
}

StreamSummary stream(std::istream& in, const StreamOptions& options, const RecordVisitor& visit) {
    Tokenizer t(options, visit);
    std::vector<char> buf(block_size);
    std::size_t filled = 0;
    std::uint64_t total = 0;
    bool first = true;
    bool stopped = false;
    for (;;) {
        if (filled == buf.size()) {
            if (buf.size() >= max_line)
                throw SieError(Errc::parse, t.summary().lines + 1, 0, {},
                               "a line longer than 64 MiB: not an SIE 4 file");
            buf.resize(buf.size() * 2);
        }
        in.read(buf.data() + filled, static_cast<std::streamsize>(buf.size() - filled));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0 && in.bad())
            throw SieError(Errc::invalid, 0, 0, {}, "reading the file failed");
        const bool eof = got == 0 || in.eof();
        const std::string_view data(buf.data(), filled + got);
        check_nul(data.substr(filled), t.summary().lines + 1);
        total += got;
        if (first) {
            // The first read fills the block unless the file is smaller:
            // the detection prefix is the first 1 MiB either way.
            t.begin(data.substr(0, std::min(data.size(), detection_prefix)));
            first = false;
        }
        const std::size_t rest = feed_lines(t, data);
        if (rest == std::string_view::npos) {
            stopped = true;
            break;
        }
        if (options.progress) options.progress(total);
        if (eof) {
            if (rest < data.size()) t.line(data.substr(rest));
            break;
        }
        std::memmove(buf.data(), buf.data() + rest, data.size() - rest);
        filled = data.size() - rest;
    }
    (void)stopped;
    if (in.bad()) throw SieError(Errc::invalid, 0, 0, {}, "reading the file failed");
    t.summary().bytes = total;
    return t.finish();
}

StreamSummary stream_file(const std::string& path, const StreamOptions& options,
                          const RecordVisitor& visit) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int err = errno;
        throw SieError(Errc::invalid, 0, 0, {},
                       "cannot open " + path + ": " + std::generic_category().message(err));
    }
    return stream(in, options, visit);
}

}  // namespace kalkyl::sie
