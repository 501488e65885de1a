// Private to the library: the kalkyl_ledger handle, shared by the C ABI files
// that make or use one (capi/kalkyl_ledger.cpp, and capi/kalkyl_sie.cpp,
// which fills a new ledger from an SIE file).
#pragma once

#include <cstdint>
#include <optional>

#include "kalkyl.h"
#include "kalkyl/followup.hpp"

// The handle. `magic` is checked by every call: a cheap guard against a freed
// or foreign pointer (not a proof).
struct kalkyl_ledger {
    static constexpr std::uint64_t live = 0x6b616c6b4c454447ULL;  // "kalkLEDG"
    std::uint64_t magic = live;
    kalkyl::Ledger ledger;
    std::optional<kalkyl::FollowUp> figures;
};
