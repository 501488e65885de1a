// The C ABI of the budget follow-up ledger (capi/kalkyl.h, section "Budget
// follow-up ledger") over include/kalkyl/followup.hpp and forecast.hpp.
//
// The conventions of capi/detail/capi_common.hpp: every argument checked,
// the C++ API called inside guarded(), outputs written only on success. The
// C++ Ledger gives the strong guarantee, so a failing call leaves the handle
// as it was; the computed figures are dropped only after a change succeeded.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detail/capi_common.hpp"
#include "detail/ledger_handle.hpp"
#include "kalkyl.h"
#include "kalkyl/followup.hpp"
#include "kalkyl/forecast.hpp"

static_assert(KALKYL_ROW_REVENUE == static_cast<int>(kalkyl::RowKind::revenue));
static_assert(KALKYL_ROW_COST == static_cast<int>(kalkyl::RowKind::cost));
static_assert(KALKYL_ROW_NET == static_cast<int>(kalkyl::RowKind::net));
static_assert(KALKYL_ROW_NET + 1 == kalkyl::row_kind_count);
static_assert(KALKYL_SERIES_BUDGET == static_cast<int>(kalkyl::Series::budget));
static_assert(KALKYL_SERIES_OUTCOME == static_cast<int>(kalkyl::Series::outcome));
static_assert(KALKYL_SERIES_PRIOR_OUTCOME == static_cast<int>(kalkyl::Series::prior_outcome));
static_assert(KALKYL_FORECAST_RUN_RATE == static_cast<int>(kalkyl::ForecastMethod::run_rate));
static_assert(KALKYL_FORECAST_REMAINING_BUDGET ==
              static_cast<int>(kalkyl::ForecastMethod::remaining_budget));
static_assert(KALKYL_FORECAST_LAST_YEAR_PROFILE ==
              static_cast<int>(kalkyl::ForecastMethod::last_year_profile));
static_assert(KALKYL_FORECAST_TREND == static_cast<int>(kalkyl::ForecastMethod::trend));
static_assert(KALKYL_FORECAST_SEASONAL_TREND ==
              static_cast<int>(kalkyl::ForecastMethod::seasonal_trend));
static_assert(KALKYL_FORECAST_MANUAL == static_cast<int>(kalkyl::ForecastMethod::manual));
static_assert(KALKYL_FIG_BUDGET_YTD == static_cast<int>(kalkyl::Figure::budget_ytd));
static_assert(KALKYL_FIG_KOMMUNBIDRAG_YTD == static_cast<int>(kalkyl::Figure::kommunbidrag_ytd));
static_assert(KALKYL_FIG_VARIANCE_YTD == static_cast<int>(kalkyl::Figure::variance_ytd));
static_assert(KALKYL_FIG_FORECAST == static_cast<int>(kalkyl::Figure::forecast));
static_assert(KALKYL_FIG_CHANGE_YEAR == static_cast<int>(kalkyl::Figure::change_year));
static_assert(KALKYL_FIG_CHANGE_YEAR + 1 == kalkyl::figure_count);
static_assert(KALKYL_PCT_BUDGETHALLNING_YTD ==
              static_cast<int>(kalkyl::PercentFigure::budgethallning_ytd));
static_assert(KALKYL_PCT_CHANGE_YEAR == static_cast<int>(kalkyl::PercentFigure::change_year));
static_assert(KALKYL_PCT_CHANGE_YEAR + 1 == kalkyl::percent_figure_count);

namespace {

using kalkyl::Decimal;
using namespace kalkyl::capi::detail;

kalkyl_status check_handle(const kalkyl_ledger* l, const char* fn) {
    if (l == nullptr) return null_arg(fn, "ledger");
    if (l->magic != kalkyl_ledger::live)
        return fail(KALKYL_E_INVALID, fn,
                    "ledger is not a live kalkyl_ledger (freed already, or not made by "
                    "kalkyl_ledger_new)");
    return KALKYL_OK;
}

kalkyl_status check_month(std::int32_t month, const char* fn, std::string_view id) {
    if (month >= 1 && month <= 12) return KALKYL_OK;
    if (id.empty())
        return failf(KALKYL_E_INVALID, fn, "month %d is outside 1..12", static_cast<int>(month));
    return failf(KALKYL_E_INVALID, fn, "row '%.*s': month %d is outside 1..12",
                 static_cast<int>(id.size()), id.data(), static_cast<int>(month));
}

kalkyl_status check_method(int method, const char* fn, bool manual_allowed) {
    if (method >= 0 && method < kalkyl::forecast_method_count &&
        (manual_allowed || method != KALKYL_FORECAST_MANUAL))
        return KALKYL_OK;
    if (method == KALKYL_FORECAST_MANUAL)
        return fail(KALKYL_E_INVALID, fn,
                    "method MANUAL is entered by a person, not computed (use "
                    "kalkyl_ledger_set_manual_forecast)");
    return failf(KALKYL_E_INVALID, fn,
                 "method %d is not a kalkyl_forecast_method (0 RUN_RATE, 1 REMAINING_BUDGET, 2 "
                 "LAST_YEAR_PROFILE, 3 TREND, 4 SEASONAL_TREND)",
                 method);
}

kalkyl_status check_computed(const kalkyl_ledger* l, const char* fn) {
    if (l->figures) return KALKYL_OK;
    return fail(KALKYL_E_INVALID, fn,
                "no figures: call kalkyl_ledger_compute first (and again after any change)");
}

kalkyl_status check_figure(int what, const char* fn) {
    if (what >= 0 && what < kalkyl::figure_count) return KALKYL_OK;
    return failf(KALKYL_E_INVALID, fn, "what %d is not a kalkyl_ledger_figure (0..13)", what);
}

// Which row an Error from add_rows is about: its message starts "row 'id':".
std::size_t row_at_fault(const kalkyl::Error& e, const kalkyl_row_spec* rows, std::size_t n) {
    const std::string_view msg = e.what();
    for (std::size_t i = 0; i < n; ++i) {
        const std::string prefix = "row '" + std::string(rows[i].id, rows[i].id_len) + "':";
        if (msg.substr(0, prefix.size()) == prefix) return i;
    }
    if (msg.rfind("row ", 0) == 0) {  // "row 3: the id is empty"
        std::size_t i = 0;
        std::size_t pos = 4;
        bool digits = false;
        while (pos < msg.size() && msg[pos] >= '0' && msg[pos] <= '9') {
            i = i * 10 + static_cast<std::size_t>(msg[pos] - '0');
            ++pos;
            digits = true;
        }
        if (digits && i < n) return i;
    }
    return SIZE_MAX;
}

}  // namespace

KALKYL_API kalkyl_status kalkyl_ledger_new(kalkyl_ledger** out) {
    static constexpr const char* fn = "kalkyl_ledger_new";
    return guarded(fn, [&] {
        if (out == nullptr) return null_arg(fn, "out");
        *out = new kalkyl_ledger();
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_ledger_free(kalkyl_ledger* ledger) {
    static constexpr const char* fn = "kalkyl_ledger_free";
    if (ledger == nullptr) return KALKYL_OK;
    if (const kalkyl_status s = check_handle(ledger, fn); s != KALKYL_OK) return s;
    ledger->magic = 0;  // a second free of the same pointer is then usually caught
    delete ledger;
    return KALKYL_OK;
}

KALKYL_API kalkyl_status kalkyl_ledger_add_rows(kalkyl_ledger* ledger, const kalkyl_row_spec* rows,
                                                size_t n, size_t* bad_index) {
    static constexpr const char* fn = "kalkyl_ledger_add_rows";
    std::size_t fault = SIZE_MAX;
    const kalkyl_status status = guarded(fn, [&] {
        if (const kalkyl_status s = check_handle(ledger, fn); s != KALKYL_OK) return s;
        if (rows == nullptr && n > 0)
            return failf(KALKYL_E_NULL, fn, "rows is NULL but n is %zu", n);
        std::vector<kalkyl::RowSpec> specs(n);
        for (std::size_t i = 0; i < n; ++i) {
            const kalkyl_row_spec& r = rows[i];
            fault = i;
            if (r.id == nullptr) return failf(KALKYL_E_NULL, fn, "rows[%zu].id is NULL", i);
            if (r.name == nullptr && r.name_len > 0)
                return failf(KALKYL_E_NULL, fn, "rows[%zu].name is NULL but name_len is %zu", i,
                             r.name_len);
            if (r.parent == nullptr && r.parent_len > 0)
                return failf(KALKYL_E_NULL, fn, "rows[%zu].parent is NULL but parent_len is %zu", i,
                             r.parent_len);
            if (r.reserved != 0)
                return failf(KALKYL_E_INVALID, fn, "rows[%zu].reserved is %u; it must be 0", i,
                             static_cast<unsigned>(r.reserved));
            specs[i].id.assign(r.id, r.id_len);
            if (r.name != nullptr) specs[i].name.assign(r.name, r.name_len);
            if (r.parent != nullptr) specs[i].parent.assign(r.parent, r.parent_len);
            specs[i].kind = static_cast<kalkyl::RowKind>(r.kind);  // checked by add_rows
        }
        fault = SIZE_MAX;
        try {
            ledger->ledger.add_rows(specs);
        } catch (const kalkyl::Error& e) {
            fault = row_at_fault(e, rows, n);
            throw;
        }
        ledger->figures.reset();
        return KALKYL_OK;
    });
    if (status != KALKYL_OK && bad_index != nullptr) *bad_index = fault;
    return status;
}

KALKYL_API kalkyl_status kalkyl_ledger_add_row(kalkyl_ledger* ledger, const char* id, size_t id_len,
                                               const char* name, size_t name_len,
                                               kalkyl_row_kind kind, const char* parent,
                                               size_t parent_len) {
    static constexpr const char* fn = "kalkyl_ledger_add_row";
    return guarded(fn, [&] {
        if (const kalkyl_status s = check_handle(ledger, fn); s != KALKYL_OK) return s;
        std::string_view i, nm, p;
        if (const kalkyl_status s = load_text(id, id_len, fn, "id", false, i); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = load_text(name, name_len, fn, "name", true, nm); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = load_text(parent, parent_len, fn, "parent", true, p);
            s != KALKYL_OK)
            return s;
        ledger->ledger.add_row(i, nm, static_cast<kalkyl::RowKind>(enum_value(kind)), p);
        ledger->figures.reset();
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_ledger_set_values(kalkyl_ledger* ledger, const char* id,
                                                  size_t id_len, kalkyl_series series,
                                                  int32_t first_month, const kalkyl_dec* values,
                                                  size_t n) {
    static constexpr const char* fn = "kalkyl_ledger_set_values";
    return guarded(fn, [&] {
        if (const kalkyl_status s = check_handle(ledger, fn); s != KALKYL_OK) return s;
        std::string_view i;
        if (const kalkyl_status s = load_text(id, id_len, fn, "id", false, i); s != KALKYL_OK)
            return s;
        if (values == nullptr && n > 0)
            return failf(KALKYL_E_NULL, fn, "values is NULL but n is %zu", n);
        if (const kalkyl_status s = check_month(first_month, fn, i); s != KALKYL_OK) return s;
        if (n > 12)
            return failf(KALKYL_E_INVALID, fn, "row '%.*s': n is %zu; a year has 12 months",
                         static_cast<int>(i.size()), i.data(), n);
        const int sr = enum_value(series);
        if (sr < 0 || sr >= kalkyl::series_count)
            return failf(KALKYL_E_INVALID, fn,
                         "series %d is not a kalkyl_series (0 BUDGET, 1 OUTCOME, 2 PRIOR_OUTCOME)",
                         sr);
        Decimal v[12];
        for (std::size_t k = 0; k < n; ++k)
            if (const kalkyl_status s = load_at(values, k, fn, "values", v[k]); s != KALKYL_OK)
                return s;
        ledger->ledger.set_values(i, static_cast<kalkyl::Series>(sr), kalkyl::Month(first_month),
                                  std::span<const Decimal>(v, n));
        ledger->figures.reset();
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_ledger_set_annual_budget(kalkyl_ledger* ledger, const char* id,
                                                         size_t id_len, const kalkyl_dec* annual,
                                                         const kalkyl_dec* profile, int32_t scale,
                                                         kalkyl_allocation_mode mode) {
    static constexpr const char* fn = "kalkyl_ledger_set_annual_budget";
    return guarded(fn, [&] {
        if (const kalkyl_status s = check_handle(ledger, fn); s != KALKYL_OK) return s;
        std::string_view i;
        if (const kalkyl_status s = load_text(id, id_len, fn, "id", false, i); s != KALKYL_OK)
            return s;
        Decimal a;
        if (const kalkyl_status s = load(annual, fn, "annual", a); s != KALKYL_OK) return s;
        const int m = enum_value(mode);
        if (m < 0 || m >= kalkyl::allocation_mode_count)
            return failf(KALKYL_E_INVALID, fn, "mode %d is not a kalkyl_allocation_mode (0..3)", m);
        kalkyl::MonthlyProfile p = kalkyl::MonthlyProfile::equal();
        if (profile != nullptr) {
            Decimal w[12];
            for (std::size_t k = 0; k < 12; ++k)
                if (const kalkyl_status s = load_at(profile, k, fn, "profile", w[k]);
                    s != KALKYL_OK)
                    return s;
            p = kalkyl::MonthlyProfile::from_weights(std::span<const Decimal>(w, 12));
        }
        ledger->ledger.set_annual_budget(i, a, p, scale, static_cast<kalkyl::AllocationMode>(m));
        ledger->figures.reset();
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_ledger_add_forecast(kalkyl_ledger* ledger, const char* id,
                                                    size_t id_len, const char* name,
                                                    size_t name_len, kalkyl_forecast_method method,
                                                    int32_t month, int32_t scale,
                                                    kalkyl_rounding mode, kalkyl_dec* out) {
    static constexpr const char* fn = "kalkyl_ledger_add_forecast";
    return guarded(fn, [&] {
        if (const kalkyl_status s = check_handle(ledger, fn); s != KALKYL_OK) return s;
        std::string_view i, nm;
        if (const kalkyl_status s = load_text(id, id_len, fn, "id", false, i); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = load_text(name, name_len, fn, "name", false, nm);
            s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = check_method(enum_value(method), fn, false); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = check_month(month, fn, i); s != KALKYL_OK) return s;
        if (const kalkyl_status s = check_rounding(enum_value(mode), fn, "mode"); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = check_scale(scale, fn, "scale"); s != KALKYL_OK) return s;
        const kalkyl::Forecast& f = ledger->ledger.add_forecast(
            i, nm, static_cast<kalkyl::ForecastMethod>(enum_value(method)), kalkyl::Month(month),
            scale, static_cast<kalkyl::Rounding>(enum_value(mode)));
        ledger->figures.reset();
        if (out != nullptr) *out = to_c(f.value);
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_ledger_set_manual_forecast(
    kalkyl_ledger* ledger, const char* id, size_t id_len, const char* name, size_t name_len,
    int32_t month, const kalkyl_dec* value, const kalkyl_dec* downside, const kalkyl_dec* upside,
    const char* author, size_t author_len) {
    static constexpr const char* fn = "kalkyl_ledger_set_manual_forecast";
    return guarded(fn, [&] {
        if (const kalkyl_status s = check_handle(ledger, fn); s != KALKYL_OK) return s;
        std::string_view i, nm, au;
        if (const kalkyl_status s = load_text(id, id_len, fn, "id", false, i); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = load_text(name, name_len, fn, "name", false, nm);
            s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = load_text(author, author_len, fn, "author", true, au);
            s != KALKYL_OK)
            return s;
        Decimal v, d, u;
        if (const kalkyl_status s = load(value, fn, "value", v); s != KALKYL_OK) return s;
        if (const kalkyl_status s = load(downside, fn, "downside", d); s != KALKYL_OK) return s;
        if (const kalkyl_status s = load(upside, fn, "upside", u); s != KALKYL_OK) return s;
        if (const kalkyl_status s = check_month(month, fn, i); s != KALKYL_OK) return s;
        ledger->ledger.set_manual_forecast(i, nm, kalkyl::Month(month), v, d, u, au);
        ledger->figures.reset();
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_ledger_forecast_info(const kalkyl_ledger* ledger, const char* id,
                                                     size_t id_len, const char* name,
                                                     size_t name_len, int32_t* method,
                                                     int32_t* month, kalkyl_dec* value,
                                                     kalkyl_dec* downside, kalkyl_dec* upside) {
    static constexpr const char* fn = "kalkyl_ledger_forecast_info";
    return guarded(fn, [&] {
        if (const kalkyl_status s = check_handle(ledger, fn); s != KALKYL_OK) return s;
        std::string_view i, nm;
        if (const kalkyl_status s = load_text(id, id_len, fn, "id", false, i); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = load_text(name, name_len, fn, "name", false, nm);
            s != KALKYL_OK)
            return s;
        const kalkyl::Forecast* f = ledger->ledger.own_forecast(i, nm);
        if (f == nullptr)
            return failf(
                KALKYL_E_INVALID, fn, "row '%.*s': no forecast named '%.*s' stored on the row",
                static_cast<int>(i.size()), i.data(), static_cast<int>(nm.size()), nm.data());
        if (method != nullptr) *method = static_cast<std::int32_t>(f->method);
        if (month != nullptr) *month = f->as_of.value();
        if (value != nullptr) *value = to_c(f->value);
        if (downside != nullptr) *downside = to_c(f->downside);
        if (upside != nullptr) *upside = to_c(f->upside);
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_ledger_row_count(const kalkyl_ledger* ledger, size_t* out) {
    static constexpr const char* fn = "kalkyl_ledger_row_count";
    if (const kalkyl_status s = check_handle(ledger, fn); s != KALKYL_OK) return s;
    if (out == nullptr) return null_arg(fn, "out");
    *out = ledger->ledger.size();
    return KALKYL_OK;
}

KALKYL_API kalkyl_status kalkyl_ledger_compute(kalkyl_ledger* ledger, int32_t month) {
    static constexpr const char* fn = "kalkyl_ledger_compute";
    return guarded(fn, [&] {
        if (const kalkyl_status s = check_handle(ledger, fn); s != KALKYL_OK) return s;
        if (const kalkyl_status s = check_month(month, fn, {}); s != KALKYL_OK) return s;
        ledger->figures = ledger->ledger.compute(kalkyl::Month(month));
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_ledger_get(const kalkyl_ledger* ledger, const char* id,
                                           size_t id_len, kalkyl_ledger_figure what,
                                           const char* forecast, size_t forecast_len,
                                           kalkyl_dec* out) {
    static constexpr const char* fn = "kalkyl_ledger_get";
    return guarded(fn, [&] {
        if (const kalkyl_status s = check_handle(ledger, fn); s != KALKYL_OK) return s;
        std::string_view i, fc;
        if (const kalkyl_status s = load_text(id, id_len, fn, "id", false, i); s != KALKYL_OK)
            return s;
        const int w = enum_value(what);
        if (const kalkyl_status s = check_figure(w, fn); s != KALKYL_OK) return s;
        const bool needs = w >= KALKYL_FIG_FORECAST;
        if (needs) {
            if (const kalkyl_status s =
                    load_text(forecast, forecast_len, fn, "forecast", false, fc);
                s != KALKYL_OK)
                return s;
        }
        if (out == nullptr) return null_arg(fn, "out");
        if (const kalkyl_status s = check_computed(ledger, fn); s != KALKYL_OK) return s;
        *out = to_c(ledger->figures->figure(i, static_cast<kalkyl::Figure>(w), fc));
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_ledger_get_column(const kalkyl_ledger* ledger,
                                                  kalkyl_ledger_figure what, const char* forecast,
                                                  size_t forecast_len, kalkyl_dec* out, size_t n) {
    static constexpr const char* fn = "kalkyl_ledger_get_column";
    return guarded(fn, [&] {
        if (const kalkyl_status s = check_handle(ledger, fn); s != KALKYL_OK) return s;
        std::string_view fc;
        const int w = enum_value(what);
        if (const kalkyl_status s = check_figure(w, fn); s != KALKYL_OK) return s;
        if (w >= KALKYL_FIG_FORECAST) {
            if (const kalkyl_status s =
                    load_text(forecast, forecast_len, fn, "forecast", false, fc);
                s != KALKYL_OK)
                return s;
        }
        if (out == nullptr && n > 0) return failf(KALKYL_E_NULL, fn, "out is NULL but n is %zu", n);
        if (const kalkyl_status s = check_computed(ledger, fn); s != KALKYL_OK) return s;
        const kalkyl::FollowUp& f = *ledger->figures;
        if (n != f.size())
            return failf(KALKYL_E_INVALID, fn, "n is %zu; the ledger has %zu rows", n, f.size());
        std::vector<kalkyl_dec> column(n);
        for (std::size_t k = 0; k < n; ++k)
            column[k] = to_c(f.figure_at(k, static_cast<kalkyl::Figure>(w), fc));
        std::copy(column.begin(), column.end(), out);
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_ledger_percent(const kalkyl_ledger* ledger, const char* id,
                                               size_t id_len, kalkyl_percent_figure what,
                                               const char* forecast, size_t forecast_len,
                                               int32_t scale, kalkyl_rounding mode,
                                               kalkyl_dec* out) {
    static constexpr const char* fn = "kalkyl_ledger_percent";
    return guarded(fn, [&] {
        if (const kalkyl_status s = check_handle(ledger, fn); s != KALKYL_OK) return s;
        std::string_view i, fc;
        if (const kalkyl_status s = load_text(id, id_len, fn, "id", false, i); s != KALKYL_OK)
            return s;
        const int w = enum_value(what);
        if (w < 0 || w >= kalkyl::percent_figure_count)
            return failf(KALKYL_E_INVALID, fn, "what %d is not a kalkyl_percent_figure (0..3)", w);
        if (w == KALKYL_PCT_BUDGETHALLNING_YEAR || w == KALKYL_PCT_CHANGE_YEAR) {
            if (const kalkyl_status s =
                    load_text(forecast, forecast_len, fn, "forecast", false, fc);
                s != KALKYL_OK)
                return s;
        }
        if (const kalkyl_status s = check_rounding(enum_value(mode), fn, "mode"); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = check_scale(scale, fn, "scale"); s != KALKYL_OK) return s;
        if (out == nullptr) return null_arg(fn, "out");
        if (const kalkyl_status s = check_computed(ledger, fn); s != KALKYL_OK) return s;
        const kalkyl::Percent p =
            ledger->figures->percent(i, static_cast<kalkyl::PercentFigure>(w), fc, scale,
                                     static_cast<kalkyl::Rounding>(enum_value(mode)));
        *out = to_c(p.value());
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_backtest(const kalkyl_dec* outcomes, const kalkyl_dec* budgets,
                                         size_t n_years, kalkyl_forecast_method method,
                                         int32_t scale, kalkyl_rounding mode, kalkyl_dec* errors,
                                         uint8_t* valid) {
    static constexpr const char* fn = "kalkyl_backtest";
    return guarded(fn, [&] {
        if (n_years > 0) {
            if (outcomes == nullptr) return null_arg(fn, "outcomes");
            if (errors == nullptr) return null_arg(fn, "errors");
            if (valid == nullptr) return null_arg(fn, "valid");
        }
        if (const kalkyl_status s = check_method(enum_value(method), fn, false); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = check_rounding(enum_value(mode), fn, "mode"); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = check_scale(scale, fn, "scale"); s != KALKYL_OK) return s;
        std::vector<kalkyl::YearHistory> years(n_years);
        for (std::size_t y = 0; y < n_years; ++y) {
            years[y].year = static_cast<int>(y);
            for (std::size_t m = 0; m < 12; ++m)
                if (const kalkyl_status s =
                        load_at(outcomes, 12 * y + m, fn, "outcomes", years[y].outcome[m]);
                    s != KALKYL_OK)
                    return s;
            if (budgets != nullptr) {
                kalkyl::MonthlyAmounts b{};
                for (std::size_t m = 0; m < 12; ++m)
                    if (const kalkyl_status s = load_at(budgets, 12 * y + m, fn, "budgets", b[m]);
                        s != KALKYL_OK)
                        return s;
                years[y].budget = b;
            }
        }
        const std::vector<kalkyl::BacktestPoint> points =
            kalkyl::backtest(years, static_cast<kalkyl::ForecastMethod>(enum_value(method)), scale,
                             static_cast<kalkyl::Rounding>(enum_value(mode)));
        std::vector<kalkyl_dec> e(12 * n_years, to_c(Decimal()));
        std::vector<std::uint8_t> v(12 * n_years, 0);
        for (const kalkyl::BacktestPoint& p : points) {
            const std::size_t at = 12 * static_cast<std::size_t>(p.year) + p.month.index();
            e[at] = to_c(p.error);
            v[at] = 1;
        }
        std::copy(e.begin(), e.end(), errors);
        std::copy(v.begin(), v.end(), valid);
        return KALKYL_OK;
    });
}
