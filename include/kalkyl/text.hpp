// kalkyl/text.hpp: amounts as people and reports write them.
//
// Two profiles. sv-SE reads what Swedish reports print: "61 173", "178.503"
// (a dot is only ever a thousands separator), "-23,5", "- 196,6", "−4"
// (U+2212), no-break (U+00A0) and narrow no-break (U+202F) spaces between
// digit groups, "(1 234)" for a negative. C reads "-1234.5" and "1,234.5".
// Parsing is strict: an input that is not a number in the profile is an
// error that names the position and the reason; an input that reads two
// ways (only possible with Locale::automatic) is Errc::ambiguous, never a
// guess. Parsing keeps the written scale: "1,50" has scale 2.
//
// Formatting chooses decimals (dropping digits needs a named rounding mode),
// the unit (kr, tkr, mnkr), digit grouping, the minus sign, parentheses and
// an explicit plus. parse(format(v)) == v whenever no digits were dropped.
//
// Not for: the arithmetic (decimal.hpp) or the meaning of percentages
// (percent.hpp defines the types this header formats).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "kalkyl/decimal.hpp"
#include "kalkyl/percent.hpp"

namespace kalkyl {

// Numbering fixed by the C ABI (kalkyl_locale).
enum class Locale : int {
    c = 0,      // '.' decimal mark, ',' digit groups: "-1,234.5"
    sv_SE = 1,  // ',' decimal mark, spaces or '.' digit groups: "−1 234,5"
    // Reading only: either profile, for text whose origin is unknown. A text
    // that both profiles read, as different numbers, is Errc::ambiguous
    // ("1.234", "1,234"); a text that only one reads is read by that one.
    automatic = 2,
};

// The outcome of try_parse. On failure `value` is zero, `position` is the
// byte offset in the text where reading stopped and `reason` a static
// English sentence saying why.
struct ParseResult {
    Decimal value;
    Errc code = Errc::ok;
    std::size_t position = 0;
    const char* reason = nullptr;
    explicit operator bool() const noexcept { return code == Errc::ok; }
};

// Reads one number. Leading and trailing white space (ASCII, U+00A0, U+202F)
// is allowed; nothing else around the number is. Never throws.
ParseResult try_parse(std::string_view text, Locale locale) noexcept;

// The same, throwing Error(parse | ambiguous | overflow | scale) with a
// message that quotes the text and names the position and the reason.
Decimal parse(std::string_view text, Locale locale);

// The message parse() throws for a failed result, for callers (the C ABI,
// batch readers) that report the failure themselves.
std::string describe_parse_error(std::string_view text, Locale locale, const ParseResult& failure);

// Amount units: the exponent of ten by which kronor are divided for display.
enum class Unit : int { kr = 0, tkr = 3, mnkr = 6 };

enum class Grouping : int {
    standard = 0,     // sv-SE: U+00A0 (no-break space); C: ','
    ascii_space = 1,  // U+0020
    none = 2,
};

enum class MinusSign : int {
    hyphen = 0,   // '-' (U+002D): what spreadsheets read back
    unicode = 1,  // '−' (U+2212): typographic minus
};

struct FormatSpec {
    Locale locale = Locale::sv_SE;  // sv_SE or c (automatic is for reading only)
    // Digits after the decimal mark; -1 keeps the value's own scale (after
    // the unit's division, which is exact).
    int decimals = -1;
    // Required when `decimals` drops digits: kalkyl has no default rounding.
    std::optional<Rounding> rounding;
    Unit unit = Unit::kr;  // the value is divided by 10^unit first
    // Digit groups of three from four integer digits on ("1 500", "61 173";
    // "500" stays as it is), as the reports print.
    Grouping grouping = Grouping::standard;
    MinusSign minus = MinusSign::hyphen;
    bool parentheses = false;    // negatives as "(1 234)"
    bool explicit_plus = false;  // positives as "+1 234"
};

// Throws Error(invalid) for a spec out of range or dropping digits without a
// rounding mode, Error(overflow) when the rounded value does not fit.
std::string format(const Decimal& value, const FormatSpec& spec);

// Appends to `out`, for writers of whole columns; on Error, `out` is as it was.
void format_append(std::string& out, const Decimal& value, const FormatSpec& spec);

// "0,8 %" (sv-SE, a no-break space before the sign) or "0.8%" (C). The
// spec's unit must be kr (a percentage has no unit).
std::string format(const Percent& value, const FormatSpec& spec);

// "1,1 procentenheter" (sv-SE) or "1.1 percentage points" (C).
std::string format(const PercentagePoints& value, const FormatSpec& spec);

// Reads an amount with an optional unit after it ("1 234 tkr", "-3,5 mnkr",
// "61 173 kr", "2 mkr") and returns it in kronor, exactly.
Decimal parse_amount(std::string_view text, Locale locale);

// Reads a percentage written with "%" or "procent" ("0,8 %", "85,8 procent",
// "7,0%"). The sv-SE profile refuses "7.0%", as it refuses "7.0".
Percent parse_percent(std::string_view text, Locale locale);

}  // namespace kalkyl
