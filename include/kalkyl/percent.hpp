// kalkyl/percent.hpp: percent and percentage points, kept apart.
//
// Reports mix them up ("ökade med 2 procent" for a share that went from 12 to
// 14 %). Here they are different types: a change of a Percent is a
// PercentagePoints, and neither converts silently to the other or to an
// amount. Both hold their figure in percent units (0,8 % holds 0,8).
//
// Not for: formatting (text.hpp) or computing shares of a whole (unit costs
// and checks do that and hand back these types).
#pragma once

#include "kalkyl/decimal.hpp"

namespace kalkyl {

class PercentagePoints;

class Percent {
  public:
    constexpr Percent() noexcept = default;
    // The figure in percent: Percent(Decimal(8, 1)) is 0,8 %.
    constexpr explicit Percent(const Decimal& percent) noexcept : value_(percent) {}

    // A ratio as a percentage, exactly: 0,008 -> 0,8 %.
    static Percent from_ratio(const Decimal& ratio) { return Percent(ratio * Decimal(100, 0)); }

    // part / whole as a percentage at `scale` decimals (of the percent
    // figure), rounded by `mode`: of(332, 387, 1, half_up) is 85,8 %.
    static Percent of(const Decimal& part, const Decimal& whole, int scale, Rounding mode) {
        return Percent(divide(part * Decimal(100, 0), whole, scale, mode));
    }

    constexpr const Decimal& value() const noexcept { return value_; }
    // The ratio, exactly: 0,8 % -> 0,008.
    Decimal ratio() const { return divide_exact_by_100(value_); }

    Percent round(int scale, Rounding mode) const { return Percent(value_.round(scale, mode)); }

    friend bool operator==(const Percent&, const Percent&) = default;
    friend auto operator<=>(const Percent&, const Percent&) = default;

  private:
    static Decimal divide_exact_by_100(const Decimal& v) {
        // Shifting the decimal mark is exact while the scale allows it
        // (Error(scale) past 28 decimals).
        const Decimal t = v.trimmed();
        return Decimal::from_mantissa(t.mantissa(), t.scale() + 2);
    }
    Decimal value_;
};

class PercentagePoints {
  public:
    constexpr PercentagePoints() noexcept = default;
    constexpr explicit PercentagePoints(const Decimal& points) noexcept : value_(points) {}
    constexpr const Decimal& value() const noexcept { return value_; }
    PercentagePoints round(int scale, Rounding mode) const {
        return PercentagePoints(value_.round(scale, mode));
    }
    friend bool operator==(const PercentagePoints&, const PercentagePoints&) = default;
    friend auto operator<=>(const PercentagePoints&, const PercentagePoints&) = default;

  private:
    Decimal value_;
};

// The change between two percentages is in percentage points, never percent.
inline PercentagePoints operator-(const Percent& a, const Percent& b) {
    return PercentagePoints(a.value() - b.value());
}

}  // namespace kalkyl
