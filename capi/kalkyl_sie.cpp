// The C ABI of SIE 4 files (capi/kalkyl.h, section "SIE 4 files") over
// include/kalkyl/sie.hpp.
//
// The conventions of capi/detail/capi_common.hpp: every argument checked,
// the C++ API called inside guarded(), outputs written only on success. A
// kalkyl_sie is immutable once read: the accessors hand out pointers into
// the File it holds, and the object lists as one flat array of
// kalkyl_sie_object built at read time, so that no accessor allocates and
// any number of threads may read a handle at once.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "detail/capi_common.hpp"
#include "detail/ledger_handle.hpp"
#include "kalkyl.h"
#include "kalkyl/sie.hpp"

namespace sie = kalkyl::sie;

static_assert(KALKYL_SIE_ENC_CP437 == static_cast<int>(sie::Encoding::cp437));
static_assert(KALKYL_SIE_ENC_WINDOWS_1252 == static_cast<int>(sie::Encoding::windows1252));
static_assert(KALKYL_SIE_ENC_UTF8 == static_cast<int>(sie::Encoding::utf8));
static_assert(KALKYL_SIE_CHECKSUM_ABSENT == static_cast<int>(sie::ChecksumState::absent));
static_assert(KALKYL_SIE_CHECKSUM_VERIFIED == static_cast<int>(sie::ChecksumState::verified));
static_assert(KALKYL_SIE_CHECKSUM_MISMATCH == static_cast<int>(sie::ChecksumState::mismatch));
static_assert(KALKYL_SIE_CHECKSUM_UNCLOSED == static_cast<int>(sie::ChecksumState::unclosed));
static_assert(KALKYL_SIE_INFO == static_cast<int>(sie::Severity::info));
static_assert(KALKYL_SIE_WARNING == static_cast<int>(sie::Severity::warning));
static_assert(KALKYL_SIE_ERROR == static_cast<int>(sie::Severity::error));
static_assert(KALKYL_SIE_IB == static_cast<int>(sie::BalanceKind::ib));
static_assert(KALKYL_SIE_OUB == static_cast<int>(sie::BalanceKind::oub));
static_assert(KALKYL_SIE_PSALDO == static_cast<int>(sie::PeriodKind::psaldo));
static_assert(KALKYL_SIE_PBUDGET == static_cast<int>(sie::PeriodKind::pbudget));
static_assert(KALKYL_SIE_TRANS == static_cast<int>(sie::PeriodKind::trans));
static_assert(KALKYL_SIE_CHART_BAS == static_cast<int>(sie::Chart::bas));
static_assert(KALKYL_SIE_CHART_KOMMUN_BAS == static_cast<int>(sie::Chart::kommun_bas));
static_assert(KALKYL_SIE_OUTCOME_AUTO == static_cast<int>(sie::OutcomeSource::automatic));
static_assert(KALKYL_SIE_OUTCOME_PSALDO == static_cast<int>(sie::OutcomeSource::psaldo));
static_assert(KALKYL_SIE_OUTCOME_TRANSACTIONS ==
              static_cast<int>(sie::OutcomeSource::transactions));

// The handle. `lists` holds every object list of the balances, the period
// amounts and the transaction sums, one after another; `*_list[i]` is where
// item i's list begins (one entry more than items, so that the next entry is
// its end).
struct kalkyl_sie {
    static constexpr std::uint64_t live = 0x6b616c6b53494534ULL;  // "kalkSIE4"
    std::uint64_t magic = live;
    sie::File file;
    std::vector<kalkyl_sie_object> lists;
    std::vector<std::size_t> balance_list;
    std::vector<std::size_t> period_list;
    std::vector<std::size_t> transaction_list;
};

namespace {

using namespace kalkyl::capi::detail;

kalkyl_status check_handle(const kalkyl_sie* h, const char* fn) {
    if (h == nullptr) return null_arg(fn, "sie");
    if (h->magic != kalkyl_sie::live)
        return fail(KALKYL_E_INVALID, fn,
                    "sie is not a live kalkyl_sie (freed already, or not made by kalkyl_sie_read)");
    return KALKYL_OK;
}

kalkyl_status check_index(std::size_t i, std::size_t n, const char* fn, const char* what) {
    if (i < n) return KALKYL_OK;
    return failf(KALKYL_E_INVALID, fn, "index %zu is past the file's %zu %s", i, n, what);
}

kalkyl_status load_encoding(int encoding, const char* fn, sie::EncodingChoice& out) {
    switch (encoding) {
        case KALKYL_SIE_ENC_AUTO:
            out = sie::EncodingChoice::automatic;
            return KALKYL_OK;
        case KALKYL_SIE_ENC_CP437:
            out = sie::EncodingChoice::cp437;
            return KALKYL_OK;
        case KALKYL_SIE_ENC_WINDOWS_1252:
            out = sie::EncodingChoice::windows1252;
            return KALKYL_OK;
        case KALKYL_SIE_ENC_UTF8:
            out = sie::EncodingChoice::utf8;
            return KALKYL_OK;
        default:
            return failf(KALKYL_E_INVALID, fn,
                         "encoding %d is not a kalkyl_sie_encoding (-1 AUTO, 0 CP437, "
                         "1 WINDOWS_1252, 2 UTF8)",
                         encoding);
    }
}

void append_list(kalkyl_sie& h, const std::vector<sie::ObjectRef>& objects) {
    for (const auto& o : objects)
        h.lists.push_back({o.dimension, o.id.c_str(), o.id.size(), ""});
}

// Builds the handle's object lists. The pointers into `file` stay valid: the
// File is never changed after this.
std::unique_ptr<kalkyl_sie> make_handle(sie::File&& file) {
    auto h = std::make_unique<kalkyl_sie>();
    h->file = std::move(file);
    const sie::File& f = h->file;
    h->balance_list.reserve(f.balances.size() + 1);
    for (const auto& b : f.balances) {
        h->balance_list.push_back(h->lists.size());
        append_list(*h, b.objects);
    }
    h->balance_list.push_back(h->lists.size());
    h->period_list.reserve(f.periods.size() + 1);
    for (const auto& p : f.periods) {
        h->period_list.push_back(h->lists.size());
        append_list(*h, p.objects);
    }
    h->period_list.push_back(h->lists.size());
    h->transaction_list.reserve(f.transactions.size() + 1);
    for (const auto& p : f.transactions) {
        h->transaction_list.push_back(h->lists.size());
        append_list(*h, p.objects);
    }
    h->transaction_list.push_back(h->lists.size());
    return h;
}

void write_optional(const std::optional<kalkyl::Decimal>& q, kalkyl_dec& value, int32_t& has) {
    has = q.has_value() ? 1 : 0;
    value = to_c(q.value_or(kalkyl::Decimal{}));
}

kalkyl_sie_period period_of(const kalkyl_sie& h, const sie::PeriodAmount& p,
                            const std::vector<std::size_t>& list, std::size_t i) {
    kalkyl_sie_period out{};
    out.kind = static_cast<int32_t>(p.kind);
    out.year = p.year;
    out.period = p.period;
    out.account = p.account.c_str();
    out.n_objects = list[i + 1] - list[i];
    out.objects = out.n_objects == 0 ? nullptr : h.lists.data() + list[i];
    out.amount = to_c(p.amount);
    write_optional(p.quantity, out.quantity, out.has_quantity);
    out.count = p.count;
    return out;
}

// The accessors by index share one shape: check the handle, the output and
// the index, then write one struct made by `make(item, index)`.
template <class Out, class Item, class Make>
kalkyl_status get_item(const kalkyl_sie* h, std::size_t i, Out* out, const char* fn,
                       const char* what, std::vector<Item> sie::File::*items, Make make) {
    if (h == nullptr) return null_arg(fn, "sie");  // as check_handle; said here for the analyzer
    if (const kalkyl_status s = check_handle(h, fn); s != KALKYL_OK) return s;
    if (out == nullptr) return null_arg(fn, "out");
    const std::vector<Item>& all = h->file.*items;
    if (const kalkyl_status s = check_index(i, all.size(), fn, what); s != KALKYL_OK) return s;
    *out = make(all[i], i);
    return KALKYL_OK;
}

template <class Read>
kalkyl_status read_into(const char* fn, int encoding, kalkyl_sie** out, Read&& read) {
    return guarded(fn, [&]() -> kalkyl_status {
        if (out == nullptr) return null_arg(fn, "out");
        sie::ReadOptions options;
        if (const kalkyl_status s = load_encoding(encoding, fn, options.encoding); s != KALKYL_OK)
            return s;
        *out = make_handle(read(options)).release();
        return KALKYL_OK;
    });
}

// A text of a struct: NULL is allowed with a length of 0.
kalkyl_status load_field(const char* p, std::size_t len, const char* fn, const char* name,
                         std::string& out) {
    std::string_view view;
    if (const kalkyl_status s = load_text(p, len, fn, name, true, view); s != KALKYL_OK) return s;
    out.assign(view);
    return KALKYL_OK;
}

}  // namespace

extern "C" {

KALKYL_API kalkyl_status kalkyl_sie_read(const char* data, size_t len, kalkyl_sie_encoding encoding,
                                         kalkyl_sie** out) {
    static constexpr const char* fn = "kalkyl_sie_read";
    if (data == nullptr && len > 0)
        return failf(KALKYL_E_NULL, fn, "data is NULL but len is %zu", len);
    return read_into(fn, enum_value(encoding), out, [&](const sie::ReadOptions& options) {
        return sie::read_bytes(std::string_view(data == nullptr ? "" : data, len), options);
    });
}

KALKYL_API kalkyl_status kalkyl_sie_read_file(const char* path, kalkyl_sie_encoding encoding,
                                              kalkyl_sie** out) {
    static constexpr const char* fn = "kalkyl_sie_read_file";
    if (path == nullptr) return null_arg(fn, "path");
    return read_into(fn, enum_value(encoding), out, [&](const sie::ReadOptions& options) {
        return sie::read_file(path, options);
    });
}

KALKYL_API kalkyl_status kalkyl_sie_free(kalkyl_sie* h) {
    if (h == nullptr) return KALKYL_OK;
    if (const kalkyl_status s = check_handle(h, "kalkyl_sie_free"); s != KALKYL_OK) return s;
    h->magic = 0;
    delete h;
    return KALKYL_OK;
}

KALKYL_API kalkyl_status kalkyl_sie_get_info(const kalkyl_sie* h, kalkyl_sie_info* out) {
    static constexpr const char* fn = "kalkyl_sie_get_info";
    if (const kalkyl_status s = check_handle(h, fn); s != KALKYL_OK) return s;
    if (out == nullptr) return null_arg(fn, "out");
    const std::uint32_t size = out->size;
    if (size < sizeof(kalkyl_sie_info) || size > max_struct_size)
        return failf(KALKYL_E_INVALID, fn,
                     "out->size is %u; set it to sizeof(kalkyl_sie_info) (%zu in this ABI "
                     "version)",
                     static_cast<unsigned>(size), sizeof(kalkyl_sie_info));
    const sie::File& f = h->file;
    kalkyl_sie_info info{};
    info.size = size;
    info.sie_type = f.sie_type;
    info.encoding = static_cast<int32_t>(f.summary.encoding);
    info.encoding_mismatch = f.summary.encoding_mismatch ? 1 : 0;
    info.checksum = static_cast<int32_t>(f.summary.checksum);
    info.complete = f.complete() ? 1 : 0;
    info.checksum_expected = f.summary.checksum_expected;
    info.checksum_computed = f.summary.checksum_computed;
    info.program = f.program.c_str();
    info.program_version = f.program_version.c_str();
    info.format = f.format.c_str();
    info.generated = f.generated.c_str();
    info.company = f.company.c_str();
    info.org_number = f.org_number.c_str();
    info.chart_type = f.chart_type.c_str();
    info.currency = f.currency.c_str();
    info.bytes = f.summary.bytes;
    info.lines = f.summary.lines;
    info.verifications = f.verification_count;
    info.transactions = f.transaction_count;
    info.transactions_outside_years = f.transactions_outside_years;
    info.diagnostics_dropped = f.diagnostics_dropped;
    info.error_count = f.error_count;
    info.n_years = f.years.size();
    info.n_accounts = f.accounts.size();
    info.n_dimensions = f.dimensions.size();
    info.n_objects = f.objects.size();
    info.n_balances = f.balances.size();
    info.n_periods = f.periods.size();
    info.n_transaction_sums = f.transactions.size();
    info.n_diagnostics = f.diagnostics.size();
    info.n_unknown_labels = f.unknown_labels.size();
    // A later release's larger struct: its fields this library does not know
    // read as 0.
    std::memset(reinterpret_cast<unsigned char*>(out) + sizeof info, 0, size - sizeof info);
    std::memcpy(out, &info, sizeof info);
    return KALKYL_OK;
}

KALKYL_API kalkyl_status kalkyl_sie_get_year(const kalkyl_sie* h, size_t i, kalkyl_sie_year* out) {
    return get_item(h, i, out, "kalkyl_sie_get_year", "#RAR years", &sie::File::years,
                    [](const sie::FiscalYear& y, std::size_t) {
                        return kalkyl_sie_year{y.index, y.start, y.end};
                    });
}

KALKYL_API kalkyl_status kalkyl_sie_get_account(const kalkyl_sie* h, size_t i,
                                                kalkyl_sie_account* out) {
    return get_item(h, i, out, "kalkyl_sie_get_account", "accounts", &sie::File::accounts,
                    [](const sie::Account& a, std::size_t) {
                        return kalkyl_sie_account{a.number.c_str(), a.name.c_str(), a.type};
                    });
}

KALKYL_API kalkyl_status kalkyl_sie_get_dimension(const kalkyl_sie* h, size_t i,
                                                  kalkyl_sie_dimension* out) {
    return get_item(h, i, out, "kalkyl_sie_get_dimension", "dimensions", &sie::File::dimensions,
                    [](const sie::Dimension& d, std::size_t) {
                        return kalkyl_sie_dimension{d.number, d.parent, d.name.c_str()};
                    });
}

KALKYL_API kalkyl_status kalkyl_sie_get_object(const kalkyl_sie* h, size_t i,
                                               kalkyl_sie_object* out) {
    return get_item(
        h, i, out, "kalkyl_sie_get_object", "objects", &sie::File::objects,
        [](const sie::Object& o, std::size_t) {
            return kalkyl_sie_object{o.dimension, o.id.c_str(), o.id.size(), o.name.c_str()};
        });
}

KALKYL_API kalkyl_status kalkyl_sie_get_balance(const kalkyl_sie* h, size_t i,
                                                kalkyl_sie_balance* out) {
    return get_item(h, i, out, "kalkyl_sie_get_balance", "balances", &sie::File::balances,
                    [h](const sie::Balance& b, std::size_t k) {
                        kalkyl_sie_balance r{};
                        r.kind = static_cast<int32_t>(b.kind);
                        r.year = b.year;
                        r.account = b.account.c_str();
                        r.n_objects = h->balance_list[k + 1] - h->balance_list[k];
                        r.objects =
                            r.n_objects == 0 ? nullptr : h->lists.data() + h->balance_list[k];
                        r.amount = to_c(b.amount);
                        write_optional(b.quantity, r.quantity, r.has_quantity);
                        return r;
                    });
}

KALKYL_API kalkyl_status kalkyl_sie_get_period(const kalkyl_sie* h, size_t i,
                                               kalkyl_sie_period* out) {
    return get_item(h, i, out, "kalkyl_sie_get_period", "period amounts", &sie::File::periods,
                    [h](const sie::PeriodAmount& p, std::size_t k) {
                        return period_of(*h, p, h->period_list, k);
                    });
}

KALKYL_API kalkyl_status kalkyl_sie_get_transaction_sum(const kalkyl_sie* h, size_t i,
                                                        kalkyl_sie_period* out) {
    return get_item(h, i, out, "kalkyl_sie_get_transaction_sum", "transaction sums",
                    &sie::File::transactions, [h](const sie::PeriodAmount& p, std::size_t k) {
                        return period_of(*h, p, h->transaction_list, k);
                    });
}

KALKYL_API kalkyl_status kalkyl_sie_get_diagnostic(const kalkyl_sie* h, size_t i,
                                                   kalkyl_sie_diagnostic* out) {
    return get_item(h, i, out, "kalkyl_sie_get_diagnostic", "diagnostics", &sie::File::diagnostics,
                    [](const sie::Diagnostic& d, std::size_t) {
                        return kalkyl_sie_diagnostic{static_cast<int32_t>(d.severity), d.line,
                                                     d.column, d.label.c_str(), d.message.c_str()};
                    });
}

KALKYL_API kalkyl_status kalkyl_sie_get_unknown_label(const kalkyl_sie* h, size_t i,
                                                      const char** label, uint64_t* count) {
    static constexpr const char* fn = "kalkyl_sie_get_unknown_label";
    if (const kalkyl_status s = check_handle(h, fn); s != KALKYL_OK) return s;
    if (label == nullptr) return null_arg(fn, "label");
    if (count == nullptr) return null_arg(fn, "count");
    const auto& all = h->file.unknown_labels;
    if (const kalkyl_status s = check_index(i, all.size(), fn, "unknown labels"); s != KALKYL_OK)
        return s;
    *label = all[i].label.c_str();
    *count = all[i].count;
    return KALKYL_OK;
}

KALKYL_API kalkyl_status kalkyl_sie_to_ledger(const kalkyl_sie* h,
                                              const kalkyl_sie_mapping* mapping,
                                              kalkyl_ledger** out, kalkyl_sie_mapped* mapped) {
    static constexpr const char* fn = "kalkyl_sie_to_ledger";
    if (const kalkyl_status s = check_handle(h, fn); s != KALKYL_OK) return s;
    if (out == nullptr) return null_arg(fn, "out");
    return guarded(fn, [&]() -> kalkyl_status {
        sie::MappingOptions options;
        if (mapping != nullptr) {
            if (const kalkyl_status s =
                    check_struct_size(mapping, mapping->size, sizeof(kalkyl_sie_mapping), fn,
                                      "mapping", "kalkyl_sie_mapping");
                s != KALKYL_OK)
                return s;
            const kalkyl_sie_mapping m = *mapping;
            if (m.chart != KALKYL_SIE_CHART_BAS && m.chart != KALKYL_SIE_CHART_KOMMUN_BAS)
                return failf(KALKYL_E_INVALID, fn,
                             "mapping->chart %d is not a kalkyl_sie_chart (0 BAS, 1 KOMMUN_BAS)",
                             static_cast<int>(m.chart));
            if (m.outcome < KALKYL_SIE_OUTCOME_AUTO || m.outcome > KALKYL_SIE_OUTCOME_TRANSACTIONS)
                return failf(KALKYL_E_INVALID, fn,
                             "mapping->outcome %d is not a kalkyl_sie_outcome (0 AUTO, 1 PSALDO, "
                             "2 TRANSACTIONS)",
                             static_cast<int>(m.outcome));
            if (m.accept_incomplete != 0 && m.accept_incomplete != 1)
                return failf(KALKYL_E_INVALID, fn, "mapping->accept_incomplete is %d; use 0 or 1",
                             static_cast<int>(m.accept_incomplete));
            if (m.dimension < 0)
                return failf(KALKYL_E_INVALID, fn,
                             "mapping->dimension %d is negative (0: no dimension)",
                             static_cast<int>(m.dimension));
            std::string_view rules;
            if (const kalkyl_status s =
                    load_text(m.rules, m.rules_len, fn, "mapping->rules", true, rules);
                s != KALKYL_OK)
                return s;
            std::string root_id;
            std::string root_name;
            if (const kalkyl_status s =
                    load_field(m.root_id, m.root_id_len, fn, "mapping->root_id", root_id);
                s != KALKYL_OK)
                return s;
            if (const kalkyl_status s =
                    load_field(m.root_name, m.root_name_len, fn, "mapping->root_name", root_name);
                s != KALKYL_OK)
                return s;
            options.dimension = m.dimension;
            options.chart = static_cast<sie::Chart>(m.chart);
            options.year = m.year;
            options.outcome = static_cast<sie::OutcomeSource>(m.outcome);
            options.accept_incomplete = m.accept_incomplete == 1;
            if (!rules.empty()) options.rules = sie::parse_mapping(rules);
            if (!root_id.empty()) options.root_id = std::move(root_id);
            options.root_name = std::move(root_name);
        }
        const sie::MappedLedger m = sie::map_ledger(h->file, options);
        auto ledger = std::make_unique<kalkyl_ledger>();
        ledger->ledger = sie::to_ledger(m);
        if (mapped != nullptr) {
            kalkyl_sie_mapped r{};
            r.last_outcome_month = m.last_outcome_month;
            r.outcome_source = static_cast<int32_t>(m.outcome_source);
            r.has_prior_year = m.has_prior_year ? 1 : 0;
            r.year_start = m.year.start;
            r.year_end = m.year.end;
            r.n_rows = m.rows.size();
            *mapped = r;
        }
        *out = ledger.release();
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_sie_write_budget(const kalkyl_sie_budget_file* file,
                                                 const kalkyl_sie_budget_line* lines, size_t n,
                                                 char* buf, size_t cap, size_t* needed) {
    static constexpr const char* fn = "kalkyl_sie_write_budget";
    if (file == nullptr) return null_arg(fn, "file");
    if (needed == nullptr) return null_arg(fn, "needed");
    if (buf == nullptr && cap > 0)
        return failf(KALKYL_E_NULL, fn, "buf is NULL but cap is %zu", cap);
    if (lines == nullptr && n > 0) return failf(KALKYL_E_NULL, fn, "lines is NULL but n is %zu", n);
    return guarded(fn, [&]() -> kalkyl_status {
        if (const kalkyl_status s =
                check_struct_size(file, file->size, sizeof(kalkyl_sie_budget_file), fn, "file",
                                  "kalkyl_sie_budget_file");
            s != KALKYL_OK)
            return s;
        const kalkyl_sie_budget_file f = *file;
        if (f.checksum != 0 && f.checksum != 1)
            return failf(KALKYL_E_INVALID, fn, "file->checksum is %d; use 0 or 1",
                         static_cast<int>(f.checksum));
        sie::BudgetFileHeader header;
        header.program_version = KALKYL_VERSION;
        header.year.index = 0;
        header.year.start = f.year_start;
        header.year.end = f.year_end;
        header.checksum = f.checksum == 1;
        if (const kalkyl_status s =
                load_field(f.company, f.company_len, fn, "file->company", header.company);
            s != KALKYL_OK)
            return s;
        if (const kalkyl_status s =
                load_field(f.generated, f.generated_len, fn, "file->generated", header.generated);
            s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = load_field(f.org_number, f.org_number_len, fn,
                                               "file->org_number", header.org_number);
            s != KALKYL_OK)
            return s;

        std::vector<sie::BudgetLine> budget;
        budget.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            const kalkyl_sie_budget_line l = lines[i];
            sie::BudgetLine b;
            if (l.account == nullptr || l.account_len == 0)
                return failf(KALKYL_E_NULL, fn, "lines[%zu]: account is NULL or empty", i);
            b.account.assign(l.account, l.account_len);
            if (l.objects == nullptr && l.n_objects > 0)
                return failf(KALKYL_E_NULL, fn, "lines[%zu]: objects is NULL but n_objects is %zu",
                             i, l.n_objects);
            for (std::size_t j = 0; j < l.n_objects; ++j) {
                const kalkyl_sie_object o = l.objects[j];
                if (o.id == nullptr || o.id_len == 0)
                    return failf(KALKYL_E_NULL, fn, "lines[%zu].objects[%zu]: id is NULL or empty",
                                 i, j);
                b.objects.push_back({o.dimension, std::string(o.id, o.id_len)});
            }
            if (l.kind != KALKYL_ROW_REVENUE && l.kind != KALKYL_ROW_COST)
                return failf(KALKYL_E_INVALID, fn,
                             "lines[%zu]: kind %d is not KALKYL_ROW_REVENUE (0) or "
                             "KALKYL_ROW_COST (1)",
                             i, static_cast<int>(l.kind));
            if (!valid_dec(l.amount)) return bad_dec(l.amount, fn, "lines[].amount", i);
            const kalkyl::Decimal amount = to_decimal(l.amount);
            b.period = l.period;
            // SIE signs a revenue as a credit: negative.
            b.amount = l.kind == KALKYL_ROW_REVENUE ? -amount : amount;
            budget.push_back(std::move(b));
        }
        std::ostringstream text;
        sie::write_budget(text, header, budget);
        const std::string bytes = std::move(text).str();
        *needed = bytes.size() + 1;
        if (cap < bytes.size() + 1)
            return failf(KALKYL_E_BUFFER, fn, "the file needs %zu bytes (with its NUL); cap is %zu",
                         bytes.size() + 1, cap);
        std::memcpy(buf, bytes.data(), bytes.size());
        buf[bytes.size()] = '\0';
        return KALKYL_OK;
    });
}

}  // extern "C"
