#include "store/sqlite/read_pool.hpp"

#include <stdexcept>

namespace parley::store::sqlite {

ReadPool::ReadPool(const std::string& path, int size, int busy_timeout_ms) {
  if (size < 1) throw std::invalid_argument("read_connections must be at least 1");
  connections_.reserve(static_cast<std::size_t>(size));
  for (int i = 0; i < size; ++i) {
    connections_.emplace_back(path, Connection::Mode::kReadOnly, busy_timeout_ms);
  }
  for (auto& conn : connections_) idle_.push_back(&conn);
}

ReadPool::Lease ReadPool::acquire() {
  std::unique_lock lock(mu_);
  available_.wait(lock, [this] { return !idle_.empty(); });
  Connection* conn = idle_.back();
  idle_.pop_back();
  return Lease(*this, *conn);
}

void ReadPool::release(Connection& conn) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(&conn);
  }
  available_.notify_one();
}

ReadTransaction::ReadTransaction(Connection& conn) : conn_(conn) {
  conn_.exec("BEGIN");
}

ReadTransaction::~ReadTransaction() {
  // A failed statement may already have ended the transaction; never throw from here.
  if (!conn_.in_transaction()) return;
  try {
    conn_.exec("COMMIT");
  } catch (...) {
    // Leaving the connection inside a transaction would pin an old snapshot for its next user.
    try {
      conn_.exec("ROLLBACK");
    } catch (...) {
    }
  }
}

}  // namespace parley::store::sqlite
