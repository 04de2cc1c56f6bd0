#include "net/streamed_body.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <string>

namespace parley::net::detail {

template <class T>
void OnceCallback<T>::invoke(std::function<void(T)>& fn, T value) {
  if (!fn) return;
  try {
    fn(std::move(value));
  } catch (const std::exception& e) {
    spdlog::error("body callback threw: {}", e.what());
  } catch (...) {
    spdlog::error("body callback threw a non-exception");
  }
}

template class OnceCallback<BodyReader::Piece>;
template class OnceCallback<std::optional<std::string>>;

BodyReader::Piece piece_with_error(BodyReader::Error error) {
  BodyReader::Piece piece;
  piece.error = error;
  return piece;
}

void StreamedBody::read(std::function<void(Piece)> done) {
  auto callback = std::make_shared<OnceCallback<Piece>>(std::move(done),
                                                        piece_with_error(Error::kDisconnected));
  // If the loop is gone the lambda is dropped here, and with it the last reference to
  // `callback`, which then answers kDisconnected (see DESIGN).
  loop_->dispatch([self = shared_from_this(), callback = std::move(callback)]() mutable {
    self->on_read(std::move(callback));
  });
}

void StreamedBody::on_read(std::shared_ptr<OnceCallback<Piece>> done) {
  if (final_) {
    (*done)(*final_);
    return;
  }
  if (pending_) {
    spdlog::error("BodyReader::read called while another read is outstanding");
    (*done)(piece_with_error(Error::kDisconnected));
    return;
  }
  pending_ = std::move(done);
  if (auto pump = pump_.lock()) {
    pump->body_wanted();
  } else {
    finish(Error::kDisconnected);
  }
}

void StreamedBody::answer(Piece piece) {
  if (!final_ && (piece.end || piece.error)) {
    Piece last;
    last.end = piece.end;
    last.error = piece.error;
    final_ = std::move(last);
  }
  // Moved out first: the callback may call read() again, inline.
  auto done = std::move(pending_);
  if (done) (*done)(std::move(piece));
}

void StreamedBody::finish(Error error) {
  if (!final_) final_ = piece_with_error(error);
  if (pending_) answer(*final_);
}

}  // namespace parley::net::detail
