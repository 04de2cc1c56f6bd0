#pragma once
// DESIGN: Rocket.Chat's statistics object (GET /api/v1/statistics, statistics.list) with every
// figure of the operator's table in docs/architecture.md: users by state and status, rooms and
// messages by room type, uploads, instance count, uptime, version.
//  - Cost: totals come from the store's counters, kept by the same transactions that write the
//    rows they count (store.hpp). Computing a snapshot reads a handful of rows and this
//    process's presence: the same at 2.4M messages as at 10, so `refresh=true` is safe. The
//    exception is discussions (totalDiscussions, totalDiscussionsMessages): one pass over the
//    rooms table, as RC reads its rooms for them; it grows with rooms, not with messages.
//  - Snapshots are stored, as Rocket.Chat keeps rocketchat_statistics: GET answers the newest,
//    statistics.list pages through them, and the supervisor adds one a day.
//  - What the process and machine are (os, process, instance count) is app/'s to say: it
//    hands in a function, so chat/ reads no OS interfaces.
#include <boost/json/object.hpp>
#include <functional>
#include <string>

#include "chat/errors.hpp"
#include "chat/presence.hpp"
#include "chat/settings.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::chat {

struct StatisticsPage {
  std::vector<boost::json::object> statistics;
  int64_t total = 0;
};

class Statistics {
 public:
  // Fields about the running process, merged into every snapshot: version, instanceCount,
  // os{...}, process{...}.
  using RuntimeFields = std::function<boost::json::object()>;

  Statistics(store::Store& store, Presence& presence, Settings& settings, const util::Clock& clock,
             RuntimeFields runtime);

  // A new snapshot, stored.
  boost::json::object generate();
  // The newest stored snapshot; a new one when `refresh` or when none exists yet.
  boost::json::object latest(bool refresh);
  StatisticsPage list(int64_t offset, int64_t count);
  // Ms since the epoch of the newest snapshot, 0 when there is none (the daily snapshot).
  int64_t newest_at();

 private:
  store::Store& store_;
  Presence& presence_;
  Settings& settings_;
  const util::Clock& clock_;
  RuntimeFields runtime_;
};

}  // namespace parley::chat
