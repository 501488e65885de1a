// Tests of kalkyl/band.hpp: the band and its checks, sums of bands (worst
// case, independent, correlated), empirical bands from back-test errors and
// their narrowing through the year, grading, and the double -> Decimal door.
//
// Golden figures: Uppsala socialnämnd, delårsbokslut augusti 2024
// (seeds/000_*.txt, table "Prognososäkerhet": försämring 5, förbättring 5,
// prognosspann −35..−25 around the helårsprognos −30 mnkr), and the year-end
// outcome −23,5 mnkr (seeds/002_*.txt, "Socialnämnden redovisar ett negativt
// resultat om -23,5 miljoner kronor").

#include "kalkyl/band.hpp"

#include <doctest/doctest.h>

#include "decimal_print.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "kalkyl/error.hpp"
#include "test_support.hpp"

using kalkyl::Aggregation;
using kalkyl::Band;
using kalkyl::BandSource;
using kalkyl::Decimal;
using kalkyl::Errc;
using kalkyl::Rounding;

namespace {

using kalkyl::test::D;

using kalkyl::test::error_of;

using kalkyl::test::message_of;

const Band uppsala = Band::from_spread(D("-30"), D("5"), D("5"), 0.8);
const Decimal uppsala_outcome = D("-23.5");

}  // namespace

TEST_SUITE("band") {
    TEST_CASE(
        "Uppsala aug 2024: prognos −30 mnkr, prognososäkerhet +/- 5 gives prognosspann −35..−25") {
        CHECK(uppsala.low() == D("-35"));
        CHECK(uppsala.point() == D("-30"));
        CHECK(uppsala.high() == D("-25"));
        CHECK(uppsala.downside() == D("5"));
        CHECK(uppsala.upside() == D("5"));
        CHECK(uppsala.width() == D("10"));
        REQUIRE(uppsala.level());
        CHECK(*uppsala.level() == 0.8);
    }

    TEST_CASE("Uppsala 2024: the outcome −23,5 mnkr is outside the band, 1,5 above its top") {
        CHECK_FALSE(uppsala.contains(uppsala_outcome));
        CHECK(uppsala.excess(uppsala_outcome) == D("1.5"));
        CHECK(uppsala.excess(D("-36.25")) == D("-1.25"));  // below: negative
        CHECK(uppsala.excess(D("-30")) == D("0"));
        CHECK(uppsala.contains(D("-35")));  // the ends belong to the band
        CHECK(uppsala.contains(D("-25")));
        CHECK(uppsala.excess(D("-25")) == D("0"));
    }

    TEST_CASE("a band out of order, a negative spread or a level outside (0, 1) is refused") {
        CHECK(error_of([] { Band(D("-29"), D("-30"), D("-25")); }) == Errc::invalid);
        CHECK(message_of([] { Band(D("-29"), D("-30"), D("-25")); }).find("low end -29") !=
              std::string::npos);
        CHECK(error_of([] { Band(D("-35"), D("-24"), D("-25")); }) == Errc::invalid);
        CHECK(error_of([] { Band::from_spread(D("-30"), D("-5"), D("5")); }) == Errc::invalid);
        CHECK(error_of([] { Band::from_spread(D("-30"), D("5"), D("-1")); }) == Errc::invalid);
        CHECK(error_of([] { Band(D("1"), D("2"), D("3"), 1.0); }) == Errc::invalid);
        CHECK(error_of([] { Band(D("1"), D("2"), D("3"), 0.0); }) == Errc::invalid);
        CHECK(error_of([] { Band(D("1"), D("2"), D("3"), std::nan("")); }) == Errc::invalid);
        CHECK(error_of([] { Band(D("2"), D("2"), D("2")); }) == Errc::ok);  // a point is a band
    }

    TEST_CASE("band sum worst case: spreads add, exactly") {
        const std::vector<Band> rows = {Band::from_spread(D("-40"), D("3"), D("1")),
                                        Band::from_spread(D("14"), D("4"), D("2.5")),
                                        Band::from_spread(D("-4"), D("0.5"), D("0"))};
        const Band s = kalkyl::band_sum(rows, Aggregation::worst_case, {}, 1, Rounding::half_up);
        CHECK(s.point() == D("-30"));
        CHECK(s.low() == D("-37.5"));
        CHECK(s.high() == D("-26.5"));
        CHECK(s.point().scale() == 1);
        CHECK(s.low().scale() == 1);
        CHECK_FALSE(s.level());
    }

    TEST_CASE(
        "band sum independent: spreads 3 and 4 add in quadrature to 5 exactly, each side apart") {
        const std::vector<Band> rows = {Band(D("-3"), D("0"), D("6")),
                                        Band(D("6"), D("10"), D("18"))};
        const Band s = kalkyl::band_sum(rows, Aggregation::independent, {}, 2, Rounding::half_up);
        CHECK(s.point() == D("10"));
        CHECK(s.low() == D("5"));    // sqrt(3² + 4²) = 5
        CHECK(s.high() == D("20"));  // sqrt(6² + 8²) = 10
        CHECK(s.low().to_string() == "5.00");
    }

    TEST_CASE("band sum independent: an irrational root is rounded at the stated scale and mode") {
        const std::vector<Band> rows = {Band::from_spread(D("0"), D("1"), D("1")),
                                        Band::from_spread(D("0"), D("1"), D("1"))};
        // sqrt(2) = 1,41421356…
        Band s = kalkyl::band_sum(rows, Aggregation::independent, {}, 2, Rounding::half_up);
        CHECK(s.high() == D("1.41"));
        CHECK(s.low() == D("-1.41"));
        s = kalkyl::band_sum(rows, Aggregation::independent, {}, 2, Rounding::up);  // never narrows
        CHECK(s.high() == D("1.42"));
        CHECK(s.low() == D("-1.42"));
        s = kalkyl::band_sum(rows, Aggregation::independent, {}, 4, Rounding::down);
        CHECK(s.high() == D("1.4142"));
    }

    TEST_CASE("band sum correlated: identity is independent, all ones is worst case") {
        const std::vector<Band> rows = {Band::from_spread(D("-40"), D("3"), D("2")),
                                        Band::from_spread(D("14"), D("4"), D("7")),
                                        Band::from_spread(D("-4"), D("12"), D("1"))};
        const std::vector<double> identity = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        const std::vector<double> ones(9, 1.0);
        for (int scale : {0, 3, 6}) {
            CHECK(kalkyl::band_sum(rows, Aggregation::correlated, identity, scale,
                                   Rounding::half_even) ==
                  kalkyl::band_sum(rows, Aggregation::independent, {}, scale, Rounding::half_even));
            CHECK(
                kalkyl::band_sum(rows, Aggregation::correlated, ones, scale, Rounding::half_even) ==
                kalkyl::band_sum(rows, Aggregation::worst_case, {}, scale, Rounding::half_even));
        }
        // sqrt(3² + 4² + 12²) = 13 exactly.
        CHECK(kalkyl::band_sum(rows, Aggregation::independent, {}, 0, Rounding::half_up).low() ==
              D("-43"));
    }

    TEST_CASE("band sum correlated: ρ = 0,5 between two rows, hand-computed") {
        const std::vector<Band> rows = {Band::from_spread(D("0"), D("3"), D("3")),
                                        Band::from_spread(D("0"), D("4"), D("4"))};
        const std::vector<double> r = {1, 0.5, 0.5, 1};
        // sqrt(9 + 16 + 2·0,5·3·4) = sqrt(37) = 6,0827625…
        const Band s = kalkyl::band_sum(rows, Aggregation::correlated, r, 3, Rounding::half_up);
        CHECK(s.high() == D("6.083"));
        CHECK(s.low() == D("-6.083"));
    }

    TEST_CASE(
        "band sum: a correlation matrix of the wrong size, not symmetric, not PSD, or not finite "
        "is refused") {
        const std::vector<Band> rows(3, Band::from_spread(D("0"), D("1"), D("1")));
        auto sum_with = [&](std::vector<double> r) {
            return [&rows, r] {
                kalkyl::band_sum(rows, Aggregation::correlated, r, 2, Rounding::half_up);
            };
        };
        CHECK(error_of(sum_with({1, 0, 0, 1})) == Errc::invalid);  // 2×2 for 3 rows
        CHECK(message_of(sum_with({1, 0, 0, 1})).find("n·n") != std::string::npos);
        CHECK(error_of(sum_with({1, 0.2, 0, 0.3, 1, 0, 0, 0, 1})) ==
              Errc::invalid);                                                       // not symmetric
        CHECK(error_of(sum_with({0.9, 0, 0, 0, 1, 0, 0, 0, 1})) == Errc::invalid);  // diagonal
        CHECK(error_of(sum_with({1, 1.5, 0, 1.5, 1, 0, 0, 0, 1})) == Errc::invalid);  // |r| > 1
        // Each pair plausible, the three together impossible: A with B and B with
        // C strongly positive but A with C strongly negative (eigenvalue −0,8 for
        // the vector (1, −1, 1)).
        const std::vector<double> not_psd = {1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1};
        CHECK(error_of(sum_with(not_psd)) == Errc::invalid);
        CHECK(message_of(sum_with(not_psd)).find("not positive semidefinite") != std::string::npos);
        CHECK(error_of(sum_with({1, std::nan(""), 0, std::nan(""), 1, 0, 0, 0, 1})) ==
              Errc::invalid);
        // Given for a sum that does not read it.
        CHECK(error_of([&] {
                  kalkyl::band_sum(rows, Aggregation::independent, std::vector<double>(9, 0.0), 2,
                                   Rounding::half_up);
              }) == Errc::invalid);
        CHECK(error_of([&] {
                  kalkyl::band_sum(rows, static_cast<Aggregation>(7), {}, 2, Rounding::half_up);
              }) == Errc::invalid);
        CHECK(error_of([&] {
                  kalkyl::band_sum(rows, Aggregation::worst_case, {}, 29, Rounding::half_up);
              }) == Errc::scale);
    }

    TEST_CASE("band sum of no rows is [0, 0, 0]") {
        const Band s = kalkyl::band_sum({}, Aggregation::correlated, {}, 1, Rounding::half_up);
        CHECK(s.low() == D("0"));
        CHECK(s.high() == D("0"));
    }

    TEST_CASE(
        "verksamheter to nämnd: Uppsala aug 2024's rows with hypothetical spreads add to the "
        "nämnd's point") {
        // The helårsprognos per verksamhet (seeds/000, "Delårsbokslut augusti 2024"):
        // 0, −4, 14, −40, 2, −1 add to −29 (the table prints −30: rounded rows).
        const char* points[] = {"0", "-4", "14", "-40", "2", "-1"};
        std::vector<Band> rows;
        for (const char* p : points)
            rows.push_back(Band::from_spread(D(p), D("1"), D("1")));
        const Band worst =
            kalkyl::band_sum(rows, Aggregation::worst_case, {}, 1, Rounding::half_up);
        const Band indep =
            kalkyl::band_sum(rows, Aggregation::independent, {}, 1, Rounding::half_up);
        CHECK(worst.point() == D("-29"));
        CHECK(worst.low() == D("-35"));
        CHECK(indep.low() == D("-31.4"));  // sqrt(6) = 2,449…
        CHECK(indep.width() < worst.width());
    }

    TEST_CASE("empirical band: the order-statistic rule with enough history") {
        // 19 errors −9..9 at 80 %: α = 0,1, k = floor(20·0,1) = 2: e(2) = −8, e(18) = 8.
        std::vector<Decimal> errors;
        for (int e = 9; e >= -9; --e)
            errors.push_back(Decimal(e, 0));
        const auto r = kalkyl::empirical_band(D("-30"), errors, 0.8, 3, {D("300"), D("0.02")}, 1,
                                              Rounding::half_up);
        CHECK(r.source == BandSource::history);
        CHECK(r.history == 19);
        CHECK(r.band.low() == D("-38"));
        CHECK(r.band.high() == D("-22"));
        CHECK(r.achieved_level == doctest::Approx(16.0 / 20.0));
        CHECK(*r.band.level() == 0.8);
        CHECK_FALSE(r.stretched_to_point);
        // 90 %: k = floor(20·0,05) = 1: the extremes, achieved 18/20.
        const auto r90 = kalkyl::empirical_band(D("-30"), errors, 0.9, 3, {D("300"), D("0.02")}, 1,
                                                Rounding::half_up);
        CHECK(r90.source == BandSource::history);
        CHECK(r90.band.low() == D("-39"));
        CHECK(r90.achieved_level == doctest::Approx(0.9));
    }

    TEST_CASE("empirical band: too few errors for the level widens to min..max and says so") {
        const std::vector<Decimal> errors = {D("6.5"), D("-2"), D("3"), D("-4.25"), D("1")};
        const auto r = kalkyl::empirical_band(D("-30"), errors, 0.8, 3, {D("300"), D("0.02")}, 2,
                                              Rounding::half_up);
        CHECK(r.source == BandSource::widened_to_range);
        CHECK(r.band.low() == D("-34.25"));
        CHECK(r.band.high() == D("-23.5"));
        CHECK(r.achieved_level == doctest::Approx(4.0 / 6.0));
    }

    TEST_CASE(
        "empirical band: too little history gives the default, spread ∝ the remaining months' "
        "budget") {
        // Uppsala: 950 mnkr kommunbidrag, August closed: 4/12 of the year left
        // (316,67); a 2 % default gives ±6,33.
        const std::vector<Decimal> two = {D("3"), D("-1")};
        const auto r = kalkyl::empirical_band(D("-30"), two, 0.8, 3, {D("316.67"), D("0.02")}, 2,
                                              Rounding::half_up);
        CHECK(r.source == BandSource::default_spread);
        CHECK(r.history == 2);
        CHECK(r.band.low() == D("-36.33"));
        CHECK(r.band.high() == D("-23.67"));
        // December: nothing left, the band closes on the point.
        const auto dec = kalkyl::empirical_band(D("-23.5"), {}, 0.8, 3, {D("0"), D("0.02")}, 1,
                                                Rounding::half_up);
        CHECK(dec.source == BandSource::default_spread);
        CHECK(dec.band.width() == D("0"));
        CHECK(error_of([] {
                  kalkyl::empirical_band(D("0"), {}, 0.8, 3, {D("100"), D("-0.02")}, 1,
                                         Rounding::half_up);
              }) == Errc::invalid);
    }

    TEST_CASE("empirical band: later months' smaller errors give narrower bands through the year") {
        // A back-test's errors at months 4, 8 and 11 of ten earlier years: the
        // outcome to date is known, so later forecasts miss by less.
        const std::vector<Decimal> april = {D("-18"), D("12"),  D("-9"), D("15"), D("-4"),
                                            D("7"),   D("-13"), D("3"),  D("10"), D("-6")};
        std::vector<Decimal> august, november;
        for (const Decimal& e : april) {
            august.push_back(kalkyl::divide(e, D("2"), 2, Rounding::half_up));
            november.push_back(kalkyl::divide(e, D("6"), 2, Rounding::half_up));
        }
        const kalkyl::DefaultSpread fallback{D("0"), D("0")};
        const auto b4 =
            kalkyl::empirical_band(D("-30"), april, 0.8, 3, fallback, 2, Rounding::half_up);
        const auto b8 =
            kalkyl::empirical_band(D("-30"), august, 0.8, 3, fallback, 2, Rounding::half_up);
        const auto b11 =
            kalkyl::empirical_band(D("-30"), november, 0.8, 3, fallback, 2, Rounding::half_up);
        // n = 10 at 80 %: k = floor(11·0,1) = 1: the extremes.
        CHECK(b4.source == BandSource::history);
        CHECK(b4.band.low() == D("-48"));
        CHECK(b4.band.high() == D("-15"));
        CHECK(b8.band.low() == D("-39"));
        CHECK(b11.band.low() == D("-33"));
        CHECK(b11.band.high() == D("-27.5"));
        CHECK(b4.band.width() > b8.band.width());
        CHECK(b8.band.width() > b11.band.width());
    }

    TEST_CASE(
        "empirical band: a biased method's band is stretched to hold the point, and flagged") {
        const std::vector<Decimal> all_better = {D("2"), D("5"), D("3"), D("4")};
        const auto r = kalkyl::empirical_band(D("-30"), all_better, 0.8, 3, {D("0"), D("0")}, 0,
                                              Rounding::half_up);
        CHECK(r.stretched_to_point);
        CHECK(r.band.low() == D("-30"));
        CHECK(r.band.high() == D("-25"));
    }

    TEST_CASE("empirical band: bad level or min_history") {
        const std::vector<Decimal> e = {D("1")};
        CHECK(error_of([&] {
                  kalkyl::empirical_band(D("0"), e, 1.0, 1, {}, 0, Rounding::half_up);
              }) == Errc::invalid);
        CHECK(error_of([&] {
                  kalkyl::empirical_band(D("0"), e, 0.0, 1, {}, 0, Rounding::half_up);
              }) == Errc::invalid);
        CHECK(error_of([&] {
                  kalkyl::empirical_band(D("0"), e, 0.8, 0, {}, 0, Rounding::half_up);
              }) == Errc::invalid);
    }

    TEST_CASE("grading Uppsala 2024 at 80 %: bias 6,5, MAE 6,5, coverage 0, Winkler 25") {
        const std::vector<Band> bands = {uppsala};
        const std::vector<Decimal> outcomes = {uppsala_outcome};
        const auto s = kalkyl::grade(bands, outcomes, std::nullopt, 2, Rounding::half_up);
        CHECK(s.count == 1);
        CHECK(s.bias == D("6.5"));
        CHECK(s.mean_absolute_error == D("6.5"));
        CHECK(s.coverage == 0.0);
        // width 10 + (2/0,2)·1,5
        CHECK(s.interval_score == D("25"));
        CHECK(s.interval_score.scale() == 2);
        // low at τ = 0,1: 0,1·11,5; point at 0,5: 0,5·6,5; high at 0,9: 0,9·1,5.
        CHECK(s.pinball_low == D("1.15"));
        CHECK(s.pinball_point == D("3.25"));
        CHECK(s.pinball_high == D("1.35"));
    }

    TEST_CASE("grading several years, hand-computed") {
        // 90 % bands (α = 0,1, 2/α = 20).
        const std::vector<Band> bands = {Band(D("-10"), D("-5"), D("0")),
                                         Band(D("-2"), D("0"), D("2")),
                                         Band(D("0"), D("4"), D("6"))};
        const std::vector<Decimal> outcomes = {D("-6"), D("3"), D("-1")};
        const auto s = kalkyl::grade(bands, outcomes, 0.9, 3, Rounding::half_up);
        // errors −1, 3, −5: bias −1, MAE 3.
        CHECK(s.bias == D("-1"));
        CHECK(s.mean_absolute_error == D("3"));
        CHECK(s.coverage == doctest::Approx(1.0 / 3.0));
        // Winkler: 10; 4 + 20·1 = 24; 6 + 20·1 = 26; mean 20.
        CHECK(s.interval_score == D("20"));
        // point pinball (τ ½): 0,5, 1,5, 2,5 -> mean 1,5.
        CHECK(s.pinball_point == D("1.5"));
    }

    TEST_CASE("grading: a band's own level wins over the argument; none at all is an error") {
        const std::vector<Band> own = {uppsala};  // 80 %
        const std::vector<Decimal> y = {uppsala_outcome};
        CHECK(kalkyl::grade(own, y, 0.5, 2, Rounding::half_up).interval_score == D("25"));
        const std::vector<Band> none = {uppsala.with_level(std::nullopt)};
        CHECK(error_of([&] { kalkyl::grade(none, y, std::nullopt, 2, Rounding::half_up); }) ==
              Errc::invalid);
        CHECK(kalkyl::grade(none, y, 0.5, 2, Rounding::half_up).interval_score ==
              D("16"));  // 10 + 4·1,5
        CHECK(error_of([&] { kalkyl::grade({}, {}, 0.8, 2, Rounding::half_up); }) == Errc::invalid);
        CHECK(error_of([&] { kalkyl::grade(own, {}, 0.8, 2, Rounding::half_up); }) ==
              Errc::invalid);
    }

    TEST_CASE("pinball loss") {
        CHECK(kalkyl::pinball_loss(D("-25"), D("-23.5"), 0.9, 2, Rounding::half_up) == D("1.35"));
        CHECK(kalkyl::pinball_loss(D("-20"), D("-23.5"), 0.9, 2, Rounding::half_up) == D("0.35"));
        CHECK(error_of([] { kalkyl::pinball_loss(D("0"), D("0"), 1.0, 2, Rounding::half_up); }) ==
              Errc::invalid);
    }

    TEST_CASE(
        "estimates: a double becomes a Decimal correctly rounded from its exact binary value") {
        using kalkyl::detail::estimate_to_decimal;
        CHECK(estimate_to_decimal(5.0, 2, Rounding::half_up).to_string() == "5.00");
        CHECK(estimate_to_decimal(-1.5, 0, Rounding::half_up) == D("-2"));
        CHECK(estimate_to_decimal(-1.5, 0, Rounding::half_even) == D("-2"));
        CHECK(estimate_to_decimal(2.5, 0, Rounding::half_even) == D("2"));
        // 0,1 is 0,1000000000000000055511151231257827… in binary.
        CHECK(estimate_to_decimal(0.1, 17, Rounding::down) == D("0.10000000000000000"));
        CHECK(estimate_to_decimal(0.1, 17, Rounding::up) == D("0.10000000000000001"));
        CHECK(estimate_to_decimal(0.1, 28, Rounding::half_up) ==
              D("0.1000000000000000055511151231"));
        // 2,675 is 2,67499999999999982236431605997495353221893310546875.
        CHECK(estimate_to_decimal(2.675, 2, Rounding::half_up) == D("2.67"));
        CHECK(estimate_to_decimal(1e20, 0, Rounding::half_up) == D("100000000000000000000"));
        CHECK(estimate_to_decimal(1e-40, 28, Rounding::half_up) == D("0"));
        CHECK(estimate_to_decimal(1e-40, 28, Rounding::up) == D("0.0000000000000000000000000001"));
        CHECK(estimate_to_decimal(-1e-40, 28, Rounding::floor) ==
              D("-0.0000000000000000000000000001"));
        CHECK(estimate_to_decimal(std::ldexp(1.0, -100), 28, Rounding::half_up) ==
              D("0"));  // the 5^j path
        CHECK(estimate_to_decimal(std::ldexp(1.0, -140), 28, Rounding::ceiling) ==
              D("0.0000000000000000000000000001"));  // below every scale
        CHECK(estimate_to_decimal(std::ldexp(3.0, -92), 28, Rounding::half_up) ==
              D("0.0000000000000000000000000006"));  // 6,05e-28
        CHECK(error_of([] { estimate_to_decimal(std::nan(""), 2, Rounding::half_up); }) ==
              Errc::invalid);
        CHECK(error_of([] { estimate_to_decimal(HUGE_VAL, 2, Rounding::half_up); }) ==
              Errc::invalid);
        CHECK(error_of([] { estimate_to_decimal(1e40, 0, Rounding::half_up); }) == Errc::overflow);
    }

}  // TEST_SUITE
