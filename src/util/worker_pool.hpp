#pragma once
// A bounded pool of threads for blocking work: SQL, password hashing, file I/O.
// Event loops hand such work here and never block themselves (ARCHITECTURE.md, Concurrency).
#include <cstddef>
#include <functional>
#include <memory>

namespace parley::util {

class WorkerPool {
 public:
  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs `task` on some worker thread. Exceptions escaping `task` are caught and logged:
  // a bug in one task never takes the pool down.
  void post(std::function<void()> task);

  // Waits for queued tasks to finish and joins the threads.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley::util
