// What every BlobStore must do (blob/blob_store.hpp). Sees only the interface.
#include "blob_conformance.hpp"

#include <thread>
#include <vector>

namespace parley::blob::conformance {

namespace {

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 31 + i / 251) & 0xff);
  return s;
}

}  // namespace

TEST_P(BlobConformance, PutThenReadGivesTheSameBytes) {
  const std::string bytes = pattern(100'000);
  ASSERT_TRUE(store().put("uploads/abc", bytes));
  auto read = store().read("uploads/abc");
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, bytes);
  auto size = store().size("uploads/abc");
  ASSERT_TRUE(size);
  EXPECT_EQ(*size, bytes.size());
}

TEST_P(BlobConformance, EmptyBlobIsABlob) {
  ASSERT_TRUE(store().put("empty", ""));
  auto read = store().read("empty");
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, "");
  EXPECT_EQ(*store().size("empty"), 0u);
}

TEST_P(BlobConformance, StreamedChunksAreConcatenated) {
  const std::string bytes = pattern(3 * 1024 * 1024 + 7);
  auto writer = store().create("uploads/big");
  ASSERT_TRUE(writer);
  for (std::size_t at = 0; at < bytes.size(); at += 65'521) {
    ASSERT_TRUE((*writer)->append(std::string_view(bytes).substr(at, 65'521)));
  }
  EXPECT_EQ((*writer)->size(), bytes.size());
  ASSERT_TRUE((*writer)->commit());
  EXPECT_EQ(*store().read("uploads/big"), bytes);
}

TEST_P(BlobConformance, NothingIsVisibleBeforeCommit) {
  auto writer = store().create("uploads/pending");
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->append("partial"));
  EXPECT_EQ(store().read("uploads/pending").error().code, Errc::kNotFound);
  EXPECT_EQ(store().size("uploads/pending").error().code, Errc::kNotFound);
  ASSERT_TRUE((*writer)->commit());
  EXPECT_EQ(*store().read("uploads/pending"), "partial");
}

TEST_P(BlobConformance, AbortLeavesNothing) {
  auto writer = store().create("uploads/refused");
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->append(pattern(10'000)));
  (*writer)->abort();
  (*writer)->abort();  // idempotent
  EXPECT_EQ(store().read("uploads/refused").error().code, Errc::kNotFound);
  EXPECT_EQ((*writer)->append("more").error().code, Errc::kClosed);
  EXPECT_EQ((*writer)->commit().error().code, Errc::kClosed);
  EXPECT_EQ(store().read("uploads/refused").error().code, Errc::kNotFound);
  // Nothing for the sweep to find either: the temporary went with the abort.
  EXPECT_EQ(store().sweep_temporaries(0), 0u);
}

TEST_P(BlobConformance, DroppingAnUncommittedWriterAborts) {
  {
    auto writer = store().create("uploads/dropped");
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->append("half an upload"));
  }
  EXPECT_EQ(store().read("uploads/dropped").error().code, Errc::kNotFound);
  EXPECT_EQ(store().sweep_temporaries(0), 0u);
}

TEST_P(BlobConformance, CommitTwiceIsRefusedAndKeepsTheBlob) {
  auto writer = store().create("k");
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->append("v"));
  ASSERT_TRUE((*writer)->commit());
  EXPECT_EQ((*writer)->commit().error().code, Errc::kClosed);
  (*writer)->abort();  // a no-op after commit
  writer->reset();     // and so is destruction
  EXPECT_EQ(*store().read("k"), "v");
}

TEST_P(BlobConformance, CommitReplacesPreviousContent) {
  ASSERT_TRUE(store().put("avatars/u1", "first"));
  auto writer = store().create("avatars/u1");
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->append("second, longer"));
  // Until the new content commits, readers still see the old.
  EXPECT_EQ(*store().read("avatars/u1"), "first");
  ASSERT_TRUE((*writer)->commit());
  EXPECT_EQ(*store().read("avatars/u1"), "second, longer");
}

TEST_P(BlobConformance, ReadRange) {
  ASSERT_TRUE(store().put("r", "0123456789"));
  EXPECT_EQ(*store().read_range("r", 0, 3), "012");
  EXPECT_EQ(*store().read_range("r", 4, 2), "45");
  EXPECT_EQ(*store().read_range("r", 7, 100), "789");  // clipped at the end
  EXPECT_EQ(*store().read_range("r", 10, 5), "");      // at the end: empty
  EXPECT_EQ(*store().read_range("r", 3, 0), "");
  EXPECT_EQ(store().read_range("r", 11, 1).error().code, Errc::kBadRange);
  EXPECT_EQ(store().read_range("missing", 0, 1).error().code, Errc::kNotFound);
}

TEST_P(BlobConformance, RemoveDeletesAndReportsMissing) {
  ASSERT_TRUE(store().put("uploads/gone", "bytes"));
  ASSERT_TRUE(store().remove("uploads/gone"));
  EXPECT_EQ(store().read("uploads/gone").error().code, Errc::kNotFound);
  EXPECT_EQ(store().remove("uploads/gone").error().code, Errc::kNotFound);
  EXPECT_EQ(store().remove("never").error().code, Errc::kNotFound);
}

TEST_P(BlobConformance, KeysAreIndependent) {
  ASSERT_TRUE(store().put("a/x", "ax"));
  ASSERT_TRUE(store().put("a/y", "ay"));
  ASSERT_TRUE(store().put("b", "b"));
  ASSERT_TRUE(store().remove("a/x"));
  EXPECT_EQ(*store().read("a/y"), "ay");
  EXPECT_EQ(*store().read("b"), "b");
}

TEST_P(BlobConformance, BadKeysAreRefusedEverywhere) {
  const std::vector<std::string> bad = {"",
                                        "/abs",
                                        "a//b",
                                        "a/",
                                        "../etc/passwd",
                                        "a/../b",
                                        ".tmp/x",
                                        ".hidden",
                                        "a/.b",
                                        "sp ace",
                                        "back\\slash",
                                        std::string("nul\0x", 5),
                                        "ü",
                                        "a/b/c/d/e/f/g/h/i",
                                        std::string(201, 'k')};
  for (const std::string& key : bad) {
    SCOPED_TRACE(key);
    EXPECT_EQ(store().create(key).error().code, Errc::kBadKey);
    EXPECT_EQ(store().put(key, "x").error().code, Errc::kBadKey);
    EXPECT_EQ(store().read(key).error().code, Errc::kBadKey);
    EXPECT_EQ(store().read_range(key, 0, 1).error().code, Errc::kBadKey);
    EXPECT_EQ(store().size(key).error().code, Errc::kBadKey);
    EXPECT_EQ(store().remove(key).error().code, Errc::kBadKey);
  }
  EXPECT_TRUE(is_valid_key("uploads/AbC-12_3.png"));
  EXPECT_TRUE(is_valid_key(std::string(200, 'k')));
  EXPECT_TRUE(is_valid_key("a/b/c/d/e/f/g/h"));
}

TEST_P(BlobConformance, ConcurrentWritersToDifferentKeys) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 20; ++i) {
        std::string key = "c/" + std::to_string(t) + "-" + std::to_string(i);
        auto writer = store().create(key);
        ASSERT_TRUE(writer);
        ASSERT_TRUE((*writer)->append(key));
        if (i % 3 == 0) {
          (*writer)->abort();
        } else {
          ASSERT_TRUE((*writer)->commit());
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < 8; ++t) {
    for (int i = 0; i < 20; ++i) {
      std::string key = "c/" + std::to_string(t) + "-" + std::to_string(i);
      auto read = store().read(key);
      if (i % 3 == 0) {
        EXPECT_FALSE(read) << key;
      } else {
        ASSERT_TRUE(read) << key;
        EXPECT_EQ(*read, key);
      }
    }
  }
  EXPECT_EQ(store().sweep_temporaries(0), 0u);
}

}  // namespace parley::blob::conformance
