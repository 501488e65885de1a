// capi/kalkyl.h from C++: the header compiles as C++11 under -Wall -Wextra
// -Wpedantic (and casts, shadowing and 0-as-NULL warnings), its functions
// have C linkage and its enums work as C++ values. The behaviour itself is
// tested from C in capi_test.c.
#include "kalkyl.h"

#include <cstdio>
#include <cstring>
#include <type_traits>

static_assert(std::is_standard_layout<kalkyl_dec>::value && std::is_trivial<kalkyl_dec>::value,
              "kalkyl_dec is a plain C struct");
static_assert(std::is_standard_layout<kalkyl_format>::value &&
                  std::is_trivial<kalkyl_format>::value,
              "kalkyl_format is a plain C struct");
static_assert(sizeof(kalkyl_dec) == 24 && sizeof(kalkyl_format) == 24, "the ABI 1 layouts");

// The declarations are extern "C": a pointer to one is a pointer to a C function.
extern "C" typedef kalkyl_status binary_fn(const kalkyl_dec*, const kalkyl_dec*, kalkyl_dec*);
static binary_fn* const add = &kalkyl_dec_add;

int main() {
    int failed = 0;
    kalkyl_dec a = {}, b = {}, r = {};
    if (kalkyl_dec_parse("124 998", 7, KALKYL_LOCALE_SV_SE, &a) != KALKYL_OK) ++failed;
    if (kalkyl_dec_from_int(-1534, 0, &b) != KALKYL_OK) ++failed;
    if (add(&a, &b, &r) != KALKYL_OK) ++failed;
    char text[32];
    std::size_t needed = 0;
    const kalkyl_format fmt = {sizeof(kalkyl_format), KALKYL_LOCALE_SV_SE,   -1, 0,
                               KALKYL_ROUND_HALF_UP,  KALKYL_FMT_ASCII_SPACE};
    if (kalkyl_dec_format(&r, &fmt, text, sizeof text, &needed) != KALKYL_OK ||
        std::strcmp(text, "123 464") != 0)
        ++failed;
    const kalkyl_status s = kalkyl_dec_add(nullptr, &b, &r);
    if (s != KALKYL_E_NULL || std::strcmp(kalkyl_status_name(s), "KALKYL_E_NULL") != 0) ++failed;
    if (std::strcmp(kalkyl_last_error(), "kalkyl_dec_add: a is NULL") != 0) ++failed;
    if (std::strcmp(kalkyl_version(), KALKYL_VERSION) != 0 ||
        kalkyl_abi_version() != KALKYL_ABI_VERSION)
        ++failed;
    std::printf("capi_cxx: %s\n", failed == 0 ? "ok" : "FAILED");
    return failed == 0 ? 0 : 1;
}
