// Fuzz target: every function of the stable C ABI (capi/kalkyl.h, ABI 1)
// with arguments made from arbitrary bytes: kalkyl_dec of any 24 bytes,
// enums and scales of any int, counts, NULL or valid pointers, texts with NUL
// and broken UTF-8, kalkyl_format, kalkyl_term, kalkyl_figure and
// kalkyl_relation built from the bytes.
//
// The contract checked on every call: no crash and no sanitizer report; a
// status that is a kalkyl_status and never KALKYL_E_INTERNAL; the message
// there and naming the function; on failure every output untouched (all
// outputs live in one sentinel-filled arena), except the sizes the header
// names (*needed, *count, *adjusted_count on KALKYL_E_BUFFER) and
// *bad_index, which must then be SIZE_MAX or an index below n.
//
// Input: byte 0 picks the function, the rest makes its arguments. Inputs
// are copied into exact-size heap blocks so that a read past an array or a
// text is an AddressSanitizer report.
//
// The follow-up ledger and forecast-band functions (kalkyl_ledger_*,
// kalkyl_band_*) are not covered yet: they were being written when this
// target was (see docs/testing.md).

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "kalkyl.h"

namespace {

using fuzz::Reader;

// Arrays the library reads, in exact-size heap blocks.
template <class T>
struct Block {
    std::unique_ptr<T[]> p;
    std::size_t n = 0;
    T* get() { return n ? p.get() : nullptr; }
};

template <class T, class F>
Block<T> block(std::size_t n, F make) {
    Block<T> b;
    b.n = n;
    if (n) b.p.reset(new T[n]);
    for (std::size_t i = 0; i < n; ++i)
        b.p[i] = make();
    return b;
}

struct Call {
    Reader& r;
    fuzz::Arena arena{16384};
    std::size_t bad = 0xA5A5A5A5u;
    std::size_t n_for_bad = 0;
    // Which outputs the header lets a failure write.
    std::size_t allowed_off = 0, allowed_len = 0;

    explicit Call(Reader& reader) : r(reader) {}

    kalkyl_dec dec() { return fuzz::any_dec(r); }
    // NULL one time in 16.
    bool null() { return (r.byte() & 15u) == 0; }
    const kalkyl_dec* in(kalkyl_dec& storage) {
        storage = dec();
        return null() ? nullptr : &storage;
    }
    template <class T>
    T* out(std::size_t offset) {
        return null() ? nullptr : arena.at<T>(offset);
    }
    std::int32_t scale() {
        const std::uint8_t b = r.byte();
        return b < 240 ? b % 29 : r.raw<std::int32_t>();
    }
    kalkyl_rounding mode() {
        const std::uint8_t b = r.byte();
        return static_cast<kalkyl_rounding>(b < 240 ? b % 7 : r.raw<std::int32_t>());
    }
    std::size_t* bad_index() { return null() ? nullptr : &bad; }

    void done(kalkyl_status s, const char* fn, bool has_bad) {
        fuzz::check_status(s, fn);
        if (s == KALKYL_OK) return;
        if (s == KALKYL_E_BUFFER && allowed_len)
            FUZZ_REQUIRE(arena.untouched_except(allowed_off, allowed_len), fn);
        else
            FUZZ_REQUIRE(arena.untouched(), fn);
        if (has_bad) FUZZ_REQUIRE(bad == 0xA5A5A5A5u || bad == SIZE_MAX || bad < n_for_bad, fn);
    }
};

kalkyl_format any_format(Reader& r, std::vector<unsigned char>& storage) {
    kalkyl_format f;
    f.size = sizeof f;
    f.locale = r.byte() % 3;
    f.decimals = static_cast<std::int32_t>(r.byte() % 31) - 2;
    static const std::int32_t units[] = {0, 3, 6, 1};
    f.unit_exponent = units[r.byte() % 4];
    f.rounding = r.byte() % 8;
    f.flags = r.byte() & 0x3Fu;
    const std::uint8_t how = r.byte();
    if (how < 16) {  // anything
        f.size = r.raw<std::uint32_t>();
        f.locale = r.raw<std::int32_t>();
        f.decimals = r.raw<std::int32_t>();
        f.unit_exponent = r.raw<std::int32_t>();
        f.rounding = r.raw<std::int32_t>();
        f.flags = r.raw<std::uint32_t>();
    } else if (how < 32) {  // a later release's larger struct
        f.size = 24 + r.byte();
    }
    // The library reads `size` bytes when size <= 4096: give it that many.
    storage.assign(4096 + 8, 0);
    std::memcpy(storage.data(), &f, sizeof f);
    if (how >= 24 && how < 32) storage[24 + (r.byte() % 8)] = r.byte();
    return f;
}

std::string any_text(Reader& r) {
    static const char* const pieces[] = {"1",
                                         "0",
                                         "9",
                                         " ",
                                         ",",
                                         ".",
                                         "-",
                                         "(",
                                         ")",
                                         "+",
                                         "\xC2\xA0",
                                         "\xE2\x80\xAF",
                                         "\xE2\x88\x92",
                                         "\n",
                                         "\r",
                                         ";",
                                         "\t",
                                         "e",
                                         "%",
                                         "kr",
                                         "tkr",
                                         "mnkr",
                                         "\0",
                                         "\xFF"};
    if (r.flag()) return r.text(64);
    std::string s;
    const std::size_t n = r.count(24);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t b = r.byte() % 24;
        s.append(pieces[b], b == 22 ? 1 : std::strlen(pieces[b]));
    }
    return s;
}

void fuzz_one(Reader& r) {
    Call c(r);
    kalkyl_dec s1, s2, s3, s4, s5, s6;
    const std::uint8_t which = r.byte() % 34;
    switch (which) {
        case 0: {
            const std::string t = any_text(r);
            std::unique_ptr<char[]> p(new char[t.size() + 1]);
            std::memcpy(p.get(), t.data(), t.size());
            const auto loc = static_cast<kalkyl_locale>(r.byte() % 4);
            c.done(
                kalkyl_dec_parse(c.null() ? nullptr : p.get(), t.size(), loc, c.out<kalkyl_dec>(0)),
                "kalkyl_dec_parse", false);
            break;
        }
        case 1: {
            std::vector<unsigned char> fs;
            kalkyl_format f = any_format(r, fs);
            (void)f;
            const std::size_t cap = r.count(130);
            char* buf = cap == 0 && r.flag() ? nullptr : c.out<char>(0);
            std::size_t* needed = c.out<std::size_t>(256);
            c.allowed_off = 256;
            c.allowed_len = sizeof(std::size_t);
            c.done(kalkyl_dec_format(
                       c.in(s1),
                       c.null() ? nullptr : reinterpret_cast<const kalkyl_format*>(fs.data()), buf,
                       cap, needed),
                   "kalkyl_dec_format", false);
            break;
        }
        case 2:
            c.done(kalkyl_dec_from_int(r.raw<std::int64_t>(), c.scale(), c.out<kalkyl_dec>(0)),
                   "kalkyl_dec_from_int", false);
            break;
        case 3:
            c.done(kalkyl_dec_add(c.in(s1), c.in(s2), c.out<kalkyl_dec>(0)), "kalkyl_dec_add",
                   false);
            break;
        case 4:
            c.done(kalkyl_dec_sub(c.in(s1), c.in(s2), c.out<kalkyl_dec>(0)), "kalkyl_dec_sub",
                   false);
            break;
        case 5:
            c.done(kalkyl_dec_mul(c.in(s1), c.in(s2), c.out<kalkyl_dec>(0)), "kalkyl_dec_mul",
                   false);
            break;
        case 6:
            c.done(kalkyl_dec_div(c.in(s1), c.in(s2), c.scale(), c.mode(), c.out<kalkyl_dec>(0)),
                   "kalkyl_dec_div", false);
            break;
        case 7:
            c.done(kalkyl_dec_round(c.in(s1), c.scale(), c.mode(), c.out<kalkyl_dec>(0)),
                   "kalkyl_dec_round", false);
            break;
        case 8:
            c.done(kalkyl_dec_cmp(c.in(s1), c.in(s2), c.out<int>(0)), "kalkyl_dec_cmp", false);
            break;
        case 9:
            c.done(kalkyl_dec_to_double(c.in(s1), c.out<double>(0)), "kalkyl_dec_to_double", false);
            break;
        case 10: {
            auto v = block<kalkyl_dec>(c.r.count(8), [&] { return c.dec(); });
            c.done(kalkyl_sum(c.null() ? nullptr : v.get(), v.n, c.out<kalkyl_dec>(0)),
                   "kalkyl_sum", false);
            break;
        }
        case 11: {
            auto u = block<std::int64_t>(c.r.count(8), [&] { return c.r.raw<std::int64_t>(); });
            c.done(kalkyl_sum_units(c.null() ? nullptr : u.get(), u.n, c.scale(),
                                    c.out<kalkyl_dec>(0)),
                   "kalkyl_sum_units", false);
            break;
        }
        case 12: {
            const std::string t = any_text(r);
            std::unique_ptr<char[]> p(new char[t.size() + 1]);
            std::memcpy(p.get(), t.data(), t.size());
            const std::size_t n = r.count(6);
            // Offsets within the text (a caller's promise), sometimes decreasing.
            auto off = block<std::size_t>(
                n + 1, [&] { return t.empty() ? 0 : c.r.byte() % (t.size() + 1); });
            if (!r.flag()) std::sort(off.p.get(), off.p.get() + off.n);
            c.n_for_bad = n;
            c.done(
                kalkyl_dec_parse_array(c.null() ? nullptr : p.get(), c.null() ? nullptr : off.get(),
                                       n, static_cast<kalkyl_locale>(r.byte() % 4),
                                       c.out<kalkyl_dec>(0), c.bad_index()),
                "kalkyl_dec_parse_array", true);
            break;
        }
        case 13: {
            const std::string t = any_text(r);
            std::unique_ptr<char[]> p(new char[t.size() + 1]);
            std::memcpy(p.get(), t.data(), t.size());
            const char delim = static_cast<char>(r.byte());
            const std::size_t cap = r.count(40);
            c.n_for_bad = t.size() + 1;
            c.allowed_off = 8192;
            c.allowed_len = sizeof(std::size_t);
            c.done(kalkyl_dec_parse_lines(c.null() ? nullptr : p.get(), t.size(), delim,
                                          static_cast<kalkyl_locale>(r.byte() % 4),
                                          cap == 0 && r.flag() ? nullptr : c.out<kalkyl_dec>(0),
                                          cap, c.out<std::size_t>(8192), c.bad_index()),
                   "kalkyl_dec_parse_lines", true);
            break;
        }
        case 14: {
            auto v = block<kalkyl_dec>(c.r.count(6), [&] { return c.dec(); });
            std::vector<unsigned char> fs;
            any_format(r, fs);
            const std::size_t cap = r.count(255) * 8;
            c.n_for_bad = v.n;
            c.allowed_off = 8192;
            c.allowed_len = sizeof(std::size_t);
            c.done(kalkyl_dec_format_array(
                       c.null() ? nullptr : v.get(), v.n,
                       c.null() ? nullptr : reinterpret_cast<const kalkyl_format*>(fs.data()),
                       static_cast<char>(r.byte()), cap == 0 && r.flag() ? nullptr : c.out<char>(0),
                       cap, c.out<std::size_t>(8192), c.bad_index()),
                   "kalkyl_dec_format_array", true);
            break;
        }
        case 15: {
            const std::int32_t code = r.raw<std::int32_t>();
            const char* name = kalkyl_status_name(static_cast<kalkyl_status>(code));
            FUZZ_REQUIRE(name != nullptr && std::strncmp(name, "KALKYL_", 7) == 0, "status_name");
            FUZZ_REQUIRE(kalkyl_version() != nullptr && kalkyl_abi_version() == KALKYL_ABI_VERSION,
                         "versions");
            break;
        }
        case 16:
            c.done(kalkyl_unit_cost(c.in(s1), c.in(s2), c.in(s3), c.scale(), c.mode(),
                                    c.out<kalkyl_dec>(0), c.out<kalkyl_dec>(64)),
                   "kalkyl_unit_cost", false);
            break;
        case 17: {
            const std::size_t n = r.count(5);
            auto a = block<kalkyl_dec>(n, [&] { return c.dec(); });
            auto b = block<kalkyl_dec>(n, [&] { return c.dec(); });
            auto v = block<kalkyl_dec>(n, [&] { return c.dec(); });
            c.n_for_bad = n;
            c.done(
                kalkyl_unit_cost_array(c.null() ? nullptr : a.get(), c.null() ? nullptr : b.get(),
                                       c.null() ? nullptr : v.get(), n, c.scale(), c.mode(),
                                       c.in(s1), c.out<kalkyl_dec>(0), c.out<kalkyl_dec>(1024),
                                       c.out<std::uint8_t>(2048), c.bad_index()),
                "kalkyl_unit_cost_array", true);
            break;
        }
        case 18:
            c.done(kalkyl_kolada_cost(c.in(s1), c.in(s2), c.in(s3), c.out<kalkyl_dec>(0)),
                   "kalkyl_kolada_cost", false);
            break;
        case 19:
            c.done(kalkyl_kolada_unit_cost(c.in(s1), c.in(s2), c.in(s3), c.in(s4), c.scale(),
                                           c.mode(), c.out<kalkyl_dec>(0), c.out<kalkyl_dec>(64)),
                   "kalkyl_kolada_unit_cost", false);
            break;
        case 20:
            c.done(kalkyl_unit_cost_part(c.in(s1), c.in(s2), c.in(s3), c.in(s4), c.scale(),
                                         c.mode(), c.scale(), c.mode(), c.out<kalkyl_dec>(0),
                                         c.out<kalkyl_dec>(64), c.out<kalkyl_dec>(128)),
                   "kalkyl_unit_cost_part", false);
            break;
        case 21:
            c.done(kalkyl_change(c.in(s1), c.in(s2), c.scale(), c.mode(), c.out<kalkyl_dec>(0),
                                 c.out<kalkyl_dec>(64)),
                   "kalkyl_change", false);
            break;
        case 22:
            c.done(kalkyl_change_points(c.in(s1), c.in(s2), c.out<kalkyl_dec>(0)),
                   "kalkyl_change_points", false);
            break;
        case 23:
            c.done(kalkyl_net_cost_deviation(c.in(s1), c.in(s2), c.scale(), c.mode(),
                                             c.out<kalkyl_dec>(0)),
                   "kalkyl_net_cost_deviation", false);
            break;
        case 24: {
            const std::size_t n = r.count(5);
            auto a = block<kalkyl_dec>(n, [&] { return c.dec(); });
            auto b = block<kalkyl_dec>(n, [&] { return c.dec(); });
            auto u = block<kalkyl_dec>(n, [&] { return c.dec(); });
            c.n_for_bad = n;
            c.done(kalkyl_kpb_table(c.null() ? nullptr : a.get(), c.null() ? nullptr : b.get(),
                                    c.null() ? nullptr : u.get(), n, c.in(s1), c.scale(), c.mode(),
                                    c.scale(), c.mode(), c.in(s2), c.out<kalkyl_kpb_figures>(0),
                                    c.out<kalkyl_kpb_figures>(4096),
                                    c.out<kalkyl_kpb_figures>(4096 + 512), c.bad_index()),
                   "kalkyl_kpb_table", true);
            break;
        }
        case 25:
            c.done(kalkyl_kpb_total(c.in(s1), c.in(s2), c.in(s3), c.in(s4), c.scale(), c.mode(),
                                    c.scale(), c.mode(), c.in(s5), c.out<kalkyl_kpb_figures>(0)),
                   "kalkyl_kpb_total", false);
            break;
        case 26: {
            const std::size_t n = r.count(4);
            auto bv = block<kalkyl_dec>(n, [&] { return c.dec(); });
            auto bc = block<kalkyl_dec>(n, [&] { return c.dec(); });
            auto cv = block<kalkyl_dec>(n, [&] { return c.dec(); });
            auto cc = block<kalkyl_dec>(n, [&] { return c.dec(); });
            c.n_for_bad = n;
            c.done(kalkyl_cost_bridge(c.null() ? nullptr : bv.get(), c.null() ? nullptr : bc.get(),
                                      c.null() ? nullptr : cv.get(), c.null() ? nullptr : cc.get(),
                                      n, c.in(s1), c.in(s2), c.scale(), c.out<kalkyl_bridge>(0),
                                      c.bad_index()),
                   "kalkyl_cost_bridge", true);
            break;
        }
        case 27:
        case 28: {
            auto w = block<kalkyl_dec>(c.r.count(8), [&] { return c.dec(); });
            const std::int32_t sc = c.scale();
            if (which == 27)
                c.done(kalkyl_allocate(c.in(s1), c.null() ? nullptr : w.get(), w.n, sc,
                                       c.out<kalkyl_dec>(0)),
                       "kalkyl_allocate", false);
            else
                c.done(kalkyl_allocate_mode(c.in(s1), c.null() ? nullptr : w.get(), w.n, sc,
                                            static_cast<kalkyl_allocation_mode>(r.byte() % 5),
                                            c.out<kalkyl_dec>(0)),
                       "kalkyl_allocate_mode", false);
            break;
        }
        case 29:
        case 30: {
            auto p = block<kalkyl_dec>(12, [&] { return c.dec(); });
            const bool no_profile = r.flag();
            const std::int32_t sc = c.scale();
            const auto mode = static_cast<kalkyl_allocation_mode>(r.byte() % 5);
            if (which == 29)
                c.done(kalkyl_periodise(c.in(s1), no_profile ? nullptr : p.get(), sc, mode,
                                        c.out<kalkyl_dec>(0)),
                       "kalkyl_periodise", false);
            else
                c.done(kalkyl_budget_through_month(c.in(s1), no_profile ? nullptr : p.get(),
                                                   static_cast<std::int32_t>(r.byte() % 15) - 1, sc,
                                                   mode, c.out<kalkyl_dec>(0)),
                       "kalkyl_budget_through_month", false);
            break;
        }
        case 31: {
            const std::size_t rows = r.count(4), cols = r.count(3), nd = r.count(2);
            auto cells = block<kalkyl_dec>(rows * cols, [&] { return c.dec(); });
            auto totals = block<kalkyl_dec>(cols ? cols : 1, [&] { return c.dec(); });
            if (r.flag()) {  // make the totals the exact sums, so that footing runs
                for (std::size_t j = 0; j < cols; ++j) {
                    std::vector<kalkyl_dec> col;
                    for (std::size_t i = 0; i < rows; ++i)
                        col.push_back(cells.p[i * cols + j]);
                    kalkyl_dec sum;
                    if (kalkyl_sum(col.data(), col.size(), &sum) == KALKYL_OK) totals.p[j] = sum;
                }
            }
            auto terms = block<kalkyl_term>(4, [&] {
                kalkyl_term t;
                t.index = c.r.byte() % 5;
                t.sign = static_cast<std::int32_t>(c.r.byte() % 4) - 2;
                if (t.sign == 0) t.sign = 1;
                return t;
            });
            auto derived = block<kalkyl_derived_column>(nd, [&] {
                kalkyl_derived_column d;
                d.n_terms = c.r.count(3);
                d.terms = c.null() ? nullptr : terms.p.get() + (4 - d.n_terms);
                return d;
            });
            static const std::int32_t units[] = {0, 3, 6, 2};
            const std::size_t adj_cap = r.count(20);
            c.allowed_off = 15000;
            c.allowed_len = sizeof(std::size_t);
            c.done(
                kalkyl_foot(c.null() ? nullptr : cells.get(), rows, cols,
                            c.null() ? nullptr : totals.get(), c.null() ? nullptr : derived.get(),
                            nd, units[r.byte() % 4], static_cast<std::int32_t>(r.byte() % 31) - 1,
                            c.mode(), c.out<kalkyl_dec>(0), c.out<kalkyl_dec>(2048),
                            adj_cap == 0 && r.flag() ? nullptr : c.out<kalkyl_adjusted_cell>(4096),
                            adj_cap, c.out<std::size_t>(15000)),
                "kalkyl_foot", false);
            break;
        }
        case 32: {
            const std::size_t nf = r.count(5), nr = r.count(3);
            std::vector<std::string> names;
            for (std::size_t i = 0; i < nf; ++i)
                names.push_back(r.text(12));
            std::size_t k = 0;
            auto figs = block<kalkyl_figure>(nf, [&] {
                kalkyl_figure f;
                f.value = c.dec();
                const std::uint8_t d = c.r.byte();
                f.decimals = d < 200 ? d % 4 : static_cast<std::int32_t>(d) - 230;
                f.reserved = c.r.byte() < 8 ? 1 : 0;
                f.name = c.r.flag() ? nullptr : names[k].c_str();
                ++k;
                return f;
            });
            auto terms = block<kalkyl_term>(8, [&] {
                kalkyl_term t;
                t.index = c.r.byte() % 6;
                t.sign = c.r.byte() < 8 ? 0 : (c.r.flag() ? 1 : -1);
                return t;
            });
            auto rels = block<kalkyl_relation>(nr, [&] {
                kalkyl_relation rel;
                std::memset(&rel, 0, sizeof rel);
                rel.kind = static_cast<std::int32_t>(c.r.byte() % 8) - 1;
                rel.result = c.r.byte() % 6;
                rel.label = c.r.flag() ? nullptr : "relation";
                rel.n_numerator = c.r.count(3);
                rel.numerator = c.null() ? nullptr : terms.p.get();
                rel.n_denominator = c.r.count(2);
                rel.denominator = c.null() ? nullptr : terms.p.get() + 4;
                rel.multiplier = c.r.flag() ? fuzz::make_dec(100, 0) : c.dec();
                rel.whole = c.r.flag() ? fuzz::make_dec(100, 0) : c.dec();
                return rel;
            });
            c.n_for_bad = nr;
            c.done(
                kalkyl_check(c.null() ? nullptr : figs.get(), nf, c.null() ? nullptr : rels.get(),
                             nr, c.out<kalkyl_finding>(0), c.bad_index()),
                "kalkyl_check", true);
            break;
        }
        case 33: {
            // The message of the last failure is always readable and bounded.
            const char* msg = kalkyl_last_error();
            FUZZ_REQUIRE(msg != nullptr && std::strlen(msg) < 1024, "last_error");
            break;
        }
    }
    (void)s6;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Reader r(data, size);
    // Several calls per input: one failure's message must not disturb the next.
    for (int i = 0; i < 4 && r.left() > 0; ++i)
        fuzz_one(r);
    return 0;
}
