// src/report/sie_input.hpp (private): `kalkyl report` on an SIE 4 file: the
// file read with include/kalkyl/sie.hpp, mapped to the follow-up ledger and
// handed to the report as a LedgerInput (docs/sie.md).
//
// Errors keep the report's shape: a record that cannot be read, or a file
// with error findings (an unbalanced verification, a #KSUMMA that does not
// match) unless accepted, is an InputError naming the file, the line and the
// column; a file that cannot be opened is UnreadableInput. Warnings (a file
// that is Windows-1252 or UTF-8 while declaring PC8) come back as text for the
// program to print.
//
// Not for: the SIE format itself (include/kalkyl/sie.hpp).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kalkyl/sie.hpp"
#include "report/input.hpp"

namespace kalkyl::report {

struct SieReportOptions {
    kalkyl::sie::EncodingChoice encoding = kalkyl::sie::EncodingChoice::automatic;
    // A dimension by number ("1", "6") or by the name the file's #DIM gives it
    // ("ansvar", "verksamhet", "projekt"; letter case ignored); empty: none.
    std::string dimension;
    std::string mapping_file;  // rules (docs/sie.md); empty: the chart's defaults
    kalkyl::sie::Chart chart = kalkyl::sie::Chart::kommun_bas;
    kalkyl::sie::OutcomeSource outcome = kalkyl::sie::OutcomeSource::automatic;
    int year = 0;                                               // #RAR index
    std::vector<std::pair<std::string, std::string>> accounts;  // ranges; empty: all
    bool accept_errors = false;
    std::function<void(std::uint64_t done)> progress;
};

struct SieLedger {
    LedgerInput input;
    std::vector<std::string> warnings;  // "file:line: warning: ..." for standard error
};

// True for a path ending .se, .si or .sie (any case), or whose first
// non-blank bytes are "#FLAGGA" (how every SIE file starts).
bool looks_like_sie(const std::string& path);

// Reads and maps; throws InputError / UnreadableInput as above, and
// InputError at line 1 for a mapping or option the file cannot satisfy
// (a dimension it does not have, a year it does not hold).
SieLedger read_sie_ledger(const std::string& path, const SieReportOptions& options);

// "3000-7999,8400" -> ranges; throws std::invalid_argument naming the part.
std::vector<std::pair<std::string, std::string>> parse_account_ranges(const std::string& text);

}  // namespace kalkyl::report
