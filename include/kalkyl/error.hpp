// kalkyl/error.hpp: the one error type of the C++ API.
//
// Every failing kalkyl operation throws kalkyl::Error. Its code is the same
// number the C ABI returns as kalkyl_status (capi/kalkyl.h), so a failure
// reads the same from C++, C and Python. The message says what was wrong and
// where, in words a controller understands. Not for: warnings or findings
// about published tables (those are values, see checks.hpp).
#pragma once

#include <stdexcept>
#include <string>

namespace kalkyl {

// Numbering fixed by the C ABI (kalkyl_status); never renumber.
enum class Errc : int {
    ok = 0,
    null_argument = 1,  // a required pointer was NULL (C ABI only)
    parse = 2,          // text that is not a number in the chosen profile
    ambiguous = 3,      // text that reads as two different numbers
    overflow = 4,       // a result that needs more than 38 digits
    division_by_zero = 5,
    scale = 6,    // a scale outside 0..28, or a result that needs more than 28 decimals
    buffer = 7,   // a caller's buffer too small (C ABI only)
    invalid = 8,  // an argument outside its documented range
    no_memory = 9,
    internal = 10,
};

// The stable English name of a code ("overflow"), as kalkyl_status_name.
const char* errc_name(Errc code) noexcept;

class Error : public std::runtime_error {
  public:
    Error(Errc code, const std::string& message) : std::runtime_error(message), code_(code) {}
    Errc code() const noexcept { return code_; }

  private:
    Errc code_;
};

}  // namespace kalkyl
