// Private to the library: the arbitrary-precision slow path of Decimal.
// Everything here may change; nothing here is installed.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>

#include "kalkyl/decimal.hpp"

namespace kalkyl::detail {

using Wide = boost::multiprecision::cpp_int;

Wide to_wide(int128_t m);
int128_t from_wide(const Wide& w);  // w must fit 38 digits
Wide pow10_wide(int k);             // k in 0..79
bool wide_fits(const Wide& w);      // |w| < 10^38

// The exact value m * 10^-scale as a Decimal: trailing zeros are dropped only
// as far as needed to fit 38 digits and 28 decimals; Error(overflow) or
// Error(scale), naming `operation`, when it fits nowhere.
Decimal fit(Wide m, int scale, const char* operation);

}  // namespace kalkyl::detail
