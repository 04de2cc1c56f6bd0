#pragma once
// Uploaded files as the store keeps them (Rocket.Chat's rocketchat_uploads, IUpload). The bytes
// live in the BlobStore under blob_key; the row says what they are, whose they are and in
// which room, so a download is authorised and described without opening the blob.
//
// Life of an upload:
//  - rooms.upload: the file (and its thumbnail, if one was made) is inserted confirmed, with
//    the id of the message that will carry it, and that message is sent.
//  - rooms.media: inserted unconfirmed (no message). rooms.mediaConfirm confirms it (and its
//    thumbnail) and names the message; what stays unconfirmed for 24 h is swept away, row and
//    blob (uploads_unconfirmed_before, delete_upload).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parley::store {

// What probing an image found (IUpload.identify): {format, size:{width, height}}.
struct ImageIdentity {
  std::string format;  // "png", "jpeg", "gif", "webp", ...
  int64_t width = 0;
  int64_t height = 0;
};

struct UploadRecord {
  std::string id;       // 17-char Meteor id: the /file-upload/<id>/<name> path
  std::string room_id;  // rid
  std::string user_id;  // userId: the uploader
  std::string name;     // sanitised file name (no path, no control characters)
  std::string type;     // MIME type sniffed from the bytes, never the client's claim
  int64_t size = 0;     // bytes
  // typeGroup: the part of `type` before the slash (image, video, audio, application, text),
  // or "thumb" for a thumbnail, which file listings leave out.
  std::string type_group;
  std::string extension;  // from the name, lowercase, without the dot; "" when none
  std::string blob_key;   // where the BlobStore keeps the bytes
  std::string description;
  std::optional<ImageIdentity> identify;  // images only
  bool complete = true;                   // the bytes are all in (uploads are inserted after)
  bool confirmed = false;                 // a message carries it (rooms.upload, mediaConfirm)
  int64_t uploaded_at = 0;                // uploadedAt, ms since epoch (chosen by the caller)
  int64_t updated_at = 0;                 // _updatedAt: the write stamp (store.hpp)
  std::string message_id;                 // the message that carries it; "" until confirmed
  std::string thumbnail_of;               // a thumbnail: the original's id
  std::string thumbnail_id;               // an original: its thumbnail's id, if one was made
  // Filled by reads from the uploader's user row (IUpload.user); ignored on insert.
  std::string user_username;
  std::string user_name;
};

// Changes rooms.mediaConfirm makes to an unconfirmed upload (and its thumbnail).
struct UploadConfirmation {
  std::string user_id;              // only the uploader confirms: another user's id is kNotFound
  std::string message_id;           // the message about to carry it
  std::optional<std::string> name;  // fileName, when the client renamed it
  std::optional<std::string> description;  // when given
};

// The order of a room's files: RC's files lists sort by name unless the client sends
// sort={"uploadedAt":±1} or {"name":±1}; rooms.images is always newest first. Ties fall back
// to the id, so pages never overlap.
enum class UploadOrder { kNewestFirst, kOldestFirst, kNameAscending, kNameDescending };

// A room's files (channels.files, groups.files, im.files, rooms.images): newest first unless
// `order` says otherwise.
struct UploadQuery {
  std::string room_id;
  std::string type_group;  // only this typeGroup; "" = any
  // Case-insensitive "contains" on the name (RC's {name: {$regex, $options: 'i'}}); ASCII
  // letters fold, other characters must match exactly. "" = any.
  std::string name;
  bool exclude_thumbs = true;  // leave out typeGroup "thumb"
  // rooms.images' startingFromId: only uploads no newer than that one (RC's uploadedAt $lte);
  // an unknown id filters nothing, as in RC.
  std::string starting_from_id;
  UploadOrder order = UploadOrder::kNewestFirst;
  int64_t offset = 0;
  int64_t count = 50;  // 0 = no limit
};

struct UploadPage {
  std::vector<UploadRecord> uploads;
  int64_t total = 0;  // every match, not only the page
};

}  // namespace parley::store
