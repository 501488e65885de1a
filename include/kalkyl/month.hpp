// kalkyl/month.hpp: a month of the budget year, 1..12, as a type.
//
// Follow-up figures are "through month m" (jan–aug is month 8). A Month can
// only hold 1..12: the constructor throws Error(invalid) for anything else,
// and in a constant expression an out-of-range month does not compile
// (`constexpr Month m{13};` is an error). Months are not integers: there is
// no arithmetic on them and no implicit conversion either way.
//
// Not for: calendar dates or fiscal years that do not start in January (the
// Swedish municipal budget year is the calendar year).
#pragma once

#include <array>
#include <compare>
#include <cstddef>

#include "kalkyl/decimal.hpp"

namespace kalkyl {

namespace detail {
// Throws Error(invalid) "month 13 is outside 1..12". Not constexpr on
// purpose: reaching it during constant evaluation is a compile error.
[[noreturn]] void throw_month(int month);
}  // namespace detail

class Month {
  public:
    static constexpr int count = 12;

    // Throws Error(invalid) unless 1 <= month <= 12.
    constexpr explicit Month(int month) : value_(month) {
        if (month < 1 || month > count) detail::throw_month(month);
    }

    constexpr int value() const noexcept { return value_; }
    // 0..11, for indexing a MonthlyAmounts.
    constexpr std::size_t index() const noexcept { return static_cast<std::size_t>(value_ - 1); }
    // The months left after this one in the year (0 for December).
    constexpr int remaining() const noexcept { return count - value_; }

    friend constexpr bool operator==(Month, Month) noexcept = default;
    friend constexpr auto operator<=>(Month, Month) noexcept = default;

    static const Month january, february, march, april, may, june, july, august, september, october,
        november, december;

  private:
    int value_;
};

inline constexpr Month Month::january{1};
inline constexpr Month Month::february{2};
inline constexpr Month Month::march{3};
inline constexpr Month Month::april{4};
inline constexpr Month Month::may{5};
inline constexpr Month Month::june{6};
inline constexpr Month Month::july{7};
inline constexpr Month Month::august{8};
inline constexpr Month Month::september{9};
inline constexpr Month Month::october{10};
inline constexpr Month Month::november{11};
inline constexpr Month Month::december{12};

// Twelve monthly amounts, January first.
using MonthlyAmounts = std::array<Decimal, Month::count>;

// January through `month`, exactly.
Decimal through(const MonthlyAmounts& months, Month month);

// The whole year, exactly.
Decimal year_total(const MonthlyAmounts& months);

}  // namespace kalkyl
