// A C++ program on the installed static library: the C++ API and the C ABI
// from one archive, no Boost needed by the consumer.
#include <cstdio>
#include <string>

#include <kalkyl.h>
#include <kalkyl/kalkyl.hpp>

int main() {
    try {
        const kalkyl::Decimal net = kalkyl::parse("124 998", kalkyl::Locale::sv_SE) -
                                    kalkyl::parse("1 534", kalkyl::Locale::sv_SE);
        const kalkyl::Decimal per_day =
            kalkyl::divide(net, kalkyl::Decimal(22939, 0), 1, kalkyl::Rounding::half_up);
        kalkyl::FormatSpec spec;
        spec.grouping = kalkyl::Grouping::ascii_space;
        std::printf("kalkyl %s (C++): %s / 22 939 = %s tkr\n", kalkyl_version(),
                    kalkyl::format(net, spec).c_str(), kalkyl::format(per_day, spec).c_str());
    } catch (const kalkyl::Error& e) {
        std::fprintf(stderr, "consumer: %s\n", e.what());
        return 1;
    }
    return 0;
}
