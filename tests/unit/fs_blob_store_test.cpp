// FsBlobStore: the conformance suite, plus what only a filesystem has (temporaries on disk,
// a restart over a crashed write).
#include "blob/fs_blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "blob_conformance.hpp"

namespace parley::blob {

namespace fs = std::filesystem;

namespace {

fs::path test_root() {
  return fs::temp_directory_path() / ("parley_blob_test_" + std::to_string(::getpid()));
}

// A fresh directory per store, under one per-process directory removed at the end.
fs::path fresh_dir() {
  static int counter = 0;
  fs::path dir = test_root() / std::to_string(++counter);
  fs::remove_all(dir);
  return dir;
}

class RemoveTestRoot : public ::testing::Environment {
 public:
  void TearDown() override { fs::remove_all(test_root()); }
};
const auto* const kRemoveTestRoot = ::testing::AddGlobalTestEnvironment(new RemoveTestRoot);

std::size_t files_in(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) n += entry.is_regular_file() ? 1 : 0;
  return n;
}

class FsBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = fresh_dir(); }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

}  // namespace

namespace conformance {
INSTANTIATE_TEST_SUITE_P(Fs, BlobConformance,
                         ::testing::Values(BlobFactory{
                             "fs",
                             [] { return std::make_unique<FsBlobStore>(fresh_dir() / "blobs"); }}),
                         BlobConformance::name_of);
}  // namespace conformance

TEST_F(FsBlobStoreTest, CreatesItsDirectories) {
  FsBlobStore store(dir_ / "data" / "blobs");
  EXPECT_TRUE(fs::is_directory(dir_ / "data" / "blobs" / ".tmp"));
}

TEST_F(FsBlobStoreTest, WritesGoToATemporaryUntilCommit) {
  FsBlobStore store(dir_);
  auto writer = store.create("uploads/f1");
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->append("hello"));
  EXPECT_EQ(files_in(store.temp_dir()), 1u);
  EXPECT_FALSE(fs::exists(dir_ / "uploads" / "f1"));
  ASSERT_TRUE((*writer)->commit());
  EXPECT_EQ(files_in(store.temp_dir()), 0u);
  std::ifstream in(dir_ / "uploads" / "f1", std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(content, "hello");
}

TEST_F(FsBlobStoreTest, AbortRemovesTheTemporary) {
  FsBlobStore store(dir_);
  auto writer = store.create("uploads/f2");
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->append(std::string(100'000, 'x')));
  EXPECT_EQ(files_in(store.temp_dir()), 1u);
  (*writer)->abort();
  EXPECT_EQ(files_in(store.temp_dir()), 0u);
  EXPECT_FALSE(fs::exists(dir_ / "uploads" / "f2"));
}

TEST_F(FsBlobStoreTest, SweepRemovesWhatACrashLeftBehind) {
  // A writer of a previous process that died mid-upload: its .part is all that remains.
  {
    FsBlobStore before(dir_);
    std::ofstream(before.temp_dir() / "crashed.part") << "half";
    std::ofstream(before.temp_dir() / "other.txt") << "not ours";
  }
  FsBlobStore store(dir_);
  auto live = store.create("uploads/live");  // a writer of this process, just started
  ASSERT_TRUE(live);
  EXPECT_EQ(store.sweep_temporaries(3600), 0u);  // nothing that old
  // An age of zero takes every temporary: only safe at start, before writers run, which is
  // how app/ calls it. Here it also takes `live`'s, and its commit then fails cleanly.
  EXPECT_EQ(store.sweep_temporaries(0), 2u);
  EXPECT_FALSE(fs::exists(store.temp_dir() / "crashed.part"));
  EXPECT_TRUE(fs::exists(store.temp_dir() / "other.txt"));
  auto committed = (*live)->commit();
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().code, Errc::kIo);
  EXPECT_EQ(store.read("uploads/live").error().code, Errc::kNotFound);
}

TEST_F(FsBlobStoreTest, ABlobSurvivesANewStoreOverTheSameDirectory) {
  {
    FsBlobStore store(dir_);
    ASSERT_TRUE(store.put("avatars/u", "png bytes"));
  }
  FsBlobStore again(dir_);
  EXPECT_EQ(*again.read("avatars/u"), "png bytes");
}

TEST_F(FsBlobStoreTest, ADirectoryIsNotABlob) {
  FsBlobStore store(dir_);
  ASSERT_TRUE(store.put("a/b", "x"));
  EXPECT_EQ(store.read("a").error().code, Errc::kNotFound);
  EXPECT_EQ(store.size("a").error().code, Errc::kNotFound);
  EXPECT_EQ(store.remove("a").error().code, Errc::kNotFound);
  // A key whose directory is a blob cannot be written, and says so without leaving anything.
  auto writer = store.create("a/b/c");
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->append("y"));
  EXPECT_EQ((*writer)->commit().error().code, Errc::kIo);
  EXPECT_EQ(files_in(store.temp_dir()), 0u);
  EXPECT_EQ(*store.read("a/b"), "x");
}

TEST_F(FsBlobStoreTest, AFailingDiskIsAnIoError) {
  FsBlobStore store(dir_);
  // Something took the temporaries' directory away (works as root too, unlike permissions).
  fs::remove_all(store.temp_dir());
  std::ofstream(store.temp_dir()) << "not a directory";
  auto writer = store.create("x");
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, Errc::kIo);
  EXPECT_NE(writer.error().message.find(".tmp"), std::string::npos);
}

}  // namespace parley::blob
