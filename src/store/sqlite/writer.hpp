#pragma once
// DESIGN: the single writer of a SQLite database, with group commit.
//
// Threads
//  - One writer thread owns the only read-write Connection; nothing else touches it after
//    construction. Any number of caller threads (worker-pool threads, never event loops) call
//    run(), which queues a Job and blocks until that Job's outcome is known.
//
// Order of events for one batch
//  1. The writer wakes, takes every queued Job (at most max_batch) in arrival order.
//  2. BEGIN IMMEDIATE. Each Job runs inside its own SAVEPOINT: a Job that returns a non-kOk
//     status (an expected failure such as a duplicate username) or throws is rolled back to
//     its savepoint, leaving the other Jobs' changes intact.
//  3. COMMIT once (one fsync with synchronous=FULL), then observe the commit latency.
//  4. The AfterCommit hooks of the batch's kOk Jobs run, in Job order, on this thread.
//  5. Only now are the callers released: kOk outcomes are durable when run() returns.
//
// Write stamps (why "since" reads never miss a write)
//  A Job that calls stamp() gets a write stamp, max(clock now, last stamp + 1) ms, and writes
//  it as the updated_at (removed_at, deleted_at, a server-chosen ts) of whatever it changes.
//  Stamps are unique and grow strictly in Job order, which is commit order, so a client whose
//  sync point is the stamp of the last thing it saw gets everything committed after it by
//  asking for stamps > it (Rocket.Chat's $gt), even a write that shared its commit. Stamps
//  come from no caller's clock and no client's `ts`. Only Jobs that ask take one (messages,
//  rooms, subscriptions: ~500/s on the x10 day), so they stay on the wall clock; a burst of
//  more than one per millisecond runs them ahead by the burst's size in ms until the clock
//  catches up.
//
// Guarantees
//  - A Job's changes are visible to readers only after run() has returned (or is returning).
//  - Jobs from one thread commit in the order that thread submitted them.
//  - AfterCommit hooks run in commit order, one at a time: events published from them reach
//    the bus in the order their writes committed.
//  - If BEGIN or COMMIT fails, or SQLite abandons the transaction mid-batch (disk full, I/O
//    error), every Job of that batch gets the exception: none of them is durable. A Job that
//    throws on its own gets its exception; the rest of the batch still commits.
//  - The destructor refuses new Jobs, lets the writer drain what is queued, then joins it.
//
// Metrics: parley_store_writes_total (Jobs run), parley_store_commits_total (transactions
// committed), parley_store_commit_seconds (BEGIN..COMMIT of a batch),
// parley_store_batch_size_last (Jobs in the last batch).
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "metrics/registry.hpp"
#include "store/sqlite/connection.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::store::sqlite {

struct WriteOutcome {
  WriteStatus status = WriteStatus::kOk;
  int64_t changed = 0;  // rows affected, for callers that report a count
};

class Writer {
 public:
  // Runs on the writer thread inside a savepoint. Return a non-kOk status to have its
  // changes rolled back; throw only when the database itself misbehaves.
  using Job = std::function<WriteOutcome(Connection&)>;

  Writer(Connection conn, std::size_t max_batch, metrics::Registry& registry,
         const util::Clock& clock);
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer();

  // Blocks until the Job's transaction has committed (or failed). Rethrows the Job's or the
  // transaction's exception. Throws std::runtime_error once the Writer is shutting down.
  // `after_commit` runs once the Job committed with kOk, before run() returns (see above); an
  // exception it throws is logged and swallowed.
  WriteOutcome run(Job job, AfterCommit after_commit = {});

  // The running Job's write stamp (ms), taken at its first call. Writer thread only: call it
  // from inside a Job.
  int64_t stamp();

 private:
  struct Pending {
    Job job;
    AfterCommit after_commit;
    std::promise<WriteOutcome> done;
  };

  void loop();
  void run_batch(std::vector<Pending>& batch);

  Connection conn_;  // writer thread only (after construction)
  const std::size_t max_batch_;
  metrics::Counter& writes_;
  metrics::Counter& commits_;
  metrics::Histogram& commit_seconds_;
  metrics::Gauge& batch_size_;
  const util::Clock& clock_;
  int64_t last_stamp_ = 0;      // writer thread only
  bool job_has_stamp_ = false;  // writer thread only: the running Job took last_stamp_

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;  // guarded by mu_
  bool stopping_ = false;      // guarded by mu_

  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace parley::store::sqlite
