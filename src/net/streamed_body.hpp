#pragma once
// DESIGN (internal to net/): the application's handle on a request body that streams
// (Application::handle_streamed), and the once-only callbacks both streamed directions use.
//  - StreamedBody is shared: the application holds it as a BodyReader for as long as it likes;
//    the HTTP connection holds it while the request is in progress. Its state is touched only on
//    the connection's loop: read() posts there through the LoopRef, so the application may call
//    it from any thread.
//  - The connection reads from the socket only while a read is outstanding (wanted()), then
//    answers it (answer()). A piece that ends the body or reports an error becomes final: every
//    later read gets the same answer at once, without reaching the connection.
//  - Every `done` is called exactly once. The connection calls finish() whenever it stops
//    serving the request (response written, force-closed, torn down with its loop), which
//    answers an outstanding read with kDisconnected. A read() that can no longer reach the loop
//    (the server is gone) is answered kDisconnected at once, on the caller's thread, by the
//    OnceCallback's destructor: a dropped callback is answered, never lost.
//  - No lock: a StreamedBody belongs to one request on one loop, and the connection it pumps is
//    reached through a weak_ptr, so a reader kept after the connection died is harmless.
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include "net/application.hpp"
#include "net/loop.hpp"

namespace parley::net::detail {

// Calls `fn` once: with the value given, or with `fallback` when destroyed uncalled (the
// owner of the callback dropped it). Exceptions from `fn` are logged, never propagated, so a
// bug in a callback cannot unwind the loop that calls it.
template <class T>
class OnceCallback {
 public:
  OnceCallback(std::function<void(T)> fn, T fallback)
      : fn_(std::move(fn)), fallback_(std::move(fallback)) {}
  ~OnceCallback() { (*this)(std::move(fallback_)); }
  OnceCallback(const OnceCallback&) = delete;
  OnceCallback& operator=(const OnceCallback&) = delete;

  // Returns false when the callback had already been called.
  bool operator()(T value) {
    if (called_.exchange(true)) return false;
    invoke(fn_, std::move(value));
    fn_ = nullptr;  // what it captured goes now, not with the last copy of this object
    return true;
  }

 private:
  static void invoke(std::function<void(T)>& fn, T value);

  std::function<void(T)> fn_;
  T fallback_;
  std::atomic<bool> called_{false};
};

// The connection side of a streamed request body.
class BodyPump {
 public:
  virtual ~BodyPump() = default;
  // The application asked for a piece (loop thread).
  virtual void body_wanted() = 0;
};

class StreamedBody final : public BodyReader, public std::enable_shared_from_this<StreamedBody> {
 public:
  using Piece = BodyReader::Piece;

  StreamedBody(std::shared_ptr<LoopRef> loop, std::weak_ptr<BodyPump> pump,
               std::optional<uint64_t> content_length)
      : loop_(std::move(loop)), pump_(std::move(pump)), content_length_(content_length) {}

  void read(std::function<void(Piece)> done) override;
  std::optional<uint64_t> content_length() const override { return content_length_; }

  // Loop thread only from here on.
  // A read is outstanding and the body is not final: the connection should read a piece.
  bool wanted() const { return pending_ != nullptr && !final_; }
  // Answers the outstanding read (if any) with `piece`; an end or an error becomes final.
  void answer(Piece piece);
  // The connection reads no more of this body: unless the body already ended or failed, the
  // outstanding read and every later one get `error`.
  void finish(Error error);
  // Why the body could not be read, once it failed.
  std::optional<Error> failure() const { return final_ ? final_->error : std::nullopt; }

 private:
  void on_read(std::shared_ptr<OnceCallback<Piece>> done);

  const std::shared_ptr<LoopRef> loop_;
  const std::weak_ptr<BodyPump> pump_;
  const std::optional<uint64_t> content_length_;
  std::shared_ptr<OnceCallback<Piece>> pending_;
  std::optional<Piece> final_;  // bytes always empty
};

BodyReader::Piece piece_with_error(BodyReader::Error error);

}  // namespace parley::net::detail
