#pragma once
// The default BlobStore: one file per blob under a directory (PARLEY_DATA_DIR/blobs).
//
// DESIGN
// - Layout: <root>/<key> holds a committed blob (a key's segments are directories);
//   <root>/.tmp/<random>.part holds blobs being written. Both are on one filesystem, so
//   commit is a rename(2), which is atomic: a reader sees the old content or the new, never
//   part of either.
// - Durability order on commit: fsync the temporary, create missing key directories (each
//   new one's parent fsync'd), rename into place, fsync the key's directory. Only then does
//   commit() return, so the row that points at the blob is written after the blob is on disk.
//   remove() unlinks and fsyncs the directory.
// - Abort (explicit, on a failed append/commit, or by destroying an uncommitted writer)
//   unlinks the temporary: a refused upload leaves nothing. A crash leaves a .part file that
//   sweep_temporaries() removes (app/ calls it hourly for files over an hour old, since in a
//   rolling deploy the previous process may still be writing into the same directory).
// - No locks: each writer owns its temporary; concurrent commits to one key are ordered by
//   the kernel's renames (last one wins).
#include <filesystem>

#include "blob/blob_store.hpp"

namespace parley::blob {

class FsBlobStore final : public BlobStore {
 public:
  // Creates `root` and its .tmp directory if missing; throws std::runtime_error if it cannot
  // (a start-up failure, not a request's).
  explicit FsBlobStore(std::filesystem::path root);

  Result<std::unique_ptr<BlobWriter>> create(std::string_view key) override;
  Result<std::string> read(std::string_view key) override;
  Result<std::string> read_range(std::string_view key, uint64_t offset, uint64_t length) override;
  Result<uint64_t> size(std::string_view key) override;
  Status remove(std::string_view key) override;
  std::size_t sweep_temporaries(int64_t older_than_seconds) override;

  const std::filesystem::path& root() const { return root_; }
  const std::filesystem::path& temp_dir() const { return temp_dir_; }

 private:
  std::filesystem::path root_;
  std::filesystem::path temp_dir_;
};

}  // namespace parley::blob
