// kalkyl/rounding.hpp: the rounding modes.
//
// Every operation that can lose digits takes one of these, named at the call
// site: kalkyl has no default rounding. The numbering is the C ABI's
// (kalkyl_rounding). "Away from zero" and "toward zero" refer to the
// magnitude, so negative amounts round symmetrically with positive ones
// except under floor and ceiling.
#pragma once

namespace kalkyl {

enum class Rounding : int {
    half_up =
        0,  // ties away from zero: 2,5 -> 3, -2,5 -> -3 (Swedish practice, spreadsheets' ROUND)
    half_even =
        1,  // ties to the even digit: 2,5 -> 2, 3,5 -> 4 (banker's rounding, IEEE 754 default)
    half_down = 2,  // ties toward zero: 2,5 -> 2, -2,5 -> -2
    down = 3,       // toward zero (truncate): 2,9 -> 2, -2,9 -> -2
    up = 4,         // away from zero: 2,1 -> 3, -2,1 -> -3
    floor = 5,      // toward minus infinity: 2,9 -> 2, -2,1 -> -3
    ceiling = 6,    // toward plus infinity: 2,1 -> 3, -2,9 -> -2
};

inline constexpr int rounding_mode_count = 7;

// The stable name of a mode ("half_up"), as used in docs, CLI and Python.
const char* rounding_name(Rounding mode) noexcept;

}  // namespace kalkyl
