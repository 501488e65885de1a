// src/report/check_table.hpp (private): `kalkyl check`: a table as it was
// published, with the relations its figures should satisfy, checked with
// include/kalkyl/checks.hpp. The file format is in docs/ledger-format.md
// ("Published tables for kalkyl check").
//
// Not for: computing a report (report.hpp).
#pragma once

#include <string>
#include <vector>

#include "kalkyl/checks.hpp"
#include "report/input.hpp"
#include "report/report.hpp"

namespace kalkyl::report {

struct CheckedTable {
    std::string file;
    std::vector<Finding> findings;
    std::vector<std::size_t> lines;  // the line of each finding's declaration
};

// Reads the table and its relations and checks them. Throws InputError for a
// malformed file (file:line:column), UnreadableInput when it cannot be read.
CheckedTable check_table(const std::string& path, Encoding encoding);

std::string render_findings(const CheckedTable& table, Format format, Lang lang);

// The worst severity among the findings (Severity::ok for none).
Severity worst(const CheckedTable& table);

}  // namespace kalkyl::report
