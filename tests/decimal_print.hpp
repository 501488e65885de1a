// Readable doctest output for kalkyl values: a failing CHECK prints
// "5.4 == 5.5" instead of "{?} == {?}". Include after <doctest/doctest.h>.
#pragma once

#include <doctest/doctest.h>

#include "kalkyl/decimal.hpp"
#include "kalkyl/percent.hpp"

namespace doctest {

template <>
struct StringMaker<kalkyl::Decimal> {
    static String convert(const kalkyl::Decimal& d) { return d.to_string().c_str(); }
};

template <>
struct StringMaker<kalkyl::Percent> {
    static String convert(const kalkyl::Percent& p) {
        return (p.value().to_string() + " %").c_str();
    }
};

template <>
struct StringMaker<kalkyl::PercentagePoints> {
    static String convert(const kalkyl::PercentagePoints& p) {
        return (p.value().to_string() + " pp").c_str();
    }
};

}  // namespace doctest
