#pragma once
// A download's body read from the BlobStore piece by piece (net::BodySource), so a 100 MB
// file is never held whole and no event loop ever touches the disk.
//
// DESIGN
// - net calls read() with at most one read outstanding, and only as fast as the client takes
//   the bytes. Each read() posts one task to the worker pool; the task reads up to
//   kPieceBytes at the next offset (BlobStore::read_range, blocking I/O) and calls `done` from
//   the worker. The offset is touched only by those tasks, which never overlap (the next
//   read() comes after `done`), and the pool's queue orders one task before the next.
// - The task holds the source (shared_from_this), so net may drop its pointer at any time,
//   e.g. when the client goes away mid-file; the last piece in flight then ends on its own.
// - A failed read, or the blob ending before `length` bytes (it was removed or truncated under
//   us), is nullopt: net closes the connection, so the client sees a short body, never a
//   wrong one.
#include <cstdint>
#include <memory>
#include <string>

#include "blob/blob_store.hpp"
#include "net/http_types.hpp"
#include "util/worker_pool.hpp"

namespace parley::rest {

class BlobBodySource : public net::BodySource, public std::enable_shared_from_this<BlobBodySource> {
 public:
  static constexpr uint64_t kPieceBytes = 256 * 1024;

  // The bytes [offset, offset + length) of the blob under `key`.
  BlobBodySource(blob::BlobStore& blobs, util::WorkerPool& workers, std::string key,
                 uint64_t offset, uint64_t length);

  void read(std::function<void(std::optional<std::string>)> done) override;

 private:
  blob::BlobStore& blobs_;
  util::WorkerPool& workers_;
  const std::string key_;
  uint64_t next_;
  const uint64_t end_;
};

}  // namespace parley::rest
