#include "seed/seed_plan.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace parley::seed {
namespace {

int64_t scaled(double count, double scale, int64_t at_least) {
  return std::max(at_least, static_cast<int64_t>(std::llround(count * scale)));
}

}  // namespace

SeedPlan plan_for_scale(double scale) {
  if (!(scale > 0) || scale > 100) {
    throw std::invalid_argument("the scale must be above 0 and at most 100");
  }
  SeedPlan plan;
  // workload.md: 7,116 users of whom 942 deactivated.
  plan.users = scaled(7116, scale, 2);
  plan.deactivated = std::min(plan.users - 2, scaled(942, scale, 0));
  plan.channels = scaled(44, scale, 1);
  plan.groups = scaled(1917, scale, 0);
  // Distinct pairs of users bound the DMs at small scales.
  plan.directs = std::min(plan.users * (plan.users - 1) / 2, scaled(47188, scale, 0));
  // The thread's 2,399,787 messages less its livechat ones, which parley does not serve.
  plan.channel_messages = scaled(5345, scale, 0);
  plan.group_messages = plan.groups > 0 ? scaled(416826, scale, 0) : 0;
  plan.direct_messages = plan.directs > 0 ? scaled(1975032, scale, 0) : 0;
  return plan;
}

}  // namespace parley::seed
