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
// Bytes 34..41 drive the forecast-band functions (kalkyl_band_*) and
// kalkyl_backtest: bands in and out of order, correlation matrices of any
// doubles, levels outside (0, 1), scenario counts no allocation could hold.
// Bytes 42 and 43 run a session of up to twelve calls on one kalkyl_ledger
// (rows, values, forecasts, compute, reads) with ids and names from the bytes
// (empty, NUL inside, broken UTF-8), NULL and foreign handles; after every
// failing call the ledger must read exactly as before it.

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

// --- forecast bands and the follow-up ledger --------------------------------

// A band as a caller builds it: mostly point -/+ small spreads (in order),
// sometimes any three values (often out of order or invalid).
kalkyl_band any_band(Call& c) {
    kalkyl_band b;
    b.point = c.dec();
    if (c.r.byte() < 32) {
        b.low = c.dec();
        b.high = c.dec();
        return b;
    }
    const kalkyl_dec down = fuzz::make_dec(c.r.byte(), c.r.byte() % 3);
    const kalkyl_dec up = fuzz::make_dec(c.r.byte(), c.r.byte() % 3);
    if (kalkyl_band_from_spread(&b.point, &down, &up, &b) != KALKYL_OK) {
        b.low = b.point;
        b.high = b.point;
    }
    return b;
}

// n*n correlations: identity, all ones, a constant off the diagonal, or any
// doubles (NaN, infinities, asymmetric).
Block<double> any_correlation(Reader& r, std::size_t n) {
    const std::uint8_t how = r.byte() % 4;
    const double rho = static_cast<double>(static_cast<int>(r.byte()) - 128) / 100.0;
    return block<double>(n * n, [&, k = std::size_t{0}]() mutable {
        const std::size_t i = k / n, j = k % n;
        ++k;
        switch (how) {
            case 0:
                return i == j ? 1.0 : 0.0;
            case 1:
                return 1.0;
            case 2:
                return i == j ? 1.0 : rho;
            default:
                return r.raw<double>();
        }
    });
}

double any_level(Reader& r) {
    static const double levels[] = {0.5, 0.8, 0.9, 0.95, 0.0, 1.0, -0.1};
    const std::uint8_t b = r.byte();
    return b < 224 ? levels[b % 7] : r.raw<double>();
}

// Small enough to run quickly, or beyond what any allocation could hold
// (kalkyl_band_simulate refuses those before allocating).
std::uint64_t any_scenarios(Reader& r) {
    const std::uint8_t b = r.byte();
    return b < 250 ? b % 100 : (std::uint64_t{1} << 61) + r.raw<std::uint32_t>();
}

// A text in an exact-size heap block; NULL one time in 16.
struct Text {
    std::unique_ptr<char[]> p;
    std::size_t len = 0;
    bool is_null = false;
    const char* get() const { return is_null ? nullptr : p.get(); }
};

Text any_id(Call& c) {
    static const char* const known[] = {"N", "K", "I", "A", "B", "P", "", "K\0"};
    std::string s;
    const std::uint8_t b = c.r.byte();
    if (b < 200)
        s.assign(known[b % 8], b % 8 == 7 ? 2 : std::strlen(known[b % 8]));
    else
        s = c.r.text(16);
    Text t;
    t.len = s.size();
    t.p.reset(new char[t.len + 1]);
    std::memcpy(t.p.get(), s.data(), t.len);
    t.is_null = c.null();
    if (t.is_null && c.r.flag()) t.len = 0;
    return t;
}

// What a caller can see of a ledger, to compare before and after a failure.
std::vector<unsigned char> ledger_view(const kalkyl_ledger* l) {
    std::vector<unsigned char> v;
    auto put = [&](const void* p, std::size_t n) {
        const auto* b = static_cast<const unsigned char*>(p);
        v.insert(v.end(), b, b + n);
    };
    std::size_t rows = 0;
    const kalkyl_status st = kalkyl_ledger_row_count(l, &rows);
    put(&st, sizeof st);
    put(&rows, sizeof rows);
    if (rows > 64) return v;
    std::vector<kalkyl_dec> col(rows ? rows : 1);
    for (int what = 0; what <= KALKYL_FIG_CHANGE_YEAR; ++what) {
        std::memset(col.data(), 0, col.size() * sizeof(kalkyl_dec));
        const kalkyl_status s = kalkyl_ledger_get_column(l, static_cast<kalkyl_ledger_figure>(what),
                                                         "P", 1, col.data(), rows);
        put(&s, sizeof s);
        put(col.data(), rows * sizeof(kalkyl_dec));
    }
    for (const char* id : {"N", "K", "I", "A", "B"}) {
        for (const char* name : {"P", "Q"}) {
            std::int32_t method = -1, month = -1;
            kalkyl_dec x[3];
            std::memset(x, 0, sizeof x);
            const kalkyl_status s = kalkyl_ledger_forecast_info(l, id, 1, name, 1, &method, &month,
                                                                &x[0], &x[1], &x[2]);
            put(&s, sizeof s);
            put(&method, sizeof method);
            put(&month, sizeof month);
            put(x, sizeof x);
        }
    }
    return v;
}

// A sequence of calls on one ledger with arguments from the bytes. After every
// failing call the ledger must look exactly as before it ("failure changes
// nothing", capi/kalkyl.h) and the outputs must be untouched.
void ledger_session(Reader& r) {
    kalkyl_ledger* l = nullptr;
    fuzz::check_status(kalkyl_ledger_new(&l), "kalkyl_ledger_new");
    FUZZ_REQUIRE(l != nullptr, "kalkyl_ledger_new");
    // A handle that is not a ledger (zeros where the magic number is).
    std::unique_ptr<std::uint64_t[]> foreign(new std::uint64_t[8]());
    const int steps = 1 + r.byte() % 12;
    for (int step = 0; step < steps && r.left() > 0; ++step) {
        Call c(r);
        kalkyl_ledger* h = l;
        const std::uint8_t pick = r.byte();
        if (pick < 8)
            h = nullptr;
        else if (pick < 12)
            h = reinterpret_cast<kalkyl_ledger*>(foreign.get());
        const std::vector<unsigned char> before = ledger_view(l);
        kalkyl_status st = KALKYL_OK;
        const char* fn = "";
        bool has_bad = false;
        kalkyl_dec s1, s2, s3;
        switch (r.byte() % 12) {
            case 0: {
                fn = "kalkyl_ledger_add_rows";
                const std::size_t n = r.count(4);
                std::vector<Text> texts;
                texts.reserve(3 * n);
                auto specs = block<kalkyl_row_spec>(n, [&] {
                    kalkyl_row_spec s;
                    std::memset(&s, 0, sizeof s);
                    texts.push_back(any_id(c));
                    s.id = texts.back().get();
                    s.id_len = texts.back().len;
                    texts.push_back(any_id(c));
                    s.name = texts.back().get();
                    s.name_len = texts.back().len;
                    if (c.r.flag()) {
                        texts.push_back(any_id(c));
                        s.parent = texts.back().get();
                        s.parent_len = texts.back().len;
                    }
                    const std::uint8_t k = c.r.byte();
                    s.kind = k < 240 ? k % 3 : static_cast<std::int32_t>(k) - 250;
                    s.reserved = c.r.byte() < 4 ? 1u : 0u;
                    return s;
                });
                c.n_for_bad = n;
                has_bad = true;
                st = kalkyl_ledger_add_rows(h, c.null() ? nullptr : specs.get(), n, c.bad_index());
                break;
            }
            case 1: {
                fn = "kalkyl_ledger_add_row";
                Text id = any_id(c), name = any_id(c), parent = any_id(c);
                const std::uint8_t k = r.byte();
                st = kalkyl_ledger_add_row(h, id.get(), id.len, name.get(), name.len,
                                           static_cast<kalkyl_row_kind>(k < 240 ? k % 3 : k - 250),
                                           r.flag() ? nullptr : parent.get(), parent.len);
                break;
            }
            case 2: {
                fn = "kalkyl_ledger_set_values";
                Text id = any_id(c);
                const std::uint8_t s = r.byte();
                const std::int32_t first = static_cast<std::int32_t>(r.byte() % 15) - 1;
                auto v = block<kalkyl_dec>(r.count(13), [&] { return c.dec(); });
                st = kalkyl_ledger_set_values(h, id.get(), id.len,
                                              static_cast<kalkyl_series>(s < 240 ? s % 3 : s - 250),
                                              first, c.null() ? nullptr : v.get(), v.n);
                break;
            }
            case 3: {
                fn = "kalkyl_ledger_set_annual_budget";
                Text id = any_id(c);
                auto profile = block<kalkyl_dec>(12, [&] { return c.dec(); });
                const bool equal = r.flag();
                st = kalkyl_ledger_set_annual_budget(
                    h, id.get(), id.len, c.in(s1), equal ? nullptr : profile.get(), c.scale(),
                    static_cast<kalkyl_allocation_mode>(static_cast<std::int32_t>(r.byte() % 6) -
                                                        1));
                break;
            }
            case 4: {
                fn = "kalkyl_ledger_add_forecast";
                Text id = any_id(c), name = any_id(c);
                const std::int32_t method = static_cast<std::int32_t>(r.byte() % 8) - 1;
                const std::int32_t month = static_cast<std::int32_t>(r.byte() % 15) - 1;
                st = kalkyl_ledger_add_forecast(h, id.get(), id.len, name.get(), name.len,
                                                static_cast<kalkyl_forecast_method>(method), month,
                                                c.scale(), c.mode(), c.out<kalkyl_dec>(0));
                break;
            }
            case 5: {
                fn = "kalkyl_ledger_set_manual_forecast";
                Text id = any_id(c), name = any_id(c), author = any_id(c);
                const std::int32_t month = static_cast<std::int32_t>(r.byte() % 15) - 1;
                st = kalkyl_ledger_set_manual_forecast(h, id.get(), id.len, name.get(), name.len,
                                                       month, c.in(s1), c.in(s2), c.in(s3),
                                                       author.get(), author.len);
                break;
            }
            case 6: {
                fn = "kalkyl_ledger_forecast_info";
                Text id = any_id(c), name = any_id(c);
                st = kalkyl_ledger_forecast_info(h, id.get(), id.len, name.get(), name.len,
                                                 c.out<std::int32_t>(0), c.out<std::int32_t>(64),
                                                 c.out<kalkyl_dec>(128), c.out<kalkyl_dec>(256),
                                                 c.out<kalkyl_dec>(384));
                break;
            }
            case 7:
                fn = "kalkyl_ledger_row_count";
                st = kalkyl_ledger_row_count(h, c.out<std::size_t>(0));
                break;
            case 8:
                fn = "kalkyl_ledger_compute";
                st = kalkyl_ledger_compute(h, static_cast<std::int32_t>(r.byte() % 15) - 1);
                break;
            case 9: {
                fn = "kalkyl_ledger_get";
                Text id = any_id(c), name = any_id(c);
                const std::int32_t what = static_cast<std::int32_t>(r.byte() % 16) - 1;
                st = kalkyl_ledger_get(h, id.get(), id.len, static_cast<kalkyl_ledger_figure>(what),
                                       name.get(), name.len, c.out<kalkyl_dec>(0));
                break;
            }
            case 10: {
                fn = "kalkyl_ledger_get_column";
                Text name = any_id(c);
                const std::int32_t what = static_cast<std::int32_t>(r.byte() % 16) - 1;
                const std::size_t n = r.count(8);  // often not the row count
                st = kalkyl_ledger_get_column(
                    h, static_cast<kalkyl_ledger_figure>(what), name.get(), name.len,
                    n == 0 && r.flag() ? nullptr : c.out<kalkyl_dec>(0), n);
                break;
            }
            default: {
                fn = "kalkyl_ledger_percent";
                Text id = any_id(c), name = any_id(c);
                const std::int32_t what = static_cast<std::int32_t>(r.byte() % 6) - 1;
                st = kalkyl_ledger_percent(h, id.get(), id.len,
                                           static_cast<kalkyl_percent_figure>(what), name.get(),
                                           name.len, c.scale(), c.mode(), c.out<kalkyl_dec>(0));
                break;
            }
        }
        c.done(st, fn, has_bad);
        if (st != KALKYL_OK) FUZZ_REQUIRE(ledger_view(l) == before, fn);
        FUZZ_REQUIRE(foreign[0] == 0, fn);
    }
    fuzz::check_status(kalkyl_ledger_free(l), "kalkyl_ledger_free");
    fuzz::check_status(kalkyl_ledger_free(nullptr), "kalkyl_ledger_free");
}

// The band functions and kalkyl_backtest; `which` counts from 0.
void fuzz_band(Reader& r, int which) {
    Call c(r);
    kalkyl_dec s1, s2, s3, s4;
    switch (which) {
        case 0:
            c.done(kalkyl_band_from_spread(c.in(s1), c.in(s2), c.in(s3), c.out<kalkyl_band>(0)),
                   "kalkyl_band_from_spread", false);
            break;
        case 1: {
            const std::size_t n = r.count(5);
            auto bands = block<kalkyl_band>(n, [&] { return any_band(c); });
            auto corr = any_correlation(r, n);
            const std::uint8_t how = r.byte();
            c.done(kalkyl_band_sum(c.null() ? nullptr : bands.get(), n,
                                   static_cast<kalkyl_aggregation>(how < 240 ? how % 3 : how - 250),
                                   r.flag() ? nullptr : corr.get(), c.scale(), c.mode(),
                                   c.out<kalkyl_band>(0)),
                   "kalkyl_band_sum", false);
            break;
        }
        case 2: {
            kalkyl_band b = any_band(c);
            c.done(kalkyl_band_excess(c.null() ? nullptr : &b, c.in(s1), c.out<int>(0),
                                      c.out<kalkyl_dec>(64)),
                   "kalkyl_band_excess", false);
            break;
        }
        case 3: {
            auto errors = block<kalkyl_dec>(r.count(24), [&] { return c.dec(); });
            const double level = any_level(r);
            const std::size_t min_history = r.count(6);
            c.done(
                kalkyl_band_empirical(c.in(s1), c.null() ? nullptr : errors.get(), errors.n, level,
                                      min_history, c.in(s2), c.in(s3), c.scale(), c.mode(),
                                      c.out<kalkyl_band>(0), c.out<kalkyl_band_info>(256)),
                "kalkyl_band_empirical", false);
            break;
        }
        case 4: {
            const std::size_t n = r.count(4);
            auto rows = block<kalkyl_band>(n, [&] { return any_band(c); });
            auto corr = any_correlation(r, n);
            kalkyl_band target = any_band(c);
            const double level = any_level(r);
            const std::uint64_t seed = r.raw<std::uint64_t>();
            const std::uint64_t scenarios = any_scenarios(r);
            c.done(kalkyl_band_simulate(c.null() ? nullptr : rows.get(), n,
                                        r.flag() ? nullptr : corr.get(), level, seed, scenarios,
                                        r.flag() ? nullptr : &target, c.scale(), c.mode(),
                                        c.out<kalkyl_simulation>(0)),
                   "kalkyl_band_simulate", false);
            break;
        }
        case 5: {
            const std::size_t n = r.count(4), years = r.count(4);
            auto points = block<kalkyl_dec>(n, [&] { return c.dec(); });
            auto errors = block<kalkyl_dec>(n * years, [&] { return c.dec(); });
            kalkyl_band target = any_band(c);
            const std::uint64_t seed = r.raw<std::uint64_t>();
            // Not any_scenarios: the bootstrap keeps no array per scenario, so
            // 2^61 of them is not refused but drawn, for as long as that takes.
            const std::uint64_t scenarios = r.byte() % 100;
            c.done(kalkyl_band_bootstrap(c.null() ? nullptr : points.get(), n,
                                         c.null() ? nullptr : errors.get(), years, seed, scenarios,
                                         r.flag() ? nullptr : &target, c.scale(), c.mode(),
                                         c.out<kalkyl_simulation>(0)),
                   "kalkyl_band_bootstrap", false);
            break;
        }
        case 6: {
            const std::size_t n = r.count(6);
            auto bands = block<kalkyl_band>(n, [&] { return any_band(c); });
            auto outcomes = block<kalkyl_dec>(n, [&] { return c.dec(); });
            const double level = any_level(r);
            c.done(kalkyl_band_grade(c.null() ? nullptr : bands.get(),
                                     c.null() ? nullptr : outcomes.get(), n, level, c.scale(),
                                     c.mode(), c.out<kalkyl_band_scores>(0)),
                   "kalkyl_band_grade", false);
            break;
        }
        default: {
            const std::size_t years = r.count(3);
            auto outcomes = block<kalkyl_dec>(years * 12, [&] { return c.dec(); });
            auto budgets = block<kalkyl_dec>(years * 12, [&] { return c.dec(); });
            const std::int32_t method = static_cast<std::int32_t>(r.byte() % 8) - 1;
            c.done(kalkyl_backtest(c.null() ? nullptr : outcomes.get(),
                                   r.flag() ? nullptr : budgets.get(), years,
                                   static_cast<kalkyl_forecast_method>(method), c.scale(), c.mode(),
                                   c.out<kalkyl_dec>(0), c.out<std::uint8_t>(4096)),
                   "kalkyl_backtest", false);
            break;
        }
    }
    (void)s4;
}

void fuzz_one(Reader& r) {
    Call c(r);
    kalkyl_dec s1, s2, s3, s4, s5, s6;
    // 0..33: the first release; 34..41: bands and kalkyl_backtest; 42, 43: a
    // ledger session (two numbers: it covers twelve functions).
    const std::uint8_t which = r.byte() % 44;
    if (which >= 42) {
        ledger_session(r);
        return;
    }
    if (which >= 34) {
        fuzz_band(r, which - 34);
        return;
    }
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
