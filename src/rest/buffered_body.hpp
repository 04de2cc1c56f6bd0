#pragma once
// A net::BodyReader over a body that is already whole: what the upload routes read when net
// buffered the request (handle_http), and what unit tests of the upload pipeline feed without
// sockets. It serves the body in pieces of `piece_size`, as a socket would, so the streamed and
// the buffered paths run the same code.
#include <algorithm>
#include <string>

#include "net/application.hpp"

namespace parley::rest {

class BufferedBody final : public net::BodyReader {
 public:
  explicit BufferedBody(std::string body, std::size_t piece_size = 64 * 1024)
      : body_(std::move(body)), piece_size_(std::max<std::size_t>(1, piece_size)) {}

  // Answers at once, on the calling thread.
  void read(std::function<void(Piece)> done) override {
    Piece piece;
    const std::size_t n = std::min(piece_size_, body_.size() - at_);
    piece.bytes = body_.substr(at_, n);
    at_ += n;
    piece.end = at_ == body_.size();
    done(std::move(piece));
  }
  std::optional<uint64_t> content_length() const override { return body_.size(); }

 private:
  std::string body_;
  std::size_t piece_size_;
  std::size_t at_ = 0;
};

}  // namespace parley::rest
