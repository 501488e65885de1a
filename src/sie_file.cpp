// src/sie_file.cpp: layer 2 of include/kalkyl/sie.hpp: the records of an SIE
// 4 file gathered into a File, the transactions summed per year, period,
// account and object list, and the structure checked (#VER { #TRANS ... }).
//
// Record layouts follow SIE 4C (https://sie.se/format/), e.g.
//   #RAR årsnr start slut
//   #KONTO kontonr kontonamn          #KTYP kontonr T|S|K|I
//   #DIM dimensionsnr namn            #UNDERDIM dimensionsnr namn superdimension
//   #OBJEKT dimensionsnr objektnr objektnamn
//   #IB/#UB årsnr konto saldo [kvantitet]       #RES årsnr konto saldo [kvantitet]
//   #OIB/#OUB årsnr konto {objekt} saldo [kvantitet]
//   #PSALDO/#PBUDGET årsnr period konto {objekt} saldo [kvantitet]
//   #VER serie vernr verdatum [vertext [regdatum [sign]]]
//   #TRANS kontonr {objektlista} belopp [transdat [transtext [kvantitet [sign]]]]
// #RTRANS (a row added afterwards) is by the specification followed by an
// identical #TRANS for readers that do not know it, so kalkyl sums the #TRANS
// and skips the #RTRANS; #BTRANS (a row removed) is skipped.
#include <algorithm>
#include <climits>
#include <cstring>
#include <istream>
#include <string>
#include <unordered_map>

#include "kalkyl/sie.hpp"
#include "sie_internal.hpp"

namespace kalkyl::sie {

const char* balance_kind_label(BalanceKind kind) noexcept {
    switch (kind) {
        case BalanceKind::ib:
            return "#IB";
        case BalanceKind::ub:
            return "#UB";
        case BalanceKind::res:
            return "#RES";
        case BalanceKind::oib:
            return "#OIB";
        case BalanceKind::oub:
            return "#OUB";
    }
    return "#?";
}

bool File::complete() const noexcept {
    return error_count == 0;
}

const FiscalYear* File::year(int index) const noexcept {
    for (const auto& y : years)
        if (y.index == index) return &y;
    return nullptr;
}

const Account* File::account(std::string_view number) const noexcept {
    for (const auto& a : accounts)
        if (a.number == number) return &a;
    return nullptr;
}

const Object* File::object(int dimension, std::string_view id) const noexcept {
    for (const auto& o : objects)
        if (o.dimension == dimension && o.id == id) return &o;
    return nullptr;
}

namespace {

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

enum class Block { none, after_ver, open };

class Gatherer {
  public:
    Gatherer(File& file, const ReadOptions& options) : f_(file), options_(options) {}

    bool record(const Record& r) {
        rec_ = &r;
        const std::string_view l = r.label;
        if (first_) {
            first_ = false;
            if (l != "#FLAGGA")
                diag(Severity::warning, 0,
                     "the file does not start with #FLAGGA, as every SIE file should");
        }
        // The transaction block of a verification.
        if (l == "{") {
            if (block_ == Block::after_ver) {
                block_ = Block::open;
            } else {
                diag(Severity::error, 0,
                     block_ == Block::open ? "a second '{' inside a verification"
                                           : "'{' without a #VER before it");
                block_ = Block::open;
                ver_valid_ = false;
            }
            return true;
        }
        if (l == "}") {
            if (block_ == Block::open) {
                close_verification();
            } else {
                diag(Severity::error, 0, "'}' without an open verification");
            }
            block_ = Block::none;
            return true;
        }
        if (block_ == Block::after_ver && l != "#VER") {
            diag(Severity::error, 0,
                 "verification " + ver_name_ + " has no transaction block '{' ... '}'");
            block_ = Block::none;
        }
        if (l == "#TRANS") return trans(false), true;
        if (l == "#RTRANS" || l == "#BTRANS") return trans(true), true;
        if (block_ == Block::open && l != "#VER") {
            diag(Severity::error, 0,
                 std::string(l) + " inside the transactions of verification " + ver_name_ +
                     " (a missing '}'?)");
        }
        if (l == "#VER") return ver(), true;
        if (l == "#RAR") return rar(), true;
        if (l == "#KONTO") {
            Account a;
            a.number = text(0, "account number");
            a.name = opt_text(1);
            check_account(a.number, 0);
            if (Account* existing = find_account(a.number)) {
                existing->name = a.name;
            } else {
                account_index_.emplace(a.number, f_.accounts.size());
                f_.accounts.push_back(std::move(a));
            }
            return true;
        }
        if (l == "#KTYP") {
            const std::string number = text(0, "account number");
            const std::string type = text(1, "account type (T, S, K or I)");
            if (type.size() != 1 ||
                std::string_view("TSKI").find(type[0]) == std::string_view::npos)
                fail(1, "account type \"" + type + "\" is not T, S, K or I");
            Account* a = find_account(number);
            if (a == nullptr) {
                account_index_.emplace(number, f_.accounts.size());
                f_.accounts.push_back({number, {}, type[0]});
            } else {
                a->type = type[0];
            }
            return true;
        }
        if (l == "#DIM" || l == "#UNDERDIM") {
            Dimension d;
            d.number = integer(0, "dimension number");
            d.name = opt_text(1);
            if (l == "#UNDERDIM") d.parent = integer(2, "superior dimension");
            f_.dimensions.push_back(std::move(d));
            return true;
        }
        if (l == "#OBJEKT") {
            Object o;
            o.dimension = integer(0, "dimension number");
            o.id = text(1, "object number");
            o.name = opt_text(2);
            f_.objects.push_back(std::move(o));
            return true;
        }
        if (l == "#IB") return balance(BalanceKind::ib), true;
        if (l == "#UB") return balance(BalanceKind::ub), true;
        if (l == "#RES") return balance(BalanceKind::res), true;
        if (l == "#OIB") return balance(BalanceKind::oib), true;
        if (l == "#OUB") return balance(BalanceKind::oub), true;
        if (l == "#PSALDO") return period(PeriodKind::psaldo), true;
        if (l == "#PBUDGET") return period(PeriodKind::pbudget), true;
        if (l == "#FLAGGA") {
            f_.flag = integer(0, "flag");
            return true;
        }
        if (l == "#PROGRAM") {
            f_.program = opt_text(0);
            f_.program_version = opt_text(1);
            return true;
        }
        if (l == "#FORMAT") {
            f_.format = opt_text(0);
            return true;
        }
        if (l == "#GEN") {
            f_.generated = text(0, "date");
            date(0);
            return true;
        }
        if (l == "#SIETYP") {
            f_.sie_type = integer(0, "SIE type");
            if (f_.sie_type < 1 || f_.sie_type > 4) fail(0, "SIE type must be 1, 2, 3 or 4");
            return true;
        }
        if (l == "#FNAMN") {
            f_.company = opt_text(0);
            return true;
        }
        if (l == "#ORGNR") {
            f_.org_number = opt_text(0);
            return true;
        }
        if (l == "#KPTYP") {
            f_.chart_type = opt_text(0);
            return true;
        }
        if (l == "#VALUTA") {
            f_.currency = opt_text(0);
            return true;
        }
        if (l == "#OMFATTN") {
            f_.taxonomy_date = opt_text(0);
            return true;
        }
        if (l == "#KSUMMA") return true;  // judged by the tokenizer
        // Known labels kalkyl has no use for.
        static constexpr std::string_view ignored[] = {"#PROSA",  "#FTYP",  "#FNR",   "#BKOD",
                                                       "#ADRESS", "#TAXAR", "#ENHET", "#SRU"};
        if (std::find(std::begin(ignored), std::end(ignored), l) != std::end(ignored)) return true;
        // Unknown labels are skipped and counted, as SIE 4 asks of a reader.
        for (auto& u : f_.unknown_labels) {
            if (u.label == l) {
                ++u.count;
                return true;
            }
        }
        f_.unknown_labels.push_back({std::string(l), 1});
        diag(Severity::info, 0, "unknown label " + std::string(l) + " skipped");
        return true;
    }

    void finish() {
        store_sums();
        if (block_ == Block::open)
            diag_at(Severity::error, 0, 0, "#VER",
                    "the file ends inside the transactions of verification " + ver_name_ +
                        " (truncated?)");
        else if (block_ == Block::after_ver)
            diag_at(
                Severity::error, 0, 0, "#VER",
                "the file ends after verification " + ver_name_ + " without its transaction block");
        if (f_.sie_type == 0)
            diag_at(Severity::warning, 0, 0, "#SIETYP", "the file has no #SIETYP record");
        if (f_.transactions_outside_years > 0)
            diag_at(Severity::warning, 0, 0, "#TRANS",
                    std::to_string(f_.transactions_outside_years) +
                        " transactions are dated outside every #RAR year and were not summed");
    }

    void diag_at(Severity s, std::uint64_t line, std::uint64_t column, std::string label,
                 std::string message) {
        if (s == Severity::error) ++f_.error_count;
        if (f_.diagnostics.size() >= options_.max_diagnostics) {
            ++f_.diagnostics_dropped;
            return;
        }
        f_.diagnostics.push_back({s, line, column, std::move(label), std::move(message)});
    }

  private:
    static constexpr std::size_t no_field = static_cast<std::size_t>(-1);  // the record as a whole

    void diag(Severity s, std::size_t field, std::string message) {
        std::uint64_t column = 0;
        if (field < rec_->fields.size()) column = rec_->fields[field].column;
        diag_at(s, rec_->line, column, std::string(rec_->label), std::move(message));
    }

    [[noreturn]] void fail(std::size_t field, const std::string& why) {
        std::uint64_t column = 1;
        if (field < rec_->fields.size())
            column = rec_->fields[field].column;
        else if (!rec_->fields.empty())
            column = rec_->fields.back().column;
        throw SieError(Errc::parse, rec_->line, column, std::string(rec_->label), why);
    }

    const Field& need(std::size_t i, const char* what) {
        if (i >= rec_->fields.size()) fail(i, std::string("missing ") + what);
        if (rec_->fields[i].is_list)
            fail(i, std::string("expected ") + what + ", found an object list");
        return rec_->fields[i];
    }
    std::string text(std::size_t i, const char* what) { return std::string(need(i, what).text); }
    std::string opt_text(std::size_t i) {
        if (i >= rec_->fields.size() || rec_->fields[i].is_list) return {};
        return std::string(rec_->fields[i].text);
    }

    static bool to_int(std::string_view s, int& out) {
        std::size_t k = 0;
        bool neg = false;
        if (!s.empty() && s[0] == '-') {
            neg = true;
            k = 1;
        }
        if (k == s.size() || s.size() - k > 9) return false;
        int v = 0;
        for (; k < s.size(); ++k) {
            if (s[k] < '0' || s[k] > '9') return false;
            v = v * 10 + (s[k] - '0');
        }
        out = neg ? -v : v;
        return true;
    }

    int integer(std::size_t i, const char* what) {
        const Field& fd = need(i, what);
        int v = 0;
        if (!to_int(fd.text, v))
            fail(i, std::string(what) + " \"" + std::string(fd.text) + "\" is not an integer");
        return v;
    }

    // YYYYMMDD, checked for a real month and day-of-month range.
    int date(std::size_t i) {
        const Field& fd = need(i, "date");
        int v = 0;
        if (fd.text.size() != 8 || !to_int(fd.text, v) || v < 0)
            fail(i, "date \"" + std::string(fd.text) + "\" is not YYYYMMDD");
        const int m = v / 100 % 100;
        const int d = v % 100;
        if (m < 1 || m > 12 || d < 1 || d > 31)
            fail(i, "date \"" + std::string(fd.text) + "\" is not a date");
        return v;
    }

    Decimal amount(std::size_t i, const char* what) {
        const Field& fd = need(i, what);
        auto v = parse_amount(fd.text);
        if (!v) {
            std::string why =
                std::string(what) + " \"" + std::string(fd.text) + "\" is not a number";
            if (fd.text.find(',') != std::string_view::npos)
                why += " (SIE writes a dot as decimal mark)";
            fail(i, why);
        }
        return *v;
    }

    std::optional<Decimal> opt_amount(std::size_t i, const char* what) {
        if (i >= rec_->fields.size() || rec_->fields[i].is_list || rec_->fields[i].text.empty())
            return std::nullopt;
        return amount(i, what);
    }

    void check_account(const std::string& number, std::size_t i) {
        if (number.empty()) fail(i, "an empty account number");
        for (const char c : number)
            if (c < '0' || c > '9') fail(i, "account number \"" + number + "\" is not digits");
    }

    Account* find_account(std::string_view number) {
        auto it = account_index_.find(number);
        return it == account_index_.end() ? nullptr : &f_.accounts[it->second];
    }

    // Reads the object list at field i into `out` (sorted by dimension);
    // returns false when field i is not a list (the caller's fields shift).
    bool objects(std::size_t i, std::vector<ObjectRef>& out) {
        out.clear();
        if (i >= rec_->fields.size() || !rec_->fields[i].is_list) return false;
        const auto items = rec_->items(rec_->fields[i]);
        if (items.size() % 2 != 0)
            fail(i, "an object list holds pairs of dimension and object; this one has " +
                        std::to_string(items.size()) + " items");
        for (std::size_t k = 0; k < items.size(); k += 2) {
            int dim = 0;
            if (!to_int(items[k], dim) || dim < 1)
                fail(i, "dimension \"" + std::string(items[k]) +
                            "\" in the object list is not a "
                            "positive integer");
            out.push_back({dim, std::string(items[k + 1])});
        }
        std::stable_sort(out.begin(), out.end(), [](const ObjectRef& a, const ObjectRef& b) {
            return a.dimension < b.dimension;
        });
        return true;
    }

    void rar() {
        FiscalYear y;
        y.index = integer(0, "year number");
        y.start = date(1);
        y.end = date(2);
        if (y.end < y.start) fail(2, "the fiscal year ends before it starts");
        for (auto& existing : f_.years)
            if (existing.index == y.index)
                fail(0, "#RAR " + std::to_string(y.index) + " given twice");
        f_.years.push_back(y);
        last_year_ = nullptr;  // the vector may have moved
    }

    void balance(BalanceKind kind) {
        Balance b;
        b.kind = kind;
        b.year = integer(0, "year number");
        b.account = text(1, "account number");
        check_account(b.account, 1);
        std::size_t i = 2;
        if (objects(2, b.objects)) i = 3;
        b.amount = amount(i, "balance");
        b.quantity = opt_amount(i + 1, "quantity");
        f_.balances.push_back(std::move(b));
    }

    void period(PeriodKind kind) {
        PeriodAmount p;
        p.kind = kind;
        p.year = integer(0, "year number");
        p.period = integer(1, "period");
        if (rec_->fields[1].text.size() != 6 || p.period / 100 < 1000 || p.period % 100 < 1 ||
            p.period % 100 > 12)
            fail(1, "period \"" + std::string(rec_->fields[1].text) + "\" is not YYYYMM");
        p.account = text(2, "account number");
        check_account(p.account, 2);
        std::size_t i = 3;
        if (objects(3, p.objects)) i = 4;
        p.amount = amount(i, "amount");
        p.quantity = opt_amount(i + 1, "quantity");
        f_.periods.push_back(std::move(p));
    }

    void ver() {
        if (block_ == Block::after_ver)
            diag(Severity::error, 0,
                 "verification " + ver_name_ + " has no transaction block '{' ... '}'");
        if (block_ == Block::open) {
            diag(Severity::error, 0,
                 "verification " + ver_name_ + " is not closed with '}' before the next #VER");
            close_verification();
        }
        ++f_.verification_count;
        const std::string series = opt_text(0);
        const std::string number = opt_text(1);
        ver_name_ = series.empty() && number.empty() ? "at line " + std::to_string(rec_->line)
                                                     : (series + " " + number);
        ver_date_ = date(2);
        ver_sum_ = Decimal();
        ver_line_ = rec_->line;
        ver_valid_ = true;
        block_ = Block::after_ver;
    }

    void close_verification() {
        if (ver_valid_ && !ver_sum_.is_zero())
            diag_at(Severity::error, ver_line_, 0, "#VER",
                    "verification " + ver_name_ + " does not balance: its transactions sum to " +
                        ver_sum_.to_string() + " (debit and credit must be equal)");
        ver_valid_ = false;
    }

    int year_of(int yyyymmdd) {
        if (last_year_ != nullptr && yyyymmdd >= last_year_->start && yyyymmdd <= last_year_->end)
            return last_year_->index;
        for (const auto& y : f_.years) {
            if (yyyymmdd >= y.start && yyyymmdd <= y.end) {
                last_year_ = &y;
                return y.index;
            }
        }
        return INT_MIN;
    }

    void trans(bool skipped) {
        const std::string_view account = need(0, "account number").text;
        std::size_t i = 1;
        if (object_views(1)) i = 2;
        const Decimal value = amount(i, "amount");
        int when = ver_date_;
        if (i + 1 < rec_->fields.size() && !rec_->fields[i + 1].is_list &&
            !rec_->fields[i + 1].text.empty())
            when = date(i + 1);
        std::optional<Decimal> quantity;
        if (i + 3 < rec_->fields.size()) quantity = opt_amount(i + 3, "quantity");
        for (const char c : account)
            if (c < '0' || c > '9')
                fail(0, "account number \"" + std::string(account) + "\" is not digits");
        if (block_ != Block::open || !ver_valid_) {
            diag(Severity::error, no_field,
                 std::string(rec_->label) +
                     " outside a verification's block (#VER ... { ... }): "
                     "not summed");
            return;
        }
        if (skipped) return;
        ++f_.transaction_count;
        ver_sum_ += value;
        const int year = year_of(when);
        if (year == INT_MIN) {
            ++f_.transactions_outside_years;
            return;
        }
        const int period = when / 100;
        // The key: year, period, account, then each object (dimension, id)
        // in dimension order; NUL cannot occur in a field, so it separates.
        key_.clear();
        key_.append(reinterpret_cast<const char*>(&year), sizeof year);
        key_.append(reinterpret_cast<const char*>(&period), sizeof period);
        key_.append(account);
        for (const auto& [dim, id] : obj_views_) {
            key_.push_back('\0');
            key_.append(reinterpret_cast<const char*>(&dim), sizeof dim);
            key_.append(id);
        }
        const std::uint64_t h = hash_bytes(key_);
        SumIndex::Slot* found = sums_.find(key_, h);
        if (found == nullptr) {
            PeriodAmount p;
            p.kind = PeriodKind::trans;
            p.year = year;
            p.period = period;
            p.account = std::string(account);
            p.objects.reserve(obj_views_.size());
            for (const auto& [dim, id] : obj_views_)
                p.objects.push_back({dim, std::string(id)});
            p.amount = value;
            p.quantity = quantity;
            p.count = 1;
            sums_.insert(key_, h, f_.transactions.size(), value);
            f_.transactions.push_back(std::move(p));
        } else {
            found->sum += value;
            ++found->count;
            if (quantity) {
                PeriodAmount& p = f_.transactions[found->index];
                p.quantity = p.quantity ? *p.quantity + *quantity : *quantity;
            }
        }
    }

    // The object list at field i as (dimension, id) views sorted by
    // dimension, checked as objects() does; false when field i is not a list.
    bool object_views(std::size_t i) {
        obj_views_.clear();
        if (i >= rec_->fields.size() || !rec_->fields[i].is_list) return false;
        const auto items = rec_->items(rec_->fields[i]);
        if (items.size() % 2 != 0)
            fail(i, "an object list holds pairs of dimension and object; this one has " +
                        std::to_string(items.size()) + " items");
        for (std::size_t k = 0; k < items.size(); k += 2) {
            int dim = 0;
            if (!to_int(items[k], dim) || dim < 1)
                fail(i, "dimension \"" + std::string(items[k]) +
                            "\" in the object list is not a "
                            "positive integer");
            // Insertion sort, stable: lists are short.
            std::size_t at = obj_views_.size();
            obj_views_.emplace_back(dim, items[k + 1]);
            while (at > 0 && obj_views_[at - 1].first > dim) {
                std::swap(obj_views_[at - 1], obj_views_[at]);
                --at;
            }
        }
        return true;
    }

    static std::uint64_t hash_bytes(std::string_view s) noexcept {
        std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
        std::size_t i = 0;
        for (; i + 8 <= s.size(); i += 8) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            h = (h ^ w) * 0xFF51AFD7ED558CCDull;
            h ^= h >> 32;
        }
        std::uint64_t w = 0;
        std::memcpy(&w, s.data() + i, s.size() - i);
        h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
        return h ^ (h >> 29);
    }

    // Open addressing (linear probing) from a key's bytes to its running
    // sum. A key of up to 40 bytes (every key of a file with short object
    // ids) is compared in its slot, and the sum and count live there too:
    // one cache line per #TRANS instead of four, which is what reading at
    // 100 MB/s and more needs once the sums outgrow the caches. Longer keys
    // are compared in the arena.
    class SumIndex {
      public:
        struct Slot {
            std::uint64_t hash = 0;
            std::uint32_t index = empty;  // into File::transactions
            std::uint32_t length = 0;
            Decimal sum;
            std::uint64_t count = 0;
            char key[40] = {};
        };
        static constexpr std::uint32_t empty = 0xFFFFFFFFu;

        // The slot of the key, or nullptr.
        Slot* find(std::string_view key, std::uint64_t h) {
            if (slots_.empty()) return nullptr;
            const std::size_t mask = slots_.size() - 1;
            for (std::size_t s = h & mask;; s = (s + 1) & mask) {
                Slot& slot = slots_[s];
                if (slot.index == empty) return nullptr;
                if (slot.hash == h && slot.length == key.size() && same(slot, key)) return &slot;
            }
        }
        void insert(std::string_view key, std::uint64_t h, std::size_t index, const Decimal& sum) {
            if ((count_ + 1) * 2 > slots_.size()) grow();
            Slot slot;
            slot.hash = h;
            slot.index = static_cast<std::uint32_t>(index);
            slot.length = static_cast<std::uint32_t>(key.size());
            slot.sum = sum;
            slot.count = 1;
            if (key.size() <= sizeof slot.key) std::memcpy(slot.key, key.data(), key.size());
            offsets_.push_back(arena_.size());
            arena_.append(key);
            place(slot);
            ++count_;
        }
        template <class F>
        void each(F&& f) const {
            for (const Slot& s : slots_)
                if (s.index != empty) f(s);
        }

      private:
        bool same(const Slot& slot, std::string_view key) const {
            if (key.size() <= sizeof slot.key)
                return std::memcmp(slot.key, key.data(), key.size()) == 0;
            const std::size_t b = offsets_[slot.index];
            return std::string_view(arena_).substr(b, key.size()) == key;
        }
        void place(const Slot& slot) {
            const std::size_t mask = slots_.size() - 1;
            std::size_t s = slot.hash & mask;
            while (slots_[s].index != empty)
                s = (s + 1) & mask;
            slots_[s] = slot;
        }
        void grow() {
            std::vector<Slot> old = std::move(slots_);
            slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
            for (const Slot& o : old)
                if (o.index != empty) place(o);
        }
        std::vector<Slot> slots_;
        std::vector<std::size_t> offsets_;  // by index: where the key starts in the arena
        std::string arena_;
        std::size_t count_ = 0;
    };

  public:
    // The running sums into File::transactions (finish() calls it).
    void store_sums() {
        sums_.each([this](const SumIndex::Slot& s) {
            PeriodAmount& p = f_.transactions[s.index];
            p.amount = s.sum;
            p.count = s.count;
        });
    }

  private:
    File& f_;
    const ReadOptions& options_;
    const Record* rec_ = nullptr;
    bool first_ = true;
    Block block_ = Block::none;
    bool ver_valid_ = false;
    std::string ver_name_;
    int ver_date_ = 0;
    std::uint64_t ver_line_ = 0;
    Decimal ver_sum_;
    const FiscalYear* last_year_ = nullptr;
    std::vector<std::pair<int, std::string_view>> obj_views_;
    std::string key_;
    SumIndex sums_;
    std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> account_index_;
};

template <class Run>
File gather(const ReadOptions& options, Run&& run) {
    File file;
    Gatherer g(file, options);
    StreamOptions so;
    so.encoding = options.encoding;
    so.progress = options.progress;
    StreamSummary summary = run(so, [&g](const Record& r) { return g.record(r); });
    if (summary.records == 0)
        throw SieError(Errc::invalid, 0, 0, {}, "the file holds no SIE records");
    g.finish();
    for (auto& d : summary.diagnostics)
        g.diag_at(d.severity, d.line, d.column, d.label, d.message);
    summary.diagnostics.clear();
    file.summary = std::move(summary);
    return file;
}

}  // namespace

File read(std::istream& in, const ReadOptions& options) {
    return gather(options, [&in](const StreamOptions& so, const RecordVisitor& v) {
        return stream(in, so, v);
    });
}

File read_bytes(std::string_view bytes, const ReadOptions& options) {
    return gather(options, [bytes](const StreamOptions& so, const RecordVisitor& v) {
        return stream_bytes(bytes, so, v);
    });
}

File read_file(const std::string& path, const ReadOptions& options) {
    return gather(options, [&path](const StreamOptions& so, const RecordVisitor& v) {
        return stream_file(path, so, v);
    });
}

}  // namespace kalkyl::sie
