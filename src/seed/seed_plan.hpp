#pragma once
// How many of each thing `parley seed --scale S` writes: the "seed" dataset of
// docs/workload.md (the deployment of the seed thread) times S.
#include <cstdint>

namespace parley::seed {

struct SeedPlan {
  int64_t users = 0;        // including the admin
  int64_t deactivated = 0;  // of `users`
  int64_t channels = 0;     // including #general
  int64_t groups = 0;
  int64_t directs = 0;
  int64_t channel_messages = 0;
  int64_t group_messages = 0;
  int64_t direct_messages = 0;

  int64_t rooms() const { return channels + groups + directs; }
  int64_t messages() const { return channel_messages + group_messages + direct_messages; }
};

// Scale 1 is the thread's deployment: 7,116 users, 44 channels, 1,917 groups, 47,188 DMs,
// 2.4 M messages. Every count is rounded and kept at a minimum that still makes a usable
// server (an admin and one other user, #general). Throws std::invalid_argument for a scale
// that is not positive or would not fit in memory (above 100).
SeedPlan plan_for_scale(double scale);

}  // namespace parley::seed
