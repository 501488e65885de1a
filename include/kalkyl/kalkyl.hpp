// kalkyl/kalkyl.hpp: the whole C++ API in one include.
#pragma once

#include "kalkyl/allocate.hpp"
#include "kalkyl/band.hpp"
#include "kalkyl/bridge.hpp"
#include "kalkyl/checks.hpp"
#include "kalkyl/decimal.hpp"
#include "kalkyl/error.hpp"
#include "kalkyl/followup.hpp"
#include "kalkyl/footing.hpp"
#include "kalkyl/forecast.hpp"
#include "kalkyl/montecarlo.hpp"
#include "kalkyl/month.hpp"
#include "kalkyl/percent.hpp"
#include "kalkyl/rounding.hpp"
#include "kalkyl/sie.hpp"
#include "kalkyl/text.hpp"
#include "kalkyl/unitcost.hpp"
