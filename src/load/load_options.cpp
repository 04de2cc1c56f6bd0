#include "load/load_options.hpp"

#include <cmath>
#include <stdexcept>

namespace parley::load {
namespace {

// docs/workload.md: seed = 1,000 connected (900 active), x10 = 10,000 (9,000 active) at
// 300 messages/s. The x10 kind mix is the (8,000 web, 1,000 sdk, 500 legacy, 500 bot);
// the seed profile keeps the same proportions.
struct Profile {
  int clients;
  std::array<int, kKindCount> mix;  // per 100
};
constexpr Profile kSeed{1000, {80, 10, 5, 5}};
constexpr Profile kX10{10000, {80, 10, 5, 5}};

}  // namespace

ResolvedPlan resolve_plan(const LoadOptions& options) {
  Profile profile;
  if (options.profile == "seed") {
    profile = kSeed;
  } else if (options.profile == "x10") {
    profile = kX10;
  } else {
    throw std::invalid_argument("unknown profile \"" + options.profile + "\" (seed or x10)");
  }
  ResolvedPlan plan;
  bool explicit_kinds = false;
  for (int k : options.kinds) explicit_kinds |= k >= 0;
  if (explicit_kinds) {
    for (std::size_t i = 0; i < plan.kinds.size(); ++i) {
      plan.kinds[i] = std::max(options.kinds[i], 0);
    }
  } else {
    const int total = options.clients > 0 ? options.clients : profile.clients;
    int assigned = 0;
    for (std::size_t i = 0; i < plan.kinds.size(); ++i) {
      plan.kinds[i] = total * profile.mix[i] / 100;
      assigned += plan.kinds[i];
    }
    plan.kinds[0] += total - assigned;  // rounding goes to web, the most common client
  }
  for (int k : plan.kinds) plan.total += k;
  if (plan.total <= 0) throw std::invalid_argument("no clients to run");
  if (options.active_fraction < 0 || options.active_fraction > 1) {
    throw std::invalid_argument("--active must be between 0 and 1");
  }
  plan.active = static_cast<int>(std::lround(plan.total * options.active_fraction));
  plan.rate = options.rate >= 0 ? options.rate : plan.active / 30.0;
  return plan;
}

}  // namespace parley::load
