#include "blob/fs_blob_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "util/ids.hpp"

namespace parley::blob {

namespace fs = std::filesystem;

namespace {

Error io_error(std::string_view what, const fs::path& path, int err) {
  return {Errc::kIo, std::string(what) + " " + path.string() + ": " + std::strerror(err)};
}

// Closes a descriptor on every path out of a scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now and reports close's error (where delayed write errors may surface).
  int release_close() {
    int fd = fd_;
    fd_ = -1;
    return ::close(fd);
  }

 private:
  int fd_;
};

int open_retry(const char* path, int flags, mode_t mode = 0) {
  int fd;
  do {
    fd = ::open(path, flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

// Makes a directory's entries (a rename, an unlink, a new subdirectory) durable.
bool fsync_dir(const fs::path& dir) {
  Fd fd(open_retry(dir.c_str(), O_RDONLY | O_DIRECTORY));
  if (fd.get() < 0) return false;
  return ::fsync(fd.get()) == 0;
}

// Creates `dir` and missing parents below `root`, fsyncing each new directory's parent so
// that the path a committed blob is renamed into survives a crash too.
bool make_dirs(const fs::path& root, const fs::path& dir) {
  if (dir == root) return true;
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return true;
  if (!make_dirs(root, dir.parent_path())) return false;
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return false;
  return fsync_dir(dir.parent_path());
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

class FsBlobWriter final : public BlobWriter {
 public:
  FsBlobWriter(fs::path root, fs::path target, fs::path temp, int fd)
      : root_(std::move(root)), target_(std::move(target)), temp_(std::move(temp)), fd_(fd) {}
  ~FsBlobWriter() override { abort(); }

  Status append(std::string_view bytes) override {
    if (fd_ < 0) return Error{Errc::kClosed, "writer already finished"};
    if (!write_all(fd_, bytes)) {
      int err = errno;
      abort();
      return io_error("write", temp_, err);
    }
    size_ += bytes.size();
    return Ok{};
  }

  uint64_t size() const override { return size_; }

  Status commit() override {
    if (fd_ < 0) return Error{Errc::kClosed, "writer already finished"};
    if (::fsync(fd_) != 0) return fail("fsync", temp_);
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
      fd_ = -1;
      return fail("close", temp_);
    }
    if (!make_dirs(root_, target_.parent_path())) return fail("mkdir", target_.parent_path());
    if (::rename(temp_.c_str(), target_.c_str()) != 0) return fail("rename", target_);
    committed_ = true;
    if (!fsync_dir(target_.parent_path())) {
      // The content is in place but its name may not survive a crash; report it, so the caller
      // does not point a row at it.
      return io_error("fsync", target_.parent_path(), errno);
    }
    return Ok{};
  }

  void abort() override {
    if (committed_ || aborted_) return;
    aborted_ = true;
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
    ::unlink(temp_.c_str());
  }

 private:
  Status fail(std::string_view what, const fs::path& path) {
    int err = errno;
    abort();
    return io_error(what, path, err);
  }

  fs::path root_;
  fs::path target_;
  fs::path temp_;
  int fd_;
  uint64_t size_ = 0;
  bool committed_ = false;
  bool aborted_ = false;
};

}  // namespace

FsBlobStore::FsBlobStore(fs::path root) : root_(std::move(root)), temp_dir_(root_ / ".tmp") {
  std::error_code ec;
  fs::create_directories(temp_dir_, ec);
  if (ec || !fs::is_directory(temp_dir_)) {
    throw std::runtime_error("cannot create blob directory " + temp_dir_.string() + ": " +
                             ec.message());
  }
}

Result<std::unique_ptr<BlobWriter>> FsBlobStore::create(std::string_view key) {
  if (!is_valid_key(key)) return Error{Errc::kBadKey, "invalid blob key"};
  fs::path temp = temp_dir_ / (util::random_id(24) + ".part");
  int fd = open_retry(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0) return io_error("create", temp, errno);
  return std::unique_ptr<BlobWriter>(
      std::make_unique<FsBlobWriter>(root_, root_ / fs::path(key), std::move(temp), fd));
}

Result<std::string> FsBlobStore::read(std::string_view key) {
  return read_range(key, 0, UINT64_MAX);
}

Result<std::string> FsBlobStore::read_range(std::string_view key, uint64_t offset,
                                            uint64_t length) {
  if (!is_valid_key(key)) return Error{Errc::kBadKey, "invalid blob key"};
  fs::path path = root_ / fs::path(key);
  Fd fd(open_retry(path.c_str(), O_RDONLY));
  if (fd.get() < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Error{Errc::kNotFound, "no such blob"};
    return io_error("open", path, errno);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return io_error("stat", path, errno);
  if (!S_ISREG(st.st_mode)) return Error{Errc::kNotFound, "no such blob"};
  const auto total = static_cast<uint64_t>(st.st_size);
  if (offset > total) return Error{Errc::kBadRange, "offset past the end"};
  const uint64_t want = std::min(length, total - offset);
  std::string out(static_cast<std::size_t>(want), '\0');
  std::size_t got = 0;
  while (got < out.size()) {
    ssize_t n =
        ::pread(fd.get(), out.data() + got, out.size() - got, static_cast<off_t>(offset + got));
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("read", path, errno);
    }
    if (n == 0) break;  // truncated underneath us: answer what is there
    got += static_cast<std::size_t>(n);
  }
  out.resize(got);
  return out;
}

Result<uint64_t> FsBlobStore::size(std::string_view key) {
  if (!is_valid_key(key)) return Error{Errc::kBadKey, "invalid blob key"};
  fs::path path = root_ / fs::path(key);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Error{Errc::kNotFound, "no such blob"};
    return io_error("stat", path, errno);
  }
  if (!S_ISREG(st.st_mode)) return Error{Errc::kNotFound, "no such blob"};
  return static_cast<uint64_t>(st.st_size);
}

Status FsBlobStore::remove(std::string_view key) {
  if (!is_valid_key(key)) return Error{Errc::kBadKey, "invalid blob key"};
  fs::path path = root_ / fs::path(key);
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Error{Errc::kNotFound, "no such blob"};
  }
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return Error{Errc::kNotFound, "no such blob"};
    return io_error("unlink", path, errno);
  }
  if (!fsync_dir(path.parent_path())) return io_error("fsync", path.parent_path(), errno);
  return Ok{};
}

std::size_t FsBlobStore::sweep_temporaries(int64_t older_than_seconds) {
  std::size_t removed = 0;
  const auto now = fs::file_time_type::clock::now();
  std::error_code ec;
  for (fs::directory_iterator it(temp_dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.extension() != ".part") continue;
    auto written = fs::last_write_time(path, ec);
    if (ec) {
      ec.clear();
      continue;
    }
    auto age = std::chrono::duration_cast<std::chrono::seconds>(now - written).count();
    if (age < older_than_seconds) continue;
    if (::unlink(path.c_str()) == 0) ++removed;
  }
  if (removed > 0) fsync_dir(temp_dir_);
  return removed;
}

}  // namespace parley::blob
