#pragma once
// The BlobStore contract: where uploaded file contents and avatars live. chat/ programs against
// this interface only, so no path, file descriptor or SQL reaches the domain (issue 10). The
// filesystem implementation (fs_blob_store.hpp) is the default; a PostgreSQL large-object one
// follows with the scale-out issue, and both must pass tests/unit/blob_conformance.*.
//
// DESIGN
// - Keys are chosen by the caller ("uploads/<fileId>", "avatars/<userId>"): one to eight
//   segments of [A-Za-z0-9_.-] separated by '/', none empty, none starting with '.', at most
//   200 bytes. Anything else is kBadKey, so a key can never escape the store or name one of
//   its own temporaries.
// - Writing is two-phase. create() hands out a BlobWriter; append() adds bytes; commit()
//   makes the whole content durable and then visible under the key in one step (replacing any
//   previous content). Before commit nothing is visible under the key; abort(), or
//   destroying an uncommitted writer, leaves nothing behind. So a caller that commits the blob
//   before the message or avatar row that points at it can never publish a dangling pointer,
//   and a refused or broken upload never leaks storage.
// - Leftovers of a crash mid-write are temporaries that no key names; sweep_temporaries()
//   removes those older than a given age (0 only when no writer can be running).
// - Every BlobStore method is thread-safe. A BlobWriter belongs to one thread at a time.
// - Every call blocks on I/O: call from a worker, never from an event loop.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace parley::blob {

enum class Errc {
  kNotFound,  // no blob under the key
  kBadKey,    // the key is not a valid key (see above)
  kBadRange,  // a range starting past the end
  kIo,        // the storage failed (disk full, permissions, ...): `message` says how
  kClosed,    // the writer was already committed or aborted
};

struct Error {
  Errc code;
  std::string message;
};

// The outcome of an operation: a value or an Error. Expected failures are values (STYLE.md 3).
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  explicit operator bool() const { return value_.has_value(); }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& value() { return *value_; }
  const Error& error() const { return *error_; }

 private:
  std::optional<T> value_;
  std::optional<Error> error_;
};

struct Ok {};
using Status = Result<Ok>;

// One blob being written. Not thread-safe; use from one thread at a time.
class BlobWriter {
 public:
  virtual ~BlobWriter() = default;  // implementations abort if neither committed nor aborted
  virtual Status append(std::string_view bytes) = 0;
  // Bytes appended so far.
  virtual uint64_t size() const = 0;
  // Durable, then visible under the key. After an error the writer is aborted.
  virtual Status commit() = 0;
  // Discards everything written; idempotent; a no-op after commit.
  virtual void abort() = 0;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  virtual Result<std::unique_ptr<BlobWriter>> create(std::string_view key) = 0;
  // The whole blob. For small blobs (avatars); large ones are read by range.
  virtual Result<std::string> read(std::string_view key) = 0;
  // Up to `length` bytes from `offset`, fewer at the end. An offset at the end gives ""; past
  // it, kBadRange.
  virtual Result<std::string> read_range(std::string_view key, uint64_t offset,
                                         uint64_t length) = 0;
  virtual Result<uint64_t> size(std::string_view key) = 0;
  // Removes the blob durably. kNotFound if there was none.
  virtual Status remove(std::string_view key) = 0;
  // Removes temporaries of writers that never finished, older than `older_than_seconds`.
  // Returns how many were removed.
  virtual std::size_t sweep_temporaries(int64_t older_than_seconds) = 0;

  // create + append + commit in one call.
  Status put(std::string_view key, std::string_view bytes) {
    auto writer = create(key);
    if (!writer) return writer.error();
    if (auto appended = (*writer)->append(bytes); !appended) return appended;
    return (*writer)->commit();
  }
};

// Whether `key` is a valid key (see DESIGN above). Shared by every implementation.
bool is_valid_key(std::string_view key);

}  // namespace parley::blob
