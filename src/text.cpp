// The text layer (include/kalkyl/text.hpp is the contract): amounts read and
// written as Swedish reports and C programs print them.
//
// Reading allocates nothing and throws nothing. The common amount (at most
// 19 digits, nothing around them: "-1 234 567,89") takes a fast path that
// reads the first run of digits eight bytes at a time; everything else, and
// every refusal, goes through the general reader (read_core), which is the
// reference for what a text means. It accumulates in 64 bits and reads a text
// with more than 19 digits a second time in 128 bits, so ordinary amounts
// never pay for wide arithmetic. Writing builds the text in a stack buffer
// and appends it with one call, which is also what leaves `out` as it was
// when a spec is refused.
//
// Decisions the header leaves open, made here:
// - "-0", "(0)" and "-0,00" are read: they are zero (at the written scale).
//   Spreadsheets print "-0" for a small negative rounded away, and a Decimal
//   has no negative zero to keep, so refusing would only reject real cells.
// - The two profiles differ only in the decimal mark and in the meaning of
//   '.' and ',' between digits. Both read the ASCII space, U+00A0 and U+202F
//   as thousands separators (C because ISO 80000 writes "1 234.5" and because
//   FormatSpec can write C text with space groups, which must read back), a
//   minus as '-' or U+2212 optionally followed by white space ("- 196,6"),
//   a '+', and "(1 234)" for a negative. ",5" and "5," are refused: a digit
//   comes on both sides of the decimal mark.
// - Leading zeros are allowed ("007"); they are not significant digits.
// - Locale::automatic: text without '.' or ',' reads the same in both
//   profiles. When both read a text as the same value at different scales
//   ("0.000": 0 in sv-SE, 0.000 in C) the reading with more decimals wins;
//   when both fail, the failure that got further into the text is reported.
// - Positions are 0-based byte offsets; messages say "byte offset".
// - Zero after rounding is written without a sign: never "-0,0", "+0" or
//   "(0)". A reader would take "-0,0" for a small deficit that is not there.

#include "kalkyl/text.hpp"
#include "detail/quote.hpp"

#include <cstdint>
#include <cstring>
#include <string>

namespace kalkyl {
namespace {

using byte = unsigned char;

// Reasons are static, start in lower case and have no final period:
// describe_parse_error makes a sentence of them.
constexpr const char* reason_empty = "the text is empty";
constexpr const char* reason_blank = "the text is only white space";
constexpr const char* reason_start =
    "a number starts with a digit, a sign or an opening parenthesis";
constexpr const char* reason_sign = "a sign must be followed by digits";
constexpr const char* reason_paren_digit = "an opening parenthesis must be followed by digits";
constexpr const char* reason_dot_group =
    "a dot separates thousands in sv-SE and must be followed by exactly three digits";
constexpr const char* reason_comma_group =
    "a comma separates thousands in C and must be followed by exactly three digits";
constexpr const char* reason_space_group =
    "a space between digits separates thousands and must be followed by exactly three digits";
constexpr const char* reason_first_group =
    "at most three digits may come before the first thousands separator";
constexpr const char* reason_mixed = "the thousands separators are not all the same character";
constexpr const char* reason_fraction = "a digit must follow the decimal mark";
constexpr const char* reason_scale =
    "more than 28 digits after the decimal mark (kalkyl keeps at most 28)";
constexpr const char* reason_overflow = "more than 38 significant digits (kalkyl keeps at most 38)";
constexpr const char* reason_close = "the opening parenthesis is not closed after the number";
constexpr const char* reason_trailing = "unexpected text after the number";
constexpr const char* reason_locale = "the locale is not c, sv_SE or automatic";
constexpr const char* reason_ambiguous_dot =
    "sv-SE reads the dot as a thousands separator and C reads it as the decimal mark";
constexpr const char* reason_ambiguous_comma =
    "sv-SE reads the comma as the decimal mark and C reads it as a thousands separator";
constexpr const char* reason_unit = "only a unit may follow the number: kr, tkr, mnkr or mkr";
constexpr const char* reason_unit_overflow = "the amount in kronor needs more than 38 digits";
constexpr const char* reason_percent = "a percentage ends with % or the word procent";

constexpr bool is_digit(byte c) noexcept {
    return static_cast<byte>(c - '0') < 10;
}

// White space around a number: ASCII, U+00A0 and U+202F. Returns its length
// in bytes at p, 0 for anything else.
inline int space_length(const byte* p, const byte* e) noexcept {
    const byte c = *p;
    if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
    if (c == 0xC2) return (e - p >= 2 && p[1] == 0xA0) ? 2 : 0;
    if (c == 0xE2) return (e - p >= 3 && p[1] == 0x80 && p[2] == 0xAF) ? 3 : 0;
    return 0;
}

inline const byte* skip_space(const byte* p, const byte* e) noexcept {
    while (p < e) {
        const int k = space_length(p, e);
        if (k == 0) break;
        p += k;
    }
    return p;
}

enum class Sep : unsigned char { none, space, nbsp, nnbsp, dot, comma };

// The thousands separator at p (not a digit), with its length in bytes.
inline Sep separator_at(const byte* p, const byte* e, bool sv, int& length) noexcept {
    const byte c = *p;
    length = 1;
    if (c == ' ') return Sep::space;
    if (c == 0xC2 && e - p >= 2 && p[1] == 0xA0) {
        length = 2;
        return Sep::nbsp;
    }
    if (c == 0xE2 && e - p >= 3 && p[1] == 0x80 && p[2] == 0xAF) {
        length = 3;
        return Sep::nnbsp;
    }
    if (sv ? c == '.' : c == ',') return sv ? Sep::dot : Sep::comma;
    return Sep::none;
}

constexpr const char* group_reason(Sep s) noexcept {
    return s == Sep::dot ? reason_dot_group
                         : (s == Sep::comma ? reason_comma_group : reason_space_group);
}

struct Number {
    uint128_t magnitude = 0;
    int scale = 0;
    bool negative = false;
    bool paren = false;
    const byte* stop = nullptr;  // the first byte after the digits
};

struct Failure {
    std::size_t position = 0;
    const char* reason = nullptr;
    Errc code = Errc::parse;
};

enum class Step { ok, fail, widen };

// Up to 19 digits of any kind: 10^19 - 1 < 2^64.
struct Narrow {
    static constexpr bool wide = false;
    std::uint64_t value = 0;
    int digits = 0;
    bool push(unsigned d) noexcept {
        if (digits == 19) return false;
        value = value * 10 + d;
        ++digits;
        return true;
    }
};

// Up to 38 significant digits; leading zeros (before and after the mark)
// do not count, because they do not reach the mantissa.
struct Wide {
    static constexpr bool wide = true;
    uint128_t value = 0;
    int digits = 0;
    bool push(unsigned d) noexcept {
        if (value == 0 && d == 0) return true;
        if (digits == Decimal::max_digits) return false;
        value = value * 10 + d;
        ++digits;
        return true;
    }
};

// [white space] [sign [white space] | '('] digits [groups] [mark digits].
// Stops after the digits; what may follow is the caller's business.
template <class Acc>
Step read_core(const byte* const b, const byte* const e, const bool sv, Number& n,
               Failure& f) noexcept {
    Acc acc;
    const byte* p = b;
    const auto fail = [&](const byte* at, const char* reason, Errc code = Errc::parse) {
        f.position = static_cast<std::size_t>(at - b);
        f.reason = reason;
        f.code = code;
        return Step::fail;
    };
    const auto too_many_digits = [&](const byte* at) {
        if constexpr (Acc::wide) return fail(at, reason_overflow, Errc::overflow);
        return Step::widen;
    };

    if (p < e && !is_digit(*p) && *p != '-') p = skip_space(p, e);
    if (p == e) return fail(p, p == b ? reason_empty : reason_blank);

    bool negative = false;
    bool paren = false;
    const char* no_digit = reason_start;
    if (*p == '-') {
        negative = true;
        p = skip_space(p + 1, e);
        no_digit = reason_sign;
    } else if (*p == '+') {
        p = skip_space(p + 1, e);
        no_digit = reason_sign;
    } else if (*p == 0xE2 && e - p >= 3 && p[1] == 0x88 && p[2] == 0x92) {  // U+2212
        negative = true;
        p = skip_space(p + 3, e);
        no_digit = reason_sign;
    } else if (*p == '(') {
        negative = true;
        paren = true;
        ++p;
        no_digit = reason_paren_digit;
    }
    if (p == e || !is_digit(*p)) return fail(p, no_digit);

    const byte* const first = p;
    do {
        if (!acc.push(*p - '0')) return too_many_digits(p);
        ++p;
    } while (p < e && is_digit(*p));
    const std::ptrdiff_t first_group = p - first;

    Sep kind = Sep::none;
    while (p < e) {
        int length;
        const Sep s = separator_at(p, e, sv, length);
        if (s == Sep::none) break;
        const byte* const g = p + length;
        if (g == e || !is_digit(*g)) {
            // A space that no digit follows ends the number ("12 kr"); a dot
            // or comma there is a separator missing its group ("7.").
            if (s != Sep::dot && s != Sep::comma) break;
            return fail(p, group_reason(s));
        }
        if (kind == Sep::none) {
            if (first_group > 3) return fail(p, reason_first_group);
            kind = s;
        } else if (s != kind) {
            return fail(p, reason_mixed);
        }
        if (e - g < 3 || !is_digit(g[1]) || !is_digit(g[2]) || (e - g > 3 && is_digit(g[3])))
            return fail(p, group_reason(s));
        for (int i = 0; i < 3; ++i)
            if (!acc.push(g[i] - '0')) return too_many_digits(g + i);
        p = g + 3;
    }

    int scale = 0;
    if (p < e && *p == (sv ? ',' : '.')) {
        ++p;
        if (p == e || !is_digit(*p)) return fail(p, reason_fraction);
        do {
            if (++scale > Decimal::max_scale) return fail(p, reason_scale, Errc::scale);
            if (!acc.push(*p - '0')) return too_many_digits(p);
            ++p;
        } while (p < e && is_digit(*p));
    }

    n.magnitude = acc.value;
    n.scale = scale;
    n.negative = negative;
    n.paren = paren;
    n.stop = p;
    return Step::ok;
}

ParseResult failed(const Failure& f) noexcept {
    ParseResult r;
    r.code = f.code;
    r.position = f.position;
    r.reason = f.reason;
    return r;
}

ParseResult failed(const byte* b, const byte* at, const char* reason,
                   Errc code = Errc::parse) noexcept {
    return failed(Failure{static_cast<std::size_t>(at - b), reason, code});
}

ParseResult succeeded(const Number& n, int scale_shift = 0) noexcept {
    // The mantissa has at most 38 digits: read_core saw to that.
    const auto m = static_cast<int128_t>(n.magnitude);
    ParseResult r;
    r.value = Decimal::raw(n.negative ? -m : m, n.scale - scale_shift);
    return r;
}

// Reads the number with one profile and hands it to `tail`, which checks
// what follows the digits and makes the result.
template <class Tail>
ParseResult read_profile(std::string_view text, bool sv, Tail&& tail) noexcept {
    const auto* const b = reinterpret_cast<const byte*>(text.data());
    const byte* const e = b + text.size();
    Number n;
    Failure f;
    Step s = read_core<Narrow>(b, e, sv, n, f);
    if (s == Step::widen) s = read_core<Wide>(b, e, sv, n, f);
    if (s == Step::fail) return failed(f);
    return tail(b, e, n);
}

// A plain number: only a closing parenthesis and white space may follow.
ParseResult plain_tail(const byte* b, const byte* e, const Number& n) noexcept {
    const byte* p = n.stop;
    if (n.paren) {
        if (p == e || *p != ')') return failed(b, p, reason_close);
        ++p;
    }
    p = skip_space(p, e);
    if (p != e) return failed(b, p, reason_trailing);
    return succeeded(n);
}

struct Word {
    const char* text;
    std::size_t length;
    int exponent;  // units only: kronor = value * 10^exponent
};

constexpr Word unit_words[] = {{"mnkr", 4, 6}, {"mkr", 3, 6}, {"tkr", 3, 3}, {"kr", 2, 0}};
constexpr Word percent_words[] = {{"%", 1, 0}, {"procent", 7, 0}};

// A byte that may continue a word (ASCII letters and anything non-ASCII,
// such as the "ä" of a longer Swedish word).
constexpr bool word_byte(byte c) noexcept {
    return c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

template <std::size_t N>
const Word* match_word(const byte* p, const byte* e, const Word (&words)[N]) noexcept {
    for (const Word& w : words) {
        if (static_cast<std::size_t>(e - p) >= w.length && std::memcmp(p, w.text, w.length) == 0 &&
            (p + w.length == e || !word_byte(p[w.length])))
            return &w;
    }
    return nullptr;
}

// A number followed by a word: "1 234 tkr", "(1 234) tkr", "(1 234 tkr)",
// "85,8 procent", "7,0%". `optional` says whether the word may be missing.
template <std::size_t N>
ParseResult word_tail(const byte* b, const byte* e, const Number& n, const Word (&words)[N],
                      bool optional, const char* reason) noexcept {
    const byte* p = n.stop;
    bool closed = !n.paren;
    if (!closed && p < e && *p == ')') {
        ++p;
        closed = true;
    }
    p = skip_space(p, e);
    const Word* word = nullptr;
    const byte* const word_at = p;
    if (p != e && !(!closed && *p == ')')) {
        word = match_word(p, e, words);
        if (word == nullptr) return failed(b, p, reason);
        p = skip_space(p + word->length, e);
    } else if (!optional) {
        return failed(b, p, reason);
    }
    if (!closed) {
        if (p == e || *p != ')') return failed(b, p, reason_close);
        p = skip_space(p + 1, e);
    }
    if (p != e) return failed(b, p, reason_trailing);
    if (word == nullptr || word->exponent <= n.scale)
        return succeeded(n, word ? word->exponent : 0);
    // "2 mkr": the mantissa grows instead of the scale going negative.
    const int grow = word->exponent - n.scale;
    const auto limit = static_cast<uint128_t>(detail::pow10(Decimal::max_digits - grow));
    if (n.magnitude >= limit) return failed(b, word_at, reason_unit_overflow, Errc::overflow);
    Number scaled = n;
    scaled.magnitude = n.magnitude * static_cast<uint128_t>(detail::pow10(grow));
    scaled.scale = 0;
    return succeeded(scaled);
}

// Locale::automatic over any reader: `read(sv)` reads with one profile.
template <class Read>
ParseResult read_automatic(std::string_view text, Read&& read) noexcept {
    const std::size_t mark = text.find_first_of(".,");
    ParseResult sv = read(true);
    // Without '.' or ',' the two profiles are the same grammar.
    if (mark == std::string_view::npos) return sv;
    ParseResult c = read(false);
    if (sv && c) {
        if (sv.value == c.value) return c.value.scale() > sv.value.scale() ? c : sv;
        ParseResult r;
        r.code = Errc::ambiguous;
        r.position = mark;
        r.reason = text[mark] == '.' ? reason_ambiguous_dot : reason_ambiguous_comma;
        return r;
    }
    if (sv) return sv;
    if (c) return c;
    return c.position > sv.position ? c : sv;
}

template <class Read>
ParseResult read_locale(std::string_view text, Locale locale, Read&& read) noexcept {
    switch (locale) {
        case Locale::sv_SE:
            return read(true);
        case Locale::c:
            return read(false);
        case Locale::automatic:
            return read_automatic(text, read);
    }
    ParseResult r;
    r.code = Errc::invalid;
    r.reason = reason_locale;
    return r;
}

// Kept out of try_parse so that the fast path stays small.
[[gnu::noinline]] ParseResult try_parse_general(std::string_view text, Locale locale) noexcept {
    return read_locale(text, locale,
                       [text](bool sv) { return read_profile(text, sv, plain_tail); });
}

ParseResult try_parse_amount(std::string_view text, Locale locale) noexcept {
    return read_locale(text, locale, [text](bool sv) {
        return read_profile(text, sv, [](const byte* b, const byte* e, const Number& n) {
            return word_tail(b, e, n, unit_words, true, reason_unit);
        });
    });
}

ParseResult try_parse_percent(std::string_view text, Locale locale) noexcept {
    return read_locale(text, locale, [text](bool sv) {
        return read_profile(text, sv, [](const byte* b, const byte* e, const Number& n) {
            return word_tail(b, e, n, percent_words, false, reason_percent);
        });
    });
}

// What the fast paths read: at most 19 digits.
struct Fast {
    std::uint64_t magnitude;
    int scale;
    bool negative;
};

// The digit groups after a first group of `digits` digits, from p (a
// separator) to the decimal mark or the end; false for anything else.
template <bool SV>
inline bool read_groups(const byte*& p, const byte* const e, std::uint64_t& v,
                        int& digits) noexcept {
    constexpr byte mark = SV ? ',' : '.';
    int length;
    const Sep kind = separator_at(p, e, SV, length);
    if (kind == Sep::none || digits > 3) return false;
    for (;;) {
        const byte* const g = p + length;
        if (e - g < 3 || !is_digit(g[0]) || !is_digit(g[1]) || !is_digit(g[2])) return false;
        v = v * 1000 + static_cast<unsigned>(g[0] - '0') * 100 +
            static_cast<unsigned>(g[1] - '0') * 10 + static_cast<unsigned>(g[2] - '0');
        digits += 3;
        p = g + 3;
        if (p == e || *p == mark) return true;
        int next_length;
        if (separator_at(p, e, SV, next_length) != kind) return false;
    }
}

// The common case, scalar: [-] digits [groups] [mark digits], at most 19
// digits and nothing around them. Anything else (white space, other signs,
// parentheses, longer numbers and every error) returns false and goes to
// read_core, which is the reference: the fast paths only ever accept what
// read_core reads the same way, and never refuse.
template <bool SV>
inline bool read_fast_scalar(const byte* p, const byte* const e, Fast& out) noexcept {
    constexpr byte mark = SV ? ',' : '.';
    if (p == e) return false;
    const bool negative = *p == '-';
    p += negative;
    const byte* const start = p;
    std::uint64_t v = 0;  // may wrap past 19 digits, which are then refused
    while (p < e && is_digit(*p)) {
        v = v * 10 + static_cast<unsigned>(*p - '0');
        ++p;
    }
    if (p - start > 19) return false;
    int digits = static_cast<int>(p - start);
    if (digits == 0) return false;
    if (p < e && *p != mark && !read_groups<SV>(p, e, v, digits)) return false;
    int scale = 0;
    if (p < e) {  // at the mark
        const byte* const f = ++p;
        while (p < e && is_digit(*p)) {
            v = v * 10 + static_cast<unsigned>(*p - '0');
            ++p;
        }
        if (p == f || p != e || p - f > 19) return false;
        scale = static_cast<int>(p - f);
    }
    if (digits + scale > 19) return false;
    out.magnitude = v;
    out.scale = scale;
    out.negative = negative;
    return true;
}

// The 8 bytes from p on, as a little-endian word; bytes past the end read as
// 0, which is not a digit. Needs a text of at least 8 bytes ending at e, so
// that the load stays inside it.
inline std::uint64_t load8(const byte* p, const byte* e) noexcept {
    std::uint64_t w;
    const std::ptrdiff_t left = e - p;
    if (left >= 8) {
        std::memcpy(&w, p, 8);
        return w;
    }
    if (left <= 0) return 0;
    std::memcpy(&w, e - 8, 8);
    return w >> (8 * (8 - left));
}

// The run of digits at p, up to 8 of them, without a branch per digit:
// returns its length and puts its value in v. 8 means "maybe longer".
inline int digit_run(const byte* p, const byte* e, std::uint64_t& v) noexcept {
    const std::uint64_t x = load8(p, e) ^ 0x3030303030303030u;
    // A byte of x is a digit's value when it is below 10: adding 0x76 to its
    // low seven bits sets the high bit otherwise, without carrying further.
    const std::uint64_t non_digits =
        (((x & 0x7F7F7F7F7F7F7F7Fu) + 0x7676767676767676u) | x) & 0x8080808080808080u;
    const int k = non_digits ? __builtin_ctzll(non_digits) >> 3 : 8;
    if (k == 0) return 0;
    // The k digits to the top bytes, zeros below, then eight digits at once
    // (the SWAR conversion fast_float uses).
    std::uint64_t y = x << (8 * (8 - k));
    y = y * 10 + (y >> 8);
    y = (((y & 0x000000FF000000FFu) * 0x000F424000000064u) +
         (((y >> 16) & 0x000000FF000000FFu) * 0x0000271000000001u)) >>
        32;
    v = y;
    return k;
}

inline std::uint32_t load4(const byte* p) noexcept {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
}

// 0x80 in each byte of x (a little-endian word xored with '0's) that is not
// a digit.
constexpr std::uint32_t non_digit_bits4(std::uint32_t x) noexcept {
    return (((x & 0x7F7F7F7Fu) + 0x76767676u) | x) & 0x80808080u;
}

// The value of the three digits in the low bytes of x (xored with '0's), two
// digits at a time: [0 d0 d1 d2] -> [d0, d1 d2] -> d0 d1 d2.
constexpr std::uint32_t three_digits(std::uint32_t x) noexcept {
    std::uint32_t y = x << 8;
    y = (y * 10 + (y >> 8)) & 0x00FF00FFu;
    return (y * 0x00640001u) >> 16;
}

// The groups after a first group, for a separator of `Length` bytes whose
// first byte is s0.
template <bool SV, int Length>
inline bool read_groups_of(const byte*& p, const byte* const e, std::uint64_t& v, int& digits,
                           const byte s0) noexcept {
    constexpr byte mark = SV ? ',' : '.';
    for (;;) {
        const byte* const g = p + Length;
        const std::ptrdiff_t left = e - g;
        if (left < 3) return false;
        // At the very end the word is taken a byte earlier, so its top byte
        // is 0: not a digit, as the byte after a group must be.
        const std::uint32_t x = (left >= 4 ? load4(g) : load4(g - 1) >> 8) ^ 0x30303030u;
        if (non_digit_bits4(x) != 0x80000000u) return false;
        v = v * 1000 + three_digits(x);
        digits += 3;
        p = g + 3;
        if (left == 3) return true;
        const auto next = static_cast<byte>((x >> 24) ^ 0x30u);
        if (next == mark) return true;
        if (next != s0) return false;
        if constexpr (Length == 2) {
            if (left < 5 || p[1] != 0xA0) return false;
        } else if constexpr (Length == 3) {
            if (left < 6 || p[1] != 0x80 || p[2] != 0xAF) return false;
        }
    }
}

// read_groups for texts of 8 bytes or more: the separator's length is fixed
// once, and each group and the byte after it are checked in one word.
template <bool SV>
inline bool read_groups_wide(const byte*& p, const byte* const e, std::uint64_t& v,
                             int& digits) noexcept {
    if (digits > 3) return false;
    const byte s0 = p[0];
    if (s0 == 0xC2) {
        if (e - p < 2 || p[1] != 0xA0) return false;
        return read_groups_of<SV, 2>(p, e, v, digits, s0);
    }
    if (s0 == ' ' || s0 == (SV ? '.' : ',')) return read_groups_of<SV, 1>(p, e, v, digits, s0);
    if (s0 == 0xE2) {
        if (e - p < 3 || p[1] != 0x80 || p[2] != 0xAF) return false;
        return read_groups_of<SV, 3>(p, e, v, digits, s0);
    }
    return false;
}

// The grammar of read_fast_scalar for texts of 8 bytes or more, which can be
// read a word at a time: the digits before the first separator, whose count
// no branch predictor guesses, without a branch per digit, and each group in
// one word. Whatever it does not settle goes to read_fast_scalar.
template <bool SV>
inline bool read_fast(const byte* const b, const byte* const e, Fast& out) noexcept {
    constexpr byte mark = SV ? ',' : '.';
    if (e - b < 8) return read_fast_scalar<SV>(b, e, out);
    const byte* p = b;
    const bool negative = *p == '-';
    p += negative;
    std::uint64_t v = 0;
    int run;
    // Swedish amounts are grouped, so most start with one to three digits:
    // four bytes settle it (they are in the text, which has at least eight).
    // C text is mostly ungrouped and goes straight to digit_run.
    const std::uint32_t x4 = load4(p) ^ 0x30303030u;
    const std::uint32_t nd4 = SV ? non_digit_bits4(x4) : 0;
    if (nd4 != 0) {
        run = __builtin_ctz(nd4) >> 3;
        if (run == 0) return false;
        std::uint32_t y = x4 << (8 * (4 - run));
        y = (y * 10 + (y >> 8)) & 0x00FF00FFu;
        v = (y * 0x00640001u) >> 16;
    } else {
        run = digit_run(p, e, v);
        if (run == 0) return false;
        if (run == 8) return read_fast_scalar<SV>(b, e, out);
    }
    p += run;
    int digits = run;
    if (p < e && *p != mark && !read_groups_wide<SV>(p, e, v, digits)) return false;
    int scale = 0;
    if (p < e) {  // at the mark
        // The decimals run to the end, and a column has the same number
        // of them in every row: a plain loop predicts well here.
        ++p;
        if (e - p == 0 || e - p > 19) return false;
        scale = static_cast<int>(e - p);
        for (; p < e; ++p) {
            const unsigned d = static_cast<unsigned>(*p - '0');
            if (d > 9) return false;
            v = v * 10 + d;
        }
    }
    if (digits + scale > 19) return false;
    out.magnitude = v;
    out.scale = scale;
    out.negative = negative;
    return true;
}

// --- messages -----------------------------------------------------------------

// The length of the valid UTF-8 sequence at p, 0 when there is none.
std::size_t utf8_length(const byte* p, const byte* e) noexcept {
    const byte c = *p;
    if (c < 0x80) return 1;
    std::size_t k;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        k = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        k = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        k = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (static_cast<std::size_t>(e - p) < k) return 0;
    for (std::size_t i = 1; i < k; ++i) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    const bool overlong = (k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return k;
}

// The text in double quotes, as valid UTF-8 whatever the input: control
// characters, quotes, backslashes and broken UTF-8 are escaped. A long text
// is cut to a window around the failing position, marked with "…".
std::string quoted(std::string_view text, std::size_t position) {
    constexpr std::size_t window = 60;
    const auto* const b = reinterpret_cast<const byte*>(text.data());
    const byte* const e = b + text.size();
    const byte* from = b;
    const byte* to = e;
    if (text.size() > window) {
        const std::size_t start = position > window / 2 ? position - window / 2 : 0;
        from = b + (start < text.size() ? start : text.size());
        while (from > b && (*from & 0xC0) == 0x80)
            --from;
        to = from + window < e ? from + window : e;
        while (to < e && (*to & 0xC0) == 0x80)
            ++to;
    }
    std::string q = "\"";
    if (from > b) q += "\xE2\x80\xA6";
    static constexpr char hex[] = "0123456789abcdef";
    for (const byte* p = from; p < to;) {
        const byte c = *p;
        const std::size_t k = utf8_length(p, e);
        if (c == '"' || c == '\\') {
            q += '\\';
            q += static_cast<char>(c);
        } else if (k == 0 || c < 0x20 || c == 0x7F) {
            q += "\\x";
            q += hex[c >> 4];
            q += hex[c & 15];
        } else {
            q.append(reinterpret_cast<const char*>(p), k);
            p += k;
            continue;
        }
        ++p;
    }
    if (to < e) q += "\xE2\x80\xA6";
    q += '"';
    if (from > b || to < e) q += " (" + std::to_string(text.size()) + " bytes)";
    return q;
}

// "an sv-SE amount", "a C percentage", "an sv-SE or C amount".
std::string profile_phrase(Locale locale, const char* noun) {
    switch (locale) {
        case Locale::sv_SE:
            return std::string("an sv-SE ") + noun;
        case Locale::c:
            return std::string("a C ") + noun;
        case Locale::automatic:
            return std::string("an sv-SE or C ") + noun;
    }
    return std::string("an ") + noun + " in locale " + std::to_string(static_cast<int>(locale));
}

std::string describe(std::string_view text, Locale locale, const ParseResult& failure,
                     const char* noun, const ParseResult& sv_reading,
                     const ParseResult& c_reading) {
    std::string m =
        "cannot read " + quoted(text, failure.position) + " as " + profile_phrase(locale, noun);
    if (failure.code == Errc::ok) return m + ": there was no error";
    const char* reason = failure.reason ? failure.reason : "the reason is unknown";
    if (failure.code == Errc::invalid) return m + ": " + reason + ".";
    if (failure.code == Errc::ambiguous && sv_reading && c_reading)
        return m + ": it reads two ways, as " + sv_reading.value.to_string() + " in sv-SE and as " +
               c_reading.value.to_string() + " in C (" + reason + "); choose the profile.";
    return m + ": at byte offset " + std::to_string(failure.position) + ", " + reason + ".";
}

// --- writing --------------------------------------------------------------------

constexpr char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

constexpr std::uint64_t pow10_u64(int k) noexcept {
    std::uint64_t p = 1;
    for (int i = 0; i < k; ++i)
        p *= 10;
    return p;
}

// The digits of x, written backwards ending at `end`; returns the first.
inline char* write_u64(char* end, std::uint64_t x) noexcept {
    while (x >= 100) {
        const auto r = static_cast<unsigned>(x % 100);
        x /= 100;
        end -= 2;
        std::memcpy(end, digit_pairs + 2 * r, 2);
    }
    if (x >= 10) {
        end -= 2;
        std::memcpy(end, digit_pairs + 2 * x, 2);
    } else {
        *--end = static_cast<char>('0' + x);
    }
    return end;
}

inline char* write_u128(char* end, uint128_t x) noexcept {
    if ((x >> 64) == 0) return write_u64(end, static_cast<std::uint64_t>(x));
    // x < 10^38, so the high part has at most 19 digits.
    constexpr std::uint64_t p19 = pow10_u64(19);
    const auto low = static_cast<std::uint64_t>(x % p19);
    char* const low_start = end - 19;
    char* p = write_u64(end, low);
    while (p > low_start)
        *--p = '0';
    return write_u64(low_start, static_cast<std::uint64_t>(x / p19));
}

// |value| with k fewer digits, rounded by `mode` from the exact value.
uint128_t drop_digits(uint128_t u, int k, bool negative, Rounding mode) noexcept {
    uint128_t q, r, p;
    if (k <= 19 && (u >> 64) == 0) {
        const std::uint64_t p64 = pow10_u64(k);
        const auto u64 = static_cast<std::uint64_t>(u);
        q = u64 / p64;
        r = u64 % p64;
        p = p64;
    } else {
        p = static_cast<uint128_t>(detail::pow10(k));
        q = u / p;
        r = u % p;
    }
    if (r == 0) return q;
    bool away = false;
    switch (mode) {
        case Rounding::down:
            away = false;
            break;
        case Rounding::up:
            away = true;
            break;
        case Rounding::floor:
            away = negative;
            break;
        case Rounding::ceiling:
            away = !negative;
            break;
        case Rounding::half_up:
            away = r >= p - r;
            break;
        case Rounding::half_down:
            away = r > p - r;
            break;
        case Rounding::half_even:
            away = r > p - r || (r == p - r && (q & 1) != 0);
            break;
    }
    return q + (away ? 1 : 0);
}

enum class Suffix { none, percent, points };

const char* unit_name(Unit unit) noexcept {
    switch (unit) {
        case Unit::kr:
            return "kr";
        case Unit::tkr:
            return "tkr";
        case Unit::mnkr:
            return "mnkr";
    }
    return "?";
}

[[noreturn]] void refuse_spec(const char* field, int value, const char* range) {
    throw Error(Errc::invalid, std::string("format: FormatSpec.") + field + " " +
                                   std::to_string(value) + " is " + range);
}

// The checks cost a handful of compares on every value; the messages are
// built only on the way out.
void check_spec(const FormatSpec& spec, Suffix suffix) {
    if (spec.locale == Locale::automatic)
        throw Error(Errc::invalid,
                    "format: FormatSpec.locale is automatic, which is for reading only; write with "
                    "sv_SE or c");
    if (spec.locale != Locale::sv_SE && spec.locale != Locale::c)
        refuse_spec("locale", static_cast<int>(spec.locale), "not a locale (0 c, 1 sv_SE)");
    if (spec.decimals < -1 || spec.decimals > Decimal::max_scale)
        refuse_spec("decimals", spec.decimals, "outside -1..28 (-1 keeps the value's own scale)");
    if (spec.rounding && !detail::valid_rounding(*spec.rounding))
        refuse_spec(
            "rounding", static_cast<int>(*spec.rounding),
            "not a rounding mode (0..6: half_up, half_even, half_down, down, up, floor, ceiling)");
    if (spec.unit != Unit::kr && spec.unit != Unit::tkr && spec.unit != Unit::mnkr)
        refuse_spec("unit", static_cast<int>(spec.unit), "not a unit (0 kr, 3 tkr, 6 mnkr)");
    if (suffix != Suffix::none && spec.unit != Unit::kr)
        throw Error(Errc::invalid, std::string("format: FormatSpec.unit is ") +
                                       unit_name(spec.unit) +
                                       ", but a percentage has no unit (use kr)");
    if (static_cast<unsigned>(spec.grouping) > 2u)
        refuse_spec("grouping", static_cast<int>(spec.grouping),
                    "not a grouping (0 standard, 1 ascii_space, 2 none)");
    if (static_cast<unsigned>(spec.minus) > 1u)
        refuse_spec("minus", static_cast<int>(spec.minus),
                    "not a minus sign (0 hyphen, 1 unicode)");
}

[[noreturn]] void refuse_rounding(const Decimal& value, const FormatSpec& spec, int scale,
                                  int decimals) {
    std::string m = "format: showing " + value.to_string();
    if (spec.unit != Unit::kr) m += std::string(" in ") + unit_name(spec.unit);
    if (spec.decimals < 0)
        m += " needs " + std::to_string(scale) + " decimals, more than the 28 kalkyl writes,";
    else
        m += " with " + std::to_string(decimals) + " decimals drops digits;";
    throw Error(
        Errc::invalid,
        m + " so name a rounding mode in FormatSpec.rounding (kalkyl never rounds unasked)");
}

void write(std::string& out, const Decimal& value, const FormatSpec& spec, Suffix suffix) {
    check_spec(spec, suffix);
    const bool sv = spec.locale == Locale::sv_SE;
    const int128_t m = value.mantissa();
    const bool below_zero = m < 0;
    uint128_t u = below_zero ? uint128_t(0) - static_cast<uint128_t>(m) : static_cast<uint128_t>(m);

    // Dividing by 10^unit only moves the decimal mark, so the one rounding
    // below starts from the exact value.
    const int scale = value.scale() + static_cast<int>(spec.unit);
    int decimals = spec.decimals;
    if (decimals < 0) decimals = scale <= Decimal::max_scale ? scale : Decimal::max_scale;
    if (decimals < scale) {
        if (!spec.rounding) refuse_rounding(value, spec, scale, decimals);
        u = drop_digits(u, scale - decimals, below_zero, *spec.rounding);
    } else if (decimals > scale && u != 0) {
        // Padding must stay within 38 digits, or the text would not read back.
        const int pad = decimals - scale;
        if (u >= static_cast<uint128_t>(detail::pow10(Decimal::max_digits - pad)))
            throw Error(Errc::overflow, "format: " + value.to_string() + " with " +
                                            std::to_string(decimals) +
                                            " decimals needs more than 38 digits");
        u *= static_cast<uint128_t>(detail::pow10(pad));
    }
    const bool negative = below_zero && u != 0;
    const bool plus = spec.explicit_plus && !below_zero && u != 0;

    char digits[48];
    char* const digits_end = digits + sizeof digits;
    char* d = write_u128(digits_end, u);
    while (digits_end - d < decimals + 1)
        *--d = '0';
    const int count = static_cast<int>(digits_end - d);
    const int integer_digits = count - decimals;

    // Sign, 38 digits, 12 group separators of 2 bytes, mark, suffix, ')'.
    char buf[128];
    char* w = buf;
    if (negative) {
        if (spec.parentheses) {
            *w++ = '(';
        } else if (spec.minus == MinusSign::unicode) {
            std::memcpy(w, "\xE2\x88\x92", 3);
            w += 3;
        } else {
            *w++ = '-';
        }
    } else if (plus) {
        *w++ = '+';
    }
    if (integer_digits >= 4 && spec.grouping != Grouping::none) {
        const char* sep = spec.grouping == Grouping::ascii_space ? " " : (sv ? "\xC2\xA0" : ",");
        const std::size_t sep_length = spec.grouping == Grouping::standard && sv ? 2 : 1;
        int head = integer_digits % 3;
        if (head == 0) head = 3;
        std::memcpy(w, d, static_cast<std::size_t>(head));
        w += head;
        d += head;
        for (int i = head; i < integer_digits; i += 3) {
            std::memcpy(w, sep, sep_length);
            w += sep_length;
            std::memcpy(w, d, 3);
            w += 3;
            d += 3;
        }
    } else {
        std::memcpy(w, d, static_cast<std::size_t>(integer_digits));
        w += integer_digits;
        d += integer_digits;
    }
    if (decimals > 0) {
        *w++ = sv ? ',' : '.';
        std::memcpy(w, d, static_cast<std::size_t>(decimals));
        w += decimals;
    }
    if (suffix != Suffix::none) {
        // Swedish keeps number and unit together with a no-break space,
        // unless the caller asked for ASCII spaces only.
        const bool ascii = !sv || spec.grouping == Grouping::ascii_space;
        const char* space = ascii ? " " : "\xC2\xA0";
        const std::size_t space_length = ascii ? 1 : 2;
        const bool one = u == 1 && decimals == 0;
        const char* word = nullptr;
        if (suffix == Suffix::percent) {
            if (sv) {
                std::memcpy(w, space, space_length);
                w += space_length;
            }
            word = "%";
        } else {
            std::memcpy(w, space, space_length);
            w += space_length;
            word = sv ? (one ? "procentenhet" : "procentenheter")
                      : (one ? "percentage point" : "percentage points");
        }
        const std::size_t word_length = std::strlen(word);
        std::memcpy(w, word, word_length);
        w += word_length;
    }
    if (negative && spec.parentheses) *w++ = ')';
    out.append(buf, static_cast<std::size_t>(w - buf));
}

}  // namespace

ParseResult try_parse(std::string_view text, Locale locale) noexcept {
    const auto* const b = reinterpret_cast<const byte*>(text.data());
    const byte* const e = b + text.size();
    Fast f;
    if (__builtin_expect(locale == Locale::sv_SE
                             ? read_fast<true>(b, e, f)
                             : (locale == Locale::c && read_fast<false>(b, e, f)),
                         1)) {
        const auto m = static_cast<int128_t>(f.magnitude);
        ParseResult r;
        r.value = Decimal::raw(f.negative ? -m : m, f.scale);
        return r;
    }
    return try_parse_general(text, locale);
}

std::string describe_parse_error(std::string_view text, Locale locale, const ParseResult& failure) {
    ParseResult sv, c;
    if (failure.code == Errc::ambiguous) {
        sv = try_parse(text, Locale::sv_SE);
        c = try_parse(text, Locale::c);
    }
    return describe(text, locale, failure, "amount", sv, c);
}

Decimal parse(std::string_view text, Locale locale) {
    const ParseResult r = try_parse(text, locale);
    if (!r) throw Error(r.code, describe_parse_error(text, locale, r));
    return r.value;
}

Decimal parse_amount(std::string_view text, Locale locale) {
    const ParseResult r = try_parse_amount(text, locale);
    if (r) return r.value;
    ParseResult sv, c;
    if (r.code == Errc::ambiguous) {
        sv = try_parse_amount(text, Locale::sv_SE);
        c = try_parse_amount(text, Locale::c);
    }
    throw Error(r.code, describe(text, locale, r, "amount", sv, c));
}

Percent parse_percent(std::string_view text, Locale locale) {
    const ParseResult r = try_parse_percent(text, locale);
    if (r) return Percent(r.value);
    ParseResult sv, c;
    if (r.code == Errc::ambiguous) {
        sv = try_parse_percent(text, Locale::sv_SE);
        c = try_parse_percent(text, Locale::c);
    }
    throw Error(r.code, describe(text, locale, r, "percentage", sv, c));
}

void format_append(std::string& out, const Decimal& value, const FormatSpec& spec) {
    write(out, value, spec, Suffix::none);
}

std::string format(const Decimal& value, const FormatSpec& spec) {
    std::string out;
    write(out, value, spec, Suffix::none);
    return out;
}

std::string format(const Percent& value, const FormatSpec& spec) {
    std::string out;
    write(out, value.value(), spec, Suffix::percent);
    return out;
}

std::string format(const PercentagePoints& value, const FormatSpec& spec) {
    std::string out;
    write(out, value.value(), spec, Suffix::points);
    return out;
}

namespace detail {
std::string quote_for_message(std::string_view text, std::size_t position) {
    return quoted(text, position);
}
}  // namespace detail

}  // namespace kalkyl
