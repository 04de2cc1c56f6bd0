// BlobBodySource against a real FsBlobStore and a real worker pool: the pieces it hands net
// are the requested bytes, in order, never more than one piece size, and a blob that vanishes
// mid-download ends the body with a failure instead of wrong bytes.
#include "rest/blob_body_source.hpp"

#include <unistd.h>

#include <filesystem>
#include <future>

#include <gtest/gtest.h>

#include "blob/fs_blob_store.hpp"

namespace parley::rest {
namespace {

namespace fs = std::filesystem;

class BlobBodySourceTest : public ::testing::Test {
 protected:
  BlobBodySourceTest()
      : root_(fs::temp_directory_path() / ("parley_body_source_" + std::to_string(::getpid()))),
        blobs_((fs::remove_all(root_), root_)),
        workers_(2) {
    content_.resize(3 * BlobBodySource::kPieceBytes / 2 + 123);
    for (std::size_t i = 0; i < content_.size(); ++i) {
      content_[i] = static_cast<char>((i * 7919) % 251);
    }
    EXPECT_TRUE(blobs_.put("uploads/f1", content_));
  }
  ~BlobBodySourceTest() override {
    workers_.stop();
    fs::remove_all(root_);
  }

  // One read(), waited for.
  static std::optional<std::string> next(net::BodySource& source) {
    std::promise<std::optional<std::string>> piece;
    source.read([&piece](std::optional<std::string> bytes) { piece.set_value(std::move(bytes)); });
    return piece.get_future().get();
  }

  fs::path root_;
  blob::FsBlobStore blobs_;
  util::WorkerPool workers_;
  std::string content_;
};

TEST_F(BlobBodySourceTest, WholeBlobInPiecesInOrder) {
  auto source =
      std::make_shared<BlobBodySource>(blobs_, workers_, "uploads/f1", 0, content_.size());
  std::string got;
  std::vector<std::size_t> sizes;
  while (got.size() < content_.size()) {
    auto piece = next(*source);
    ASSERT_TRUE(piece);
    ASSERT_FALSE(piece->empty());
    sizes.push_back(piece->size());
    got += *piece;
  }
  EXPECT_EQ(got, content_);
  EXPECT_EQ(sizes.size(), 2u);
  EXPECT_EQ(sizes[0], BlobBodySource::kPieceBytes);
  // Asked past the length it promised, the source fails rather than invent bytes.
  EXPECT_FALSE(next(*source));
}

TEST_F(BlobBodySourceTest, ARangeInTheMiddle) {
  const uint64_t offset = 1000;
  const uint64_t length = BlobBodySource::kPieceBytes + 5;
  auto source = std::make_shared<BlobBodySource>(blobs_, workers_, "uploads/f1", offset, length);
  std::string got;
  while (got.size() < length) {
    auto piece = next(*source);
    ASSERT_TRUE(piece);
    got += *piece;
  }
  EXPECT_EQ(got, content_.substr(offset, length));
}

TEST_F(BlobBodySourceTest, ABlobGoneMidDownloadFails) {
  auto source =
      std::make_shared<BlobBodySource>(blobs_, workers_, "uploads/f1", 0, content_.size());
  ASSERT_TRUE(next(*source));
  ASSERT_TRUE(blobs_.remove("uploads/f1"));
  EXPECT_FALSE(next(*source));
}

TEST_F(BlobBodySourceTest, DroppedByNetWhileAReadIsInFlight) {
  std::promise<std::optional<std::string>> piece;
  {
    auto source =
        std::make_shared<BlobBodySource>(blobs_, workers_, "uploads/f1", 0, content_.size());
    source->read([&piece](std::optional<std::string> bytes) { piece.set_value(std::move(bytes)); });
  }  // net's pointer is gone; the task keeps the source alive until it has answered
  auto bytes = piece.get_future().get();
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, content_.substr(0, BlobBodySource::kPieceBytes));
}

}  // namespace
}  // namespace parley::rest
