// src/report/sie_budget.hpp (private): `kalkyl sie-budget`: a budget CSV (one
// line per account and objects, the annual amount) periodised into months and
// written as an SIE 4 file of #PBUDGET records (docs/sie.md, "Writing a
// budget").
//
// The CSV is read like a ledger (src/report/input.hpp): semicolons, a header
// naming the columns, sv-SE numbers read exactly with kalkyl::try_parse, UTF-8
// with or without BOM or Windows-1252. Every data error is an InputError
// naming the file, the line and the column (1-based, in characters).
//
// Not for: the SIE format itself (include/kalkyl/sie.hpp) or the
// periodisation rule (include/kalkyl/allocate.hpp).
#pragma once

#include <optional>
#include <string>

#include "kalkyl/allocate.hpp"
#include "kalkyl/sie.hpp"
#include "report/input.hpp"

namespace kalkyl::report {

struct SieBudgetOptions {
    Encoding encoding = Encoding::automatic;  // of the CSV
    std::string company;                      // #FNAMN
    std::string org_number;                   // #ORGNR (optional)
    std::string generated;                    // #GEN YYYYMMDD
    std::string program_version;              // #PROGRAM "kalkyl" VERSION
    int year = 0;                             // the calendar year the fiscal year starts in
    int fiscal_start = 1;                     // its first month, 1..12
    int decimals = 0;                         // the months' decimals (0: whole kronor)
    std::optional<MonthlyProfile> profile;    // for rows without a profil (default: equal)
    bool checksum = true;                     // write #KSUMMA
};

// The fiscal year (#RAR 0) that starts on the first day of `fiscal_start` in
// `year` and lasts twelve months.
kalkyl::sie::FiscalYear fiscal_year(int year, int fiscal_start);

// True when `yyyymmdd` is a real date (years 1000..9999).
bool valid_date(int yyyymmdd);

// Twelve weights ("1;1;1;1;1;1;0,5;1;1;1;1;1"), separated by `separator`, each
// an sv-SE number. Throws std::invalid_argument naming what is wrong (and sets
// `position` to the byte offset of the offending weight).
MonthlyProfile parse_profile(std::string_view text, char separator, std::size_t& position);

// Reads the budget CSV at `path` ("-": standard input), periodises every row
// and returns the SIE file's bytes (CP437, CR LF). Throws InputError for a
// data error, UnreadableInput when the file cannot be read.
std::string sie_budget(const std::string& path, const SieBudgetOptions& options);

}  // namespace kalkyl::report
