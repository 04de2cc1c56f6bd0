#pragma once
// Uploaded user avatars (users.setAvatar / users.resetAvatar, served at /avatar/...).
//
// DESIGN
// - The image bytes live in the BlobStore under "avatars/<userId>.<etag>", a new key for every
//   upload; the user row (store::AvatarRecord) names the current etag. Order of a change:
//   the blob is committed (durable), then the row points at it, then the previous blob is
//   removed, then `updateAvatar` goes out on stream-notify-logged. A reader therefore always
//   finds a complete image for the etag it read; at worst (a replacement between its two
//   reads) the old blob is gone and it answers the initials once.
// - The type is sniffed from the bytes (PNG, JPEG, GIF, WebP); what the client declared is not
//   trusted, and anything else (SVG above all: script in an image) is refused.
// - Who may: oneself while Accounts_AllowUserAvatarChange is on; another user with
//   edit-other-user-avatar (reset also with manage-moderation-actions), as Rocket.Chat's
//   users.setAvatar / users.resetAvatar.
// - Blocking (store and disk): call from a worker. Thread-safe: no state of its own.
// - Two uploads racing for one user both commit blobs; the row keeps the last and the other
//   blob is left over (a sweep of blobs no row names would reclaim it; not written yet).
#include <optional>
#include <string>
#include <string_view>

#include "blob/blob_store.hpp"
#include "chat/errors.hpp"
#include "chat/events.hpp"
#include "chat/settings.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::chat {

// The MIME type of a raster image from its first bytes, or nullopt.
std::optional<std::string> sniff_image_type(std::string_view bytes);

// "data:<type>;base64,<data>" -> the decoded bytes; nullopt unless it is a base64 data URI.
// (setAvatarFromService and saveRoomSettings' roomAvatar send images this way.)
std::optional<std::string> decode_data_uri(std::string_view uri);

struct AvatarImage {
  std::string bytes;
  std::string content_type;
  std::string etag;
  int64_t uploaded_at = 0;  // ms
};

class Avatars {
 public:
  Avatars(store::Store& store, blob::BlobStore& blobs, Events& events, Settings& settings,
          const util::Clock& clock);

  // `actor` makes `image` the avatar of `target` (may be the actor). Returns the new etag.
  Result<std::string> set_user_avatar(const store::UserRecord& actor,
                                      const store::UserRecord& target, std::string_view image);
  // Back to the initials.
  Status reset_user_avatar(const store::UserRecord& actor, const store::UserRecord& target);
  // `deleted` (as read just before users.delete removed its row) leaves no image behind.
  void forget_deleted(const store::UserRecord& deleted);
  // The uploaded avatar of `user`, if any.
  std::optional<AvatarImage> user_avatar(const store::UserRecord& user);

  static std::string blob_key(std::string_view user_id, std::string_view etag);

  // Room avatars (saveRoomSettings' roomAvatar). The room's doc names the current one by its
  // `avatarETag`, as Rocket.Chat's rooms do; the blob is "room-avatars/<rid>.<etag>". The
  // caller (chat/room_settings) checks the permissions and points the room at the new etag.
  // Stores `image` under a new etag (sniffed: PNG, JPEG, GIF or WebP, else
  // error-avatar-invalid-content-type) and returns the etag.
  Result<std::string> store_room_avatar(std::string_view room_id, std::string_view image);
  void remove_room_avatar(std::string_view room_id, std::string_view etag);
  // The uploaded avatar of `room`, if its doc names one and the blob is there.
  std::optional<AvatarImage> room_avatar(const store::RoomRecord& room);
  static std::string room_blob_key(std::string_view room_id, std::string_view etag);

 private:
  bool may_change_own() const;

  store::Store& store_;
  blob::BlobStore& blobs_;
  Events& events_;
  Settings& settings_;
  const util::Clock& clock_;
};

}  // namespace parley::chat
