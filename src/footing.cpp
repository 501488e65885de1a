// Footing (include/kalkyl/footing.hpp): display rounding that adds up.
//
// Everything is exact: the values are moved to the display unit by shifting
// the decimal mark (x kr = x·10^-3 tkr), rounded once by the named mode, and
// the rounding remainders f = exact − rounded are compared exactly (as
// integers at the column's scale). Printed figures are integers of display
// units (mantissas at `decimals`).
//
// Per row i and derived column k the state is g = printed − correctly
// rounded, in display units, and it must end in −1..1. For a two-term
// derived column rounded to nearest (the half_* modes) it starts there: each
// correctly rounded operand is within half a unit of its exact value, so
// their sum or difference is within one unit of the exact derived value,
// which is within half a unit of its own correct rounding; two integers less
// than 1,5 apart are at most 1 apart. (Under the directed modes, or with
// three or more terms, g can start at ±2; the search then has to repair it
// and the final check refuses the table if it cannot.)
// Moving operand j by s (±1) changes g by c·s, where c is j's sign in k.
//
// The search: base columns one after another, each taking its |D| moves from
// the rows in order of preference (remainder closest to a half in the
// direction of the move, then larger exact magnitude, then lower row), skipping
// rows where a move would break a derived column. When a column runs out of
// rows, a blocked row is freed by moving the conflicting move of another
// column to that column's next admissible row (one level of augmenting path).
// When that fails too, the columns are taken in another order. Only when
// every order fails is the table refused (footing.hpp documents when).

#include "kalkyl/footing.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace kalkyl {
namespace {

[[noreturn]] void refuse(Errc code, const std::string& why) {
    throw Error(code, "foot: " + why);
}

std::string quoted(const std::string& name) {
    return "'" + name + "'";
}

// x kr in the display unit, exactly: only the decimal mark moves.
Decimal to_display(const Decimal& x, int unit_exponent) {
    Decimal t = x;
    if (t.scale() + unit_exponent > Decimal::max_scale) t = t.trimmed();
    if (t.scale() + unit_exponent > Decimal::max_scale)
        refuse(Errc::scale, x.to_string() + " kr has more than 28 decimals in the display unit");
    return Decimal::raw(t.mantissa(), t.scale() + unit_exponent);
}

int sign_of(int128_t v) {
    return v < 0 ? -1 : (v > 0 ? 1 : 0);
}

struct Use {
    std::size_t derived;
    int sign;
};

// The whole search state; copied nowhere, reset per column order.
class Search {
  public:
    Search(std::size_t rows, std::size_t base, const std::vector<std::vector<Use>>& uses,
           const std::vector<std::vector<std::size_t>>& prefs_up,
           const std::vector<std::vector<std::size_t>>& prefs_down, const std::vector<int>& g0,
           const std::vector<int128_t>& need)
        : n_(rows),
          m_(base),
          uses_(uses),
          up_(prefs_up),
          down_(prefs_down),
          g0_(g0),
          need_(need),
          g_(g0),
          moved_(rows * base, 0) {}

    // Tries the columns in `order`; true if every column got its moves.
    bool run(const std::vector<std::size_t>& order) {
        g_ = g0_;
        std::fill(moved_.begin(), moved_.end(), 0);
        for (std::size_t j : order)
            if (!fill_column(j)) return false;
        return true;
    }

    const std::vector<signed char>& moved() const { return moved_; }
    const std::vector<int>& g() const { return g_; }

  private:
    int dir(std::size_t j) const { return need_[j] > 0 ? 1 : -1; }
    const std::vector<std::size_t>& prefs(std::size_t j) const {
        return need_[j] > 0 ? up_[j] : down_[j];
    }
    signed char& moved(std::size_t i, std::size_t j) { return moved_[i * m_ + j]; }

    // Would moving column j in row i by s (−s to undo) keep every derived
    // column of row i within one unit?
    bool admissible(std::size_t j, std::size_t i, int s) const {
        for (const Use& u : uses_[j]) {
            const int v = g_[u.derived * n_ + i] + u.sign * s;
            if (v < -1 || v > 1) return false;
        }
        return true;
    }
    void apply(std::size_t j, std::size_t i, int s) {
        for (const Use& u : uses_[j])
            g_[u.derived * n_ + i] += u.sign * s;
        moved(i, j) = static_cast<signed char>(moved(i, j) + s);
    }

    bool fill_column(std::size_t j) {
        const int s = dir(j);
        auto left = static_cast<std::size_t>(need_[j] < 0 ? -need_[j] : need_[j]);
        if (left == 0) return true;
        std::vector<std::size_t> blocked;
        for (std::size_t i : prefs(j)) {
            if (left == 0) break;
            if (admissible(j, i, s)) {
                apply(j, i, s);
                --left;
            } else {
                blocked.push_back(i);
            }
        }
        for (std::size_t i : blocked) {
            if (left == 0) break;
            if (free_row(j, i, s)) {
                apply(j, i, s);
                --left;
            }
        }
        return left == 0;
    }

    // Row i is blocked for column j: relocate one move of another column in
    // row i to that column's next admissible row, if that unblocks row i.
    bool free_row(std::size_t j, std::size_t i, int s) {
        for (std::size_t other = 0; other < m_; ++other) {
            const int t = moved(i, other);
            if (other == j || t == 0) continue;
            if (!admissible(other, i, -t)) continue;  // undoing must itself be allowed
            apply(other, i, -t);
            if (admissible(j, i, s)) {
                for (std::size_t i2 : prefs(other)) {
                    if (i2 == i || moved(i2, other) != 0) continue;
                    if (admissible(other, i2, t)) {
                        apply(other, i2, t);
                        return true;
                    }
                }
            }
            apply(other, i, t);  // put it back
        }
        return false;
    }

    std::size_t n_, m_;
    const std::vector<std::vector<Use>>& uses_;
    const std::vector<std::vector<std::size_t>>& up_;
    const std::vector<std::vector<std::size_t>>& down_;
    const std::vector<int>& g0_;
    const std::vector<int128_t>& need_;
    std::vector<int> g_;
    std::vector<signed char> moved_;
};

}  // namespace

FootedTable foot(const ExactTable& table, const DisplayPrecision& precision) {
    // --- everything that can be wrong with the input, before any work -------
    const std::size_t m = table.columns.size();
    const std::size_t n = table.rows;
    if (m == 0) refuse(Errc::invalid, "the table has no columns");
    if (precision.unit != Unit::kr && precision.unit != Unit::tkr && precision.unit != Unit::mnkr)
        refuse(Errc::invalid, "unit " + std::to_string(static_cast<int>(precision.unit)) +
                                  " is not kr (0), tkr (3) or mnkr (6)");
    if (precision.decimals < 0 || precision.decimals > Decimal::max_scale)
        refuse(Errc::invalid,
               "decimals " + std::to_string(precision.decimals) + " is outside 0..28");
    if (!detail::valid_rounding(precision.rounding))
        detail::throw_invalid_rounding(precision.rounding, "foot");
    if (n != 0 && table.cells.size() / n != m)
        refuse(Errc::invalid, "there are " + std::to_string(table.cells.size()) + " cells for " +
                                  std::to_string(n) + " rows of " + std::to_string(m) + " columns");
    if (table.cells.size() != n * m)
        refuse(Errc::invalid, "there are " + std::to_string(table.cells.size()) + " cells for " +
                                  std::to_string(n) + " rows of " + std::to_string(m) + " columns");
    if (table.totals.size() != m)
        refuse(Errc::invalid, "the total row has " + std::to_string(table.totals.size()) +
                                  " figures for " + std::to_string(m) + " columns");

    std::vector<std::string> names = table.columns;
    for (const DerivedColumn& d : table.derived)
        names.push_back(d.name);
    {
        std::set<std::string> seen;
        for (const std::string& name : names)
            if (!seen.insert(name).second)
                refuse(Errc::invalid, "two columns are named " + quoted(name));
    }
    const std::size_t kd = table.derived.size();
    std::vector<std::vector<Use>> uses(m);
    std::vector<std::vector<std::pair<std::size_t, int>>> terms(kd);
    for (std::size_t k = 0; k < kd; ++k) {
        const DerivedColumn& d = table.derived[k];
        if (d.terms.empty())
            refuse(Errc::invalid, "the derived column " + quoted(d.name) + " has no terms");
        for (const ColumnTerm& t : d.terms) {
            if (t.sign != 1 && t.sign != -1)
                refuse(Errc::invalid, "the derived column " + quoted(d.name) + " has the sign " +
                                          std::to_string(t.sign) + " on " + quoted(t.column) +
                                          "; a term is +column or −column");
            const auto it = std::find(table.columns.begin(), table.columns.end(), t.column);
            if (it == table.columns.end())
                refuse(Errc::invalid, "the derived column " + quoted(d.name) + " names " +
                                          quoted(t.column) +
                                          ", which is not a base column of the table");
            const auto j = static_cast<std::size_t>(it - table.columns.begin());
            terms[k].emplace_back(j, t.sign);
            uses[j].push_back(Use{k, t.sign});
        }
    }
    const int unit = static_cast<int>(precision.unit);
    const int d = precision.decimals;
    const Rounding mode = precision.rounding;

    // The total row must be the exact sum of the rows: a table that does not
    // add up before rounding cannot be made to add up after it.
    std::vector<Decimal> column(n);
    for (std::size_t j = 0; j < m; ++j) {
        for (std::size_t i = 0; i < n; ++i)
            column[i] = table.cells[i * m + j];
        const Decimal s = sum(column);
        if (s != table.totals[j])
            refuse(Errc::invalid, "column " + quoted(table.columns[j]) + ": the total row is " +
                                      table.totals[j].to_string() + " but the rows add up to " +
                                      s.to_string() +
                                      "; the total row of the exact table must be the sum of its "
                                      "rows");
    }

    // --- correct rounding of every figure ---------------------------------------
    std::vector<Decimal> y(n * m), frac(n * m);
    std::vector<int128_t> r(n * m);
    for (std::size_t c = 0; c < n * m; ++c) {
        y[c] = to_display(table.cells[c], unit);
        const Decimal rounded = y[c].round(d, mode);  // the figure as printed alone
        r[c] = rounded.mantissa();
        frac[c] = y[c] - rounded;  // exact remainder, |frac| < one display unit
    }
    std::vector<Decimal> ytot(m);
    std::vector<int128_t> rtot(m);
    std::vector<int128_t> need(m);
    for (std::size_t j = 0; j < m; ++j) {
        ytot[j] = to_display(table.totals[j], unit);
        rtot[j] = ytot[j].round(d, mode).mantissa();  // totals keep their correct rounding
        int128_t s = 0;
        for (std::size_t i = 0; i < n; ++i)
            s += r[i * m + j];  // |s| ≤ n·10^38: no overflow
        need[j] = rtot[j] - s;
    }

    // Derived columns: the correctly rounded exact value and g = printed − it.
    std::vector<int128_t> rz(kd * n), rztot(kd);
    std::vector<int> g0(kd * n);
    for (std::size_t k = 0; k < kd; ++k) {
        for (std::size_t i = 0; i < n; ++i) {
            Decimal z;
            int128_t printed = 0;
            for (const auto& [j, c] : terms[k]) {
                z = c > 0 ? z + y[i * m + j] : z - y[i * m + j];
                printed += c * r[i * m + j];
            }
            rz[k * n + i] = z.round(d, mode).mantissa();
            // Only derived columns of three or more terms can start outside
            // −1..1 (|gap| is below half the number of terms plus one); the
            // search may repair them, and the final check refuses the table
            // if it does not.
            g0[k * n + i] = static_cast<int>(printed - rz[k * n + i]);
        }
        Decimal z;
        int128_t printed = 0;
        for (const auto& [j, c] : terms[k]) {
            z = c > 0 ? z + ytot[j] : z - ytot[j];
            printed += c * rtot[j];
        }
        rztot[k] = z.round(d, mode).mantissa();
        const int128_t gap = printed - rztot[k];
        if (gap > 1 || gap < -1)
            refuse(Errc::invalid,
                   "the derived column " + quoted(table.derived[k].name) +
                       " in the total row would be printed " +
                       std::to_string(static_cast<long long>(gap < 0 ? -gap : gap)) +
                       " display units from its correctly rounded value, because it has " +
                       std::to_string(terms[k].size()) +
                       " terms whose rounding adds up; print another decimal or derive it from "
                       "fewer columns");
    }

    // --- the moves --------------------------------------------------------------
    // Preference per column and direction: the remainder closest to a half in
    // the direction of the move, then the larger exact magnitude, then the
    // lower row. Only the direction the column needs is sorted. The
    // remainders are compared as exact integers at the column's largest
    // scale: |remainder| ≤ one display unit, so remainder · 10^scale has at
    // most 28 digits and fits 128 bits.
    struct Candidate {
        int128_t key;  // s · remainder, in units of 10^-scale
        std::size_t row;
    };
    std::vector<std::vector<std::size_t>> up(m), down(m);
    std::vector<Candidate> candidates(n);
    for (std::size_t j = 0; j < m; ++j) {
        if (need[j] == 0) continue;
        const int s = sign_of(need[j]);
        int scale = 0;
        for (std::size_t i = 0; i < n; ++i)
            scale = std::max(scale, frac[i * m + j].scale());
        for (std::size_t i = 0; i < n; ++i) {
            const Decimal& f = frac[i * m + j];
            const int128_t key = f.mantissa() * detail::pow10(scale - f.scale());
            candidates[i] = Candidate{s > 0 ? key : -key, i};
        }
        std::sort(candidates.begin(), candidates.end(),
                  [&](const Candidate& a, const Candidate& b) {
                      if (a.key != b.key) return a.key > b.key;
                      const Decimal ya = y[a.row * m + j].abs();  // ties only: exact, across scales
                      const Decimal yb = y[b.row * m + j].abs();
                      if (ya != yb) return ya > yb;
                      return a.row < b.row;
                  });
        auto& order = s > 0 ? up[j] : down[j];
        order.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            order[i] = candidates[i].row;
    }

    Search search(n, m, uses, up, down, g0, need);
    // Columns that move nothing or take part in no derived column cannot
    // conflict: they go first, always in the same order. Only the order of
    // the others may matter.
    std::vector<std::size_t> fixed, free;
    for (std::size_t j = 0; j < m; ++j)
        (need[j] != 0 && !uses[j].empty() ? free : fixed).push_back(j);
    std::vector<std::size_t> order;
    bool found = false;
    constexpr int max_orders = 720;  // every order of up to six such columns
    int tried = 0;
    do {
        order = fixed;
        order.insert(order.end(), free.begin(), free.end());
        if (search.run(order)) {
            const auto& g = search.g();
            found = std::all_of(g.begin(), g.end(), [](int v) { return v >= -1 && v <= 1; });
        }
        if (found) break;
    } while (++tried < max_orders && std::next_permutation(free.begin(), free.end()));
    if (!found)
        refuse(Errc::invalid,
               "no rounding of this table at " + std::to_string(d) +
                   " decimals makes the rows add up to the totals and keeps every derived column "
                   "within one display unit of its correctly rounded value; print another "
                   "decimal");

    // --- the result ---------------------------------------------------------------
    const std::size_t width = m + kd;
    FootedTable out;
    out.columns = names;
    out.rows = n;
    out.cells.resize(n * width);
    out.totals.resize(width);
    const auto& moved = search.moved();
    std::vector<int128_t> p(n * m);
    for (std::size_t c = 0; c < n * m; ++c)
        p[c] = r[c] + moved[c];
    for (std::size_t i = 0; i <= n; ++i) {
        const bool total = i == n;
        for (std::size_t j = 0; j < width; ++j) {
            int128_t printed = 0, rounded = 0;
            if (j < m) {
                printed = total ? rtot[j] : p[i * m + j];
                rounded = total ? rtot[j] : r[i * m + j];
            } else {
                const std::size_t k = j - m;
                for (const auto& [b, c] : terms[k])
                    printed += c * (total ? rtot[b] : p[i * m + b]);
                rounded = total ? rztot[k] : rz[k * n + i];
            }
            // |printed| is within one unit of a rounded value that fits.
            const Decimal value = Decimal::from_mantissa(printed, d);
            (total ? out.totals[j] : out.cells[i * width + j]) = value;
            if (printed != rounded)
                out.adjusted.push_back(AdjustedCell{i, j, Decimal::raw(rounded, d), value});
        }
    }
    return out;
}

}  // namespace kalkyl
