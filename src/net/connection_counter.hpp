#pragma once
// DESIGN: open connections per key (a client address), for the per-IP connection cap.
//  - try_acquire(key) counts one connection against `key` when that keeps the key within the
//    cap, and hands back a Lease; the Lease gives the count back exactly once, on release() or
//    destruction. It is move-only, so it travels with the connection: from the HTTP connection
//    to the WebSocket session the connection becomes, which outlives the HTTP object.
//  - Any thread: keys are spread over shards by hash, each shard behind its own mutex, so the N
//    event loops accepting at once rarely meet. A key is erased when its count drops to zero,
//    so the map holds only addresses with a connection open, however many come and go.
//  - The counter must outlive every Lease it hands out (net's Shared owns it and outlives the
//    loops and their connections).
#include <array>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace parley::net {

class ConnectionCounter {
 public:
  class Lease {
   public:
    Lease() = default;  // counts nothing
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { release(); }

    // Gives the count back; idempotent.
    void release();
    // Whether this lease holds a count (false with no cap, or once released).
    bool counted() const { return counter_ != nullptr; }
    const std::string& key() const { return key_; }

   private:
    friend class ConnectionCounter;
    Lease(ConnectionCounter* counter, std::string key) : counter_(counter), key_(std::move(key)) {}

    ConnectionCounter* counter_ = nullptr;
    std::string key_;
  };

  // `max_per_key` 0 means no cap: nothing is counted and every acquire succeeds.
  explicit ConnectionCounter(std::size_t max_per_key) : max_per_key_(max_per_key) {}
  ConnectionCounter(const ConnectionCounter&) = delete;
  ConnectionCounter& operator=(const ConnectionCounter&) = delete;

  // A lease on one more connection for `key`, or nullopt when `key` already has max_per_key.
  std::optional<Lease> try_acquire(std::string_view key);

  std::size_t max_per_key() const { return max_per_key_; }
  // Open connections counted for `key` (0 when absent), and keys with any: for tests and checks.
  std::size_t count(std::string_view key) const;
  std::size_t keys() const;

 private:
  static constexpr std::size_t kShards = 16;
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, std::size_t> counts;
  };

  Shard& shard_for(std::string_view key) const;
  void release(const std::string& key);

  const std::size_t max_per_key_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace parley::net
