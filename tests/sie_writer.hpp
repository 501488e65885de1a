// The test suite's own small SIE 4 writer (private to tests/): it builds the
// awkward files the reader must handle, independently of src/sie_*.cpp: its
// own character tables (only the letters the tests use), its own quoting and
// its own bitwise CRC-32 for #KSUMMA, following the rule docs/sie.md states.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kalkyl::test {

enum class SieCharset { cp437, windows1252, utf8 };

class SieWriter {
  public:
    explicit SieWriter(SieCharset charset = SieCharset::cp437) : charset_(charset) {}

    // A record: the label and its fields; a field beginning with '{' is an
    // object list written as given (its items separated by single spaces,
    // quoted items in "..."), a field in quotes is written quoted with its
    // quotes and backslashes escaped, anything else as it is.
    struct F {
        std::string text;
        bool quoted = false;
        bool list = false;
        std::vector<std::string> items;  // for a list: dimension, object, ...
    };
    static F q(std::string s) { return F{std::move(s), true, false, {}}; }
    static F p(std::string s) { return F{std::move(s), false, false, {}}; }
    static F list(std::vector<std::string> items) { return F{{}, false, true, std::move(items)}; }

    SieWriter& rec(std::string_view label, std::initializer_list<F> fields) {
        std::string line(label);
        if (summing_) crc(line);
        for (const auto& f : fields) {
            line += ' ';
            if (f.list) {
                line += '{';
                for (std::size_t i = 0; i < f.items.size(); ++i) {
                    if (i > 0) line += ' ';
                    const std::string enc = encode(f.items[i]);
                    if (i % 2 == 1) {
                        line += '"' + escape(enc) + '"';
                    } else {
                        line += enc;
                    }
                    if (summing_) crc(enc);
                }
                line += '}';
            } else {
                const std::string enc = encode(f.text);
                line += f.quoted ? '"' + escape(enc) + '"' : enc;
                if (summing_) crc(enc);
            }
        }
        out_ += line + "\r\n";
        return *this;
    }
    SieWriter& raw(std::string_view line) {
        out_ += std::string(line) + "\r\n";
        return *this;
    }
    SieWriter& open_checksum() {
        out_ += "#KSUMMA\r\n";
        summing_ = true;
        crc_ = 0xFFFFFFFFu;
        return *this;
    }
    // Writes the closing #KSUMMA with the true sum plus `tamper`.
    SieWriter& close_checksum(std::uint32_t tamper = 0) {
        summing_ = false;
        out_ += "#KSUMMA " + std::to_string((crc_ ^ 0xFFFFFFFFu) + tamper) + "\r\n";
        return *this;
    }
    const std::string& bytes() const { return out_; }

    // The common head of a file: #FLAGGA ... #RAR 0 and -1 (calendar years).
    SieWriter& head(int type, int year, std::string_view company) {
        rec("#FLAGGA", {p("0")});
        rec("#PROGRAM", {q("kalkyl tests"), p("1.0")});
        rec("#FORMAT", {p("PC8")});
        rec("#GEN", {p(std::to_string(year) + "1231")});
        rec("#SIETYP", {p(std::to_string(type))});
        rec("#FNAMN", {q(std::string(company))});
        rec("#RAR", {p("0"), p(std::to_string(year) + "0101"), p(std::to_string(year) + "1231")});
        rec("#RAR",
            {p("-1"), p(std::to_string(year - 1) + "0101"), p(std::to_string(year - 1) + "1231")});
        return *this;
    }

  private:
    static std::string escape(const std::string& s) {
        std::string o;
        for (const char c : s) {
            if (c == '"' || c == '\\') o += '\\';
            o += c;
        }
        return o;
    }

    // UTF-8 in, the charset's bytes out. Only the letters the tests use.
    std::string encode(const std::string& utf8) const {
        if (charset_ == SieCharset::utf8) return utf8;
        static const std::pair<std::string_view, std::pair<char, char>> letters[] = {
            // UTF-8, CP437 (CP437.TXT), Windows-1252 (CP1252.TXT)
            {"å", {'\x86', '\xE5'}}, {"ä", {'\x84', '\xE4'}}, {"ö", {'\x94', '\xF6'}},
            {"Å", {'\x8F', '\xC5'}}, {"Ä", {'\x8E', '\xC4'}}, {"Ö", {'\x99', '\xD6'}},
            {"é", {'\x82', '\xE9'}}, {"ü", {'\x81', '\xFC'}},
        };
        std::string o;
        for (std::size_t i = 0; i < utf8.size();) {
            bool hit = false;
            for (const auto& [u, b] : letters) {
                if (std::string_view(utf8).substr(i, u.size()) == u) {
                    o += charset_ == SieCharset::cp437 ? b.first : b.second;
                    i += u.size();
                    hit = true;
                    break;
                }
            }
            if (!hit) o += utf8[i++];
        }
        return o;
    }

    // CRC-32, bit by bit (ISO 3309 polynomial, reflected, preset and final
    // complement): a second implementation, not the library's table.
    void crc(std::string_view bytes) {
        for (const char ch : bytes) {
            crc_ ^= static_cast<unsigned char>(ch);
            for (int k = 0; k < 8; ++k)
                crc_ = (crc_ >> 1) ^ (0xEDB88320u & (0u - (crc_ & 1u)));
        }
    }

    SieCharset charset_;
    std::string out_;
    bool summing_ = false;
    std::uint32_t crc_ = 0xFFFFFFFFu;
};

}  // namespace kalkyl::test
