#pragma once
// File uploads (rooms.upload, rooms.media + rooms.mediaConfirm): the checks, the bytes into
// the BlobStore, the upload rows, and the message that carries them. No transport here: rest/
// feeds the bytes it reads from a multipart body.
//
// DESIGN
// - Order of an upload: begin() checks everything knowable before a byte arrives
//   (FileUpload_Enabled, the room, the right to post there, FileUpload_Enabled_Direct for DMs,
//   the declared type against the MediaType lists) and opens a BlobWriter under
//   "uploads/<id>". append() checks FileUpload_MaxFileSize on every piece: over it, the writer
//   is aborted at once (nothing stays behind) and the caller answers without reading on.
//   finish() sniffs the real type from the first bytes (the client's claim is never stored)
//   and checks the lists again against it, commits the blob (durable), probes an image and
//   makes its thumbnail (a second blob, typeGroup "thumb"), then inserts both rows,
//   unconfirmed. Any failure removes what was committed.
// - post_message() claims the upload (store confirm_upload: once, by its uploader), then sends
//   the file message through Messages::send, so unread counts, lastMessage, thread counts
//   and events follow the normal path. If the send is refused, the upload (rows and blobs) is
//   removed: a file without its message would be invisible and never expire.
// - An unconfirmed upload (rooms.media never confirmed, or a crash between finish and post)
//   expires: expire_unconfirmed() removes rows and blobs older than the TTL.
// - Blocking (store, disk, libvips): call from workers only. Uploads is thread-safe (no
//   state of its own); one UploadSession belongs to one thread at a time.
#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "blob/blob_store.hpp"
#include "chat/errors.hpp"
#include "chat/messages.hpp"
#include "chat/room_access.hpp"
#include "chat/settings.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::chat {

// Image work the domain asks for without knowing libvips (app/ wires image/).
struct ImageTools {
  struct Thumb {
    std::string bytes;
    std::string content_type;
    int64_t width = 0;
    int64_t height = 0;
  };
  std::function<std::optional<store::ImageIdentity>(std::string_view)> probe;
  std::function<std::optional<Thumb>(std::string_view, int, int)> thumbnail;
  std::function<std::optional<std::string>(std::string_view)> preview_base64;
};

// What app/ counts (chat/ knows no metrics). Each may be empty.
struct UploadObserver {
  std::function<void(std::string_view reason)> refused;  // the error code
  std::function<void(int64_t bytes, double seconds)> stored;
  std::function<void()> thumbnail_made;
};

// What the client said of the file (a multipart part's filename and Content-Type).
struct UploadStart {
  std::string room_id;
  std::string file_name;
  std::string declared_type;
};

// The message fields of rooms.upload's form or rooms.mediaConfirm's JSON.
struct FileMessageFields {
  std::string msg;
  std::string description;
  std::string tmid;
  std::optional<std::string> file_name;  // mediaConfirm's fileName
  std::string alias;
  std::string emoji;
  std::string avatar;
  std::optional<bool> groupable;
  std::string custom_fields;  // JSON text of an object, as RC's form field
};

class Uploads;

// One file being received. Destroying it before finish() leaves nothing behind.
class UploadSession {
 public:
  ~UploadSession();
  UploadSession(const UploadSession&) = delete;
  UploadSession& operator=(const UploadSession&) = delete;

  // error-file-too-large once the total passes FileUpload_MaxFileSize (the writer is
  // aborted then; later calls fail the same).
  Status append(std::string_view bytes);
  // Stores the upload (unconfirmed) and returns its row; see DESIGN.
  Result<store::UploadRecord> finish();
  int64_t size() const { return size_; }

 private:
  friend class Uploads;
  UploadSession(Uploads& owner, store::UserRecord actor, store::RoomRecord room, std::string name,
                int64_t max_size, std::unique_ptr<blob::BlobWriter> writer);
  Status fail(Error error);

  Uploads& owner_;
  store::UserRecord actor_;
  store::RoomRecord room_;
  std::string id_;
  std::string name_;
  int64_t max_size_;  // < 0: no limit
  std::unique_ptr<blob::BlobWriter> writer_;
  std::string head_;  // the first kSniffBytes
  int64_t size_ = 0;
  std::optional<Error> failed_;
  std::chrono::steady_clock::time_point started_;
};

class Uploads {
 public:
  Uploads(store::Store& store, blob::BlobStore& blobs, RoomAccess& access, Messages& messages,
          Settings& settings, const util::Clock& clock, ImageTools images,
          UploadObserver observer = {});

  // The checks before any byte (see DESIGN), then a session to append to.
  Result<std::unique_ptr<UploadSession>> begin(const store::UserRecord& actor,
                                               const UploadStart& start);
  // Whether `actor` may upload to the room at all (rooms.upload/media's first check, before
  // the body is read): the room exists and the actor can read it. forbidden() otherwise.
  Result<store::RoomRecord> accessible_room(const store::UserRecord& actor,
                                            std::string_view room_id);

  // Claims the stored upload and sends its message; returns the message document.
  Result<boost::json::object> post_message(const store::UserRecord& actor, std::string_view room_id,
                                           std::string_view upload_id,
                                           const FileMessageFields& fields);

  // Removes uploads left unconfirmed for longer than `ttl_ms`, rows and blobs; returns how
  // many rows went.
  std::size_t expire_unconfirmed(int64_t ttl_ms);

  // Removes an upload and its thumbnail, rows then blobs. False when there was none.
  bool remove(std::string_view upload_id);

 private:
  friend class UploadSession;
  Error refuse(Error error);

  store::Store& store_;
  blob::BlobStore& blobs_;
  RoomAccess& access_;
  Messages& messages_;
  Settings& settings_;
  const util::Clock& clock_;
  ImageTools images_;
  UploadObserver observer_;
};

std::string upload_blob_key(std::string_view upload_id);

}  // namespace parley::chat
