#include "rest/blob_body_source.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace parley::rest {

BlobBodySource::BlobBodySource(blob::BlobStore& blobs, util::WorkerPool& workers, std::string key,
                               uint64_t offset, uint64_t length)
    : blobs_(blobs),
      workers_(workers),
      key_(std::move(key)),
      next_(offset),
      end_(offset + length) {}

void BlobBodySource::read(std::function<void(std::optional<std::string>)> done) {
  workers_.post([self = shared_from_this(), done = std::move(done)] {
    if (self->next_ >= self->end_) return done(std::nullopt);
    const uint64_t want = std::min(kPieceBytes, self->end_ - self->next_);
    auto piece = self->blobs_.read_range(self->key_, self->next_, want);
    if (!piece || piece->empty()) {
      spdlog::warn("download of {}: reading at {} failed: {}", self->key_, self->next_,
                   piece ? std::string("the blob ended early") : piece.error().message);
      return done(std::nullopt);
    }
    self->next_ += piece->size();
    done(std::move(*piece));
  });
}

}  // namespace parley::rest
