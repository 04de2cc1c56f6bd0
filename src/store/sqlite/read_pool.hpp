#pragma once
// DESIGN: a fixed set of read-only connections shared by every reading thread.
//  - acquire() hands out a connection exclusively (mutex + condvar); a reader waits when all
//    are out. The size bounds how many SQL reads run at once, like the worker pool does.
//  - Readers never see the write connection, so a long read never delays the writer, and in
//    WAL mode a reader sees the last commit that finished before its statement started.
//  - Each connection keeps its own prepared-statement cache (Connection::query).
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

class ReadPool {
 public:
  // Returns the connection to the pool when it goes out of scope.
  class Lease {
   public:
    Lease(ReadPool& pool, Connection& conn) : pool_(&pool), conn_(&conn) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), conn_(other.conn_) {
      other.pool_ = nullptr;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_ != nullptr) pool_->release(*conn_);
    }
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_; }

   private:
    ReadPool* pool_;
    Connection* conn_;
  };

  ReadPool(const std::string& path, int size, int busy_timeout_ms);
  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

  Lease acquire();

 private:
  void release(Connection& conn);

  std::vector<Connection> connections_;  // never resized after construction
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<Connection*> idle_;
};

// Groups several statements into one snapshot, so e.g. a page and its total agree.
// Ends the read transaction on scope exit (reads have nothing to commit).
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection& conn);
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  ~ReadTransaction();

 private:
  Connection& conn_;
};

}  // namespace parley::store::sqlite
