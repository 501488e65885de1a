/* A C program on the installed C ABI: Uppsala aug 2024, 5731, nettokostnad
   per vårddygn (124 998 - 1 534) / 22 939 = 5,4 tkr. Also built with
   pkg-config by run.sh. */
#include <stdio.h>
#include <string.h>

#include <kalkyl.h>

int main(void) {
    kalkyl_dec cost, revenue, net, days, per_day;
    kalkyl_format fmt = {
        sizeof(kalkyl_format), KALKYL_LOCALE_SV_SE, -1, 0, KALKYL_ROUND_HALF_UP, 0};
    char text[64];
    size_t needed;
    if (kalkyl_dec_parse("124 998", 7, KALKYL_LOCALE_SV_SE, &cost) != KALKYL_OK ||
        kalkyl_dec_from_int(1534, 0, &revenue) != KALKYL_OK ||
        kalkyl_dec_sub(&cost, &revenue, &net) != KALKYL_OK ||
        kalkyl_dec_from_int(22939, 0, &days) != KALKYL_OK ||
        kalkyl_dec_div(&net, &days, 1, KALKYL_ROUND_HALF_UP, &per_day) != KALKYL_OK ||
        kalkyl_dec_format(&per_day, &fmt, text, sizeof text, &needed) != KALKYL_OK) {
        fprintf(stderr, "consumer: %s\n", kalkyl_last_error());
        return 1;
    }
    if (strcmp(kalkyl_version(), KALKYL_VERSION) != 0 ||
        kalkyl_abi_version() != KALKYL_ABI_VERSION) {
        fprintf(stderr, "consumer: header %s, library %s\n", KALKYL_VERSION, kalkyl_version());
        return 1;
    }
    printf("kalkyl %s (C): %s tkr\n", kalkyl_version(), text);
    return 0;
}
