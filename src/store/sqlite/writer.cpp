#include "store/sqlite/writer.hpp"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <stdexcept>
#include <variant>

namespace parley::store::sqlite {

Writer::Writer(Connection conn, std::size_t max_batch, metrics::Registry& registry,
               const util::Clock& clock)
    : conn_(std::move(conn)),
      max_batch_(max_batch == 0 ? 1 : max_batch),
      writes_(registry.counter("parley_store_writes_total", "Write jobs run by the store writer")),
      commits_(registry.counter("parley_store_commits_total",
                                "Transactions committed by the store writer (group commits)")),
      commit_seconds_(registry.histogram("parley_store_commit_seconds",
                                         "Duration of one batch transaction, BEGIN to COMMIT")),
      batch_size_(registry.gauge("parley_store_batch_size_last", "Jobs in the last batch")),
      clock_(clock),
      thread_([this] { loop(); }) {
  pthread_setname_np(thread_.native_handle(), "parley-store-w");
}

Writer::~Writer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

int64_t Writer::stamp() {
  // Strictly later than every earlier stamp, even one a failed Job took or one whose clock
  // read was ahead: "since" reads depend on it (see the header).
  if (!job_has_stamp_) {
    last_stamp_ = std::max(clock_.now_ms(), last_stamp_ + 1);
    job_has_stamp_ = true;
  }
  return last_stamp_;
}

WriteOutcome Writer::run(Job job, AfterCommit after_commit) {
  std::future<WriteOutcome> result;
  {
    std::lock_guard lock(mu_);
    if (stopping_) throw std::runtime_error("store is shutting down; write refused");
    queue_.push_back(Pending{std::move(job), std::move(after_commit), {}});
    result = queue_.back().done.get_future();
    // Notify under the lock: once it is released, the writer may answer this job, drain,
    // and let the destructor free wake_ before an unlocked notify would run.
    wake_.notify_one();
  }
  return result.get();
}

void Writer::loop() {
  std::vector<Pending> batch;
  batch.reserve(max_batch_);
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      // Stop only once the queue is empty: callers already waiting must get their answer.
      if (queue_.empty()) return;
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    run_batch(batch);
    batch.clear();
  }
}

void Writer::run_batch(std::vector<Pending>& batch) {
  using Result = std::variant<std::monostate, WriteOutcome, std::exception_ptr>;
  std::vector<Result> results(batch.size());
  const auto started = std::chrono::steady_clock::now();

  auto fail_all = [&](const std::exception_ptr& error) {
    for (auto& pending : batch) pending.done.set_exception(error);
  };
  // Leaves the connection outside any transaction, whatever state the error left it in.
  auto abandon = [&] {
    if (!conn_.in_transaction()) return;
    try {
      conn_.exec("ROLLBACK");
    } catch (const std::exception& e) {
      spdlog::error("store: rollback after a failed batch failed too: {}", e.what());
    }
  };

  try {
    conn_.exec("BEGIN IMMEDIATE");
  } catch (...) {
    abandon();
    fail_all(std::current_exception());
    return;
  }

  for (std::size_t i = 0; i < batch.size(); ++i) {
    writes_.inc();
    job_has_stamp_ = false;
    try {
      conn_.exec("SAVEPOINT job");
      WriteOutcome outcome = batch[i].job(conn_);
      if (outcome.status == WriteStatus::kOk) {
        conn_.exec("RELEASE job");
      } else {
        conn_.exec("ROLLBACK TO job");
        conn_.exec("RELEASE job");
      }
      results[i] = outcome;
    } catch (...) {
      results[i] = std::current_exception();
      // If SQLite has ended the transaction itself, every earlier job's work is gone.
      bool recovered = false;
      if (conn_.in_transaction()) {
        try {
          conn_.exec("ROLLBACK TO job");
          conn_.exec("RELEASE job");
          recovered = true;
        } catch (...) {
        }
      }
      if (!recovered) {
        abandon();
        fail_all(std::get<std::exception_ptr>(results[i]));
        return;
      }
    }
  }

  try {
    conn_.exec("COMMIT");
  } catch (...) {
    abandon();
    fail_all(std::current_exception());
    return;
  }

  commits_.inc();
  batch_size_.set(static_cast<int64_t>(batch.size()));
  commit_seconds_.observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());

  // Durable now. The hooks first, in commit order, so what they publish is ordered too.
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto* outcome = std::get_if<WriteOutcome>(&results[i]);
    if (!batch[i].after_commit || !outcome || outcome->status != WriteStatus::kOk) continue;
    try {
      batch[i].after_commit();
    } catch (const std::exception& e) {
      spdlog::error("store: an after-commit hook threw: {}", e.what());
    } catch (...) {
      spdlog::error("store: an after-commit hook threw a non-exception");
    }
  }
  // Then release the callers.
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (auto* outcome = std::get_if<WriteOutcome>(&results[i])) {
      batch[i].done.set_value(*outcome);
    } else {
      batch[i].done.set_exception(std::get<std::exception_ptr>(results[i]));
    }
  }
}

}  // namespace parley::store::sqlite
