#pragma once
// `parley seed`: fills an empty store with the workload's dataset (seed_plan.hpp) through
// Store::import_batch.
//
// DESIGN: one pass, room by room, in batches.
//  - Users first (all in memory: they are small, and every room needs their names). Every
//    user has the same password, hashed once: a seeded server exists to be driven by a load
//    generator that logs in as anyone. Usernames are `user1`..`userN` (`admin` is the admin).
//  - Then rooms in order #general, channels, private groups, DMs. A room's messages are made
//    with the room, so its msgs, lm and lastMessage, its thread parents' tcount/tlm/replies
//    and its members' subscriptions are known when it is written: nothing is updated later.
//  - Rows go out in batches of about `batch_rows`. This thread makes batch N+1 while the
//    store's writer commits batch N (two cores, two stages); at most one batch waits.
//  - The statistics counters follow by the store's own triggers; the search index is built
//    by Store::finish_import once every batch is in (one pass is far cheaper than one trigger
//    call per message).
//  - Deterministic: the same --seed gives the same ids, names, texts and times, except the
//    resume tokens' expiry, which follows `now_ms`.
// Not generated: livechat rooms (parley serves no livechat) and uploads (a file in one
// message of 200 would be gigabytes of blobs at scale 1).
#include <cstdint>
#include <stdexcept>
#include <string>

#include "chat/password.hpp"
#include "seed/progress.hpp"
#include "seed/seed_plan.hpp"
#include "store/store.hpp"

namespace parley::seed {

struct SeedOptions {
  double scale = 1.0;
  uint64_t seed = 1;
  std::string password = "parley-seed";  // every user's
  chat::HashCost hash_cost{};
  int64_t now_ms = 0;  // the newest message is older than this; history spans 18 months
  // When set: one line per active user, `username<TAB>userId<TAB>resume token`, after a
  // comment line. The tokens are stored as login tokens valid for 90 days.
  std::string tokens_path;
  // Subscriptions + messages per transaction. Every commit rewrites the leaves of the message
  // id index that its random ids land on, most of the index once it is big: at scale 1, 100,000
  // rows per commit instead of 20,000 cut the seed's system CPU from 59 s to 39 s, for ~0.5 GB
  // more peak memory (two batches in flight).
  std::size_t batch_rows = 100000;
};

struct SeedReport {
  SeedPlan plan;
  int64_t subscriptions = 0;
  int64_t messages = 0;
  int64_t thread_replies = 0;
  int64_t tokens = 0;
  double seconds = 0;
};

class SeedError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws SeedError when the store already holds users (seed fills a new data directory) or a
// write fails; what was committed before a failure stays (rerun on a new directory).
SeedReport run_seed(store::Store& store, const SeedOptions& options, Progress& progress);

}  // namespace parley::seed
