#include "chat/uploads.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>

#include "chat/file_message.hpp"
#include "chat/upload_types.hpp"
#include "util/ids.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

// Images this large are stored and shown but not read back for a thumbnail or preview.
constexpr int64_t kMaxImageBytesToProcess = 32 * 1024 * 1024;

bool processable_image(const std::string& type) {
  // RC's uploadsOnValidate: bmp, jpeg, png, gif, webp get identify and thumbnails.
  return type == "image/png" || type == "image/jpeg" || type == "image/gif" ||
         type == "image/webp" || type == "image/bmp";
}

Error disabled() {
  return domain_error("error-file-upload-disabled", "File upload is disabled");
}

Error invalid_type() {
  return domain_error("error-invalid-file-type", "File type is not accepted");
}

Error invalid_file() {
  return domain_error("invalid-file", "Invalid file");
}

}  // namespace

std::string upload_blob_key(std::string_view upload_id) {
  return "uploads/" + std::string(upload_id);
}

// --- UploadSession ---------------------------------------------------------------------------

UploadSession::UploadSession(Uploads& owner, store::UserRecord actor, store::RoomRecord room,
                             std::string name, int64_t max_size,
                             std::unique_ptr<blob::BlobWriter> writer)
    : owner_(owner),
      actor_(std::move(actor)),
      room_(std::move(room)),
      name_(std::move(name)),
      max_size_(max_size),
      writer_(std::move(writer)),
      started_(std::chrono::steady_clock::now()) {}

UploadSession::~UploadSession() {
  if (writer_) writer_->abort();
}

Status UploadSession::fail(Error error) {
  if (writer_) writer_->abort();
  writer_.reset();
  failed_ = owner_.refuse(std::move(error));
  return *failed_;
}

Status UploadSession::append(std::string_view bytes) {
  if (failed_) return *failed_;
  if (!writer_) return internal_error();
  if (max_size_ >= 0 && size_ + static_cast<int64_t>(bytes.size()) > max_size_) {
    return fail(domain_error("error-file-too-large", "File exceeds allowed size of " +
                                                         std::to_string(max_size_) + " bytes"));
  }
  if (head_.size() < kSniffBytes) head_.append(bytes.substr(0, kSniffBytes - head_.size()));
  if (auto appended = writer_->append(bytes); !appended) {
    spdlog::error("upload {}: writing failed: {}", id_, appended.error().message);
    return fail(internal_error());
  }
  size_ += static_cast<int64_t>(bytes.size());
  return Ok{};
}

Result<store::UploadRecord> UploadSession::finish() {
  if (failed_) return *failed_;
  if (!writer_) return internal_error();
  Uploads& o = owner_;
  const std::string type = sniff_file_type(head_);
  if (!media_type_allowed(type, o.settings_.string("FileUpload_MediaTypeWhiteList"),
                          o.settings_.string("FileUpload_MediaTypeBlackList"))) {
    return fail(invalid_type()).error();
  }
  if (auto committed = writer_->commit(); !committed) {
    spdlog::error("upload {}: committing failed: {}", id_, committed.error().message);
    writer_.reset();
    return fail(internal_error()).error();
  }
  writer_.reset();

  store::UploadRecord up;
  up.id = id_;
  up.room_id = room_.id;
  up.user_id = actor_.id;
  up.name = name_;
  up.type = type;
  up.size = size_;
  up.type_group = type_group_of(type);
  up.extension = file_extension(name_);
  up.blob_key = upload_blob_key(id_);
  up.uploaded_at = o.clock_.now_ms();
  std::vector<store::UploadRecord> rows;

  if (processable_image(type) && size_ <= kMaxImageBytesToProcess && o.images_.probe) {
    if (auto bytes = o.blobs_.read(up.blob_key)) {
      up.identify = o.images_.probe(*bytes);
      const int w = static_cast<int>(o.settings_.integer("Message_Attachments_Thumbnails_Width"));
      const int h = static_cast<int>(o.settings_.integer("Message_Attachments_Thumbnails_Height"));
      // RC: a thumbnail only for an image not already inside the box.
      const bool small = up.identify && up.identify->width < w && up.identify->height < h;
      if (up.identify && !small && o.settings_.boolean("Message_Attachments_Thumbnails_Enabled") &&
          o.images_.thumbnail) {
        if (auto thumb = o.images_.thumbnail(*bytes, w, h)) {
          store::UploadRecord t;
          t.id = util::random_id();
          t.room_id = up.room_id;
          t.user_id = up.user_id;
          t.name = "thumb-" + up.name;
          t.type = thumb->content_type;
          t.size = static_cast<int64_t>(thumb->bytes.size());
          t.type_group = "thumb";
          t.extension = file_extension(t.name);
          t.blob_key = upload_blob_key(t.id);
          t.identify = store::ImageIdentity{
              type_group_of(t.type) == "image" ? t.type.substr(t.type.find('/') + 1) : "",
              thumb->width, thumb->height};
          t.uploaded_at = up.uploaded_at;
          t.thumbnail_of = up.id;
          if (o.blobs_.put(t.blob_key, thumb->bytes)) {
            up.thumbnail_id = t.id;
            rows.push_back(std::move(t));
            if (o.observer_.thumbnail_made) o.observer_.thumbnail_made();
          }
        }
      }
    }
  }
  rows.insert(rows.begin(), up);
  if (o.store_.insert_uploads(rows) != store::WriteStatus::kOk) {
    for (const auto& row : rows) o.blobs_.remove(row.blob_key);
    failed_ = internal_error();
    return *failed_;
  }
  if (o.observer_.stored) {
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started_;
    o.observer_.stored(size_, took.count());
  }
  return up;
}

// --- Uploads ---------------------------------------------------------------------------------

Uploads::Uploads(store::Store& store, blob::BlobStore& blobs, RoomAccess& access,
                 Messages& messages, Settings& settings, const util::Clock& clock,
                 ImageTools images, UploadObserver observer)
    : store_(store),
      blobs_(blobs),
      access_(access),
      messages_(messages),
      settings_(settings),
      clock_(clock),
      images_(std::move(images)),
      observer_(std::move(observer)) {}

Error Uploads::refuse(Error error) {
  if (observer_.refused) observer_.refused(error.code_string());
  return error;
}

Result<store::RoomRecord> Uploads::accessible_room(const store::UserRecord& actor,
                                                   std::string_view room_id) {
  auto room = store_.room_by_id(room_id);
  // RC's canAccessRoomIdAsync is false for a room that does not exist: the same 403.
  if (!room || !access_.can_read(actor, *room)) return refuse(forbidden());
  return std::move(*room);
}

Result<std::unique_ptr<UploadSession>> Uploads::begin(const store::UserRecord& actor,
                                                      const UploadStart& start) {
  if (!settings_.boolean("FileUpload_Enabled")) return refuse(disabled());
  auto room = accessible_room(actor, start.room_id);
  if (!room) return room.error();
  if (room->type == "d" && !settings_.boolean("FileUpload_Enabled_Direct")) {
    return refuse(domain_error("error-direct-message-file-upload-not-allowed",
                               "File upload not allowed in direct messages"));
  }
  if (auto allowed = access_.check_can_post(actor, *room); !allowed) {
    return refuse(allowed.error());
  }
  // The declared type is checked too (RC refuses on it), the sniffed one again at finish.
  if (!start.declared_type.empty() &&
      !media_type_allowed(start.declared_type, settings_.string("FileUpload_MediaTypeWhiteList"),
                          settings_.string("FileUpload_MediaTypeBlackList"))) {
    return refuse(invalid_type());
  }
  std::string id = util::random_id();
  auto writer = blobs_.create(upload_blob_key(id));
  if (!writer) {
    spdlog::error("upload {}: cannot create blob: {}", id, writer.error().message);
    return internal_error();
  }
  std::unique_ptr<UploadSession> session(
      new UploadSession(*this, actor, std::move(*room), sanitize_file_name(start.file_name),
                        settings_.integer("FileUpload_MaxFileSize"), std::move(*writer)));
  session->id_ = std::move(id);
  return session;
}

Result<json::object> Uploads::post_message(const store::UserRecord& actor, std::string_view room_id,
                                           std::string_view upload_id,
                                           const FileMessageFields& fields) {
  auto room = accessible_room(actor, room_id);
  if (!room) return room.error();
  auto upload = store_.upload_by_id(upload_id);
  if (!upload || upload->room_id != room->id || !upload->thumbnail_of.empty()) {
    return invalid_file();
  }
  const auto max_size = static_cast<std::size_t>(settings_.integer("Message_MaxAllowedSize"));
  if (fields.description.size() > max_size) {
    return domain_error(
        "error-message-size-exceeded",
        "Message size exceeds the allowed maximum of " + std::to_string(max_size) + " characters");
  }
  json::object custom_fields;
  if (!fields.custom_fields.empty()) {
    boost::system::error_code ec;
    json::value parsed = json::parse(fields.custom_fields, ec);
    if (ec || !parsed.is_object()) return invalid_params("Invalid customFields");
    custom_fields = std::move(parsed.as_object());
  }

  const std::string message_id = util::random_id();
  store::UploadConfirmation confirmation{actor.id, message_id, {}, {}};
  if (fields.file_name) confirmation.name = sanitize_file_name(*fields.file_name);
  if (!fields.description.empty()) confirmation.description = fields.description;
  store::UploadRecord confirmed;
  const auto claimed = store_.confirm_upload(upload_id, confirmation, &confirmed);
  if (claimed != store::WriteStatus::kOk) return invalid_file();

  std::optional<store::UploadRecord> thumbnail;
  if (!confirmed.thumbnail_id.empty()) thumbnail = store_.upload_by_id(confirmed.thumbnail_id);
  // image_preview from the thumbnail when there is one (small), else the image itself.
  std::string preview;
  if (confirmed.type_group == "image" && confirmed.identify && images_.preview_base64) {
    const store::UploadRecord& source = thumbnail ? *thumbnail : confirmed;
    if (source.size <= kMaxImageBytesToProcess) {
      if (auto bytes = blobs_.read(source.blob_key)) {
        preview = images_.preview_base64(*bytes).value_or("");
      }
    }
  }
  FileMessageParts parts = file_message_parts(confirmed, thumbnail, preview);

  SendRequest request;
  request.id = message_id;
  request.room_id = room->id;
  request.text = fields.msg;
  request.thread_id = fields.tmid;
  request.extras["file"] = std::move(parts.file);
  request.extras["files"] = std::move(parts.files);
  request.extras["attachments"] = std::move(parts.attachments);
  request.extras["groupable"] = fields.groupable.value_or(false);
  if (!fields.alias.empty()) request.extras["alias"] = fields.alias;
  if (!fields.emoji.empty()) request.extras["emoji"] = fields.emoji;
  if (!fields.avatar.empty()) request.extras["avatar"] = fields.avatar;
  if (!custom_fields.empty()) request.extras["customFields"] = std::move(custom_fields);
  auto sent = messages_.send(actor, std::move(request));
  if (!sent) {
    remove(confirmed.id);
    return sent.error();
  }
  return std::move(*sent);
}

bool Uploads::remove(std::string_view upload_id) {
  std::vector<store::UploadRecord> removed;
  if (store_.delete_upload(upload_id, &removed) != store::WriteStatus::kOk) return false;
  for (const auto& row : removed) {
    if (auto gone = blobs_.remove(row.blob_key);
        !gone && gone.error().code != blob::Errc::kNotFound) {
      spdlog::warn("upload {}: removing blob {} failed: {}", row.id, row.blob_key,
                   gone.error().message);
    }
  }
  return true;
}

std::size_t Uploads::expire_unconfirmed(int64_t ttl_ms) {
  std::size_t count = 0;
  const int64_t before = clock_.now_ms() - ttl_ms;
  // Batches, so one sweep after a long outage does not hold a huge list.
  for (;;) {
    auto due = store_.uploads_unconfirmed_before(before, 200);
    if (due.empty()) break;
    const std::size_t before_batch = count;
    for (const auto& up : due) {
      // A thumbnail goes with its original; one whose original is gone goes alone.
      const bool orphan_thumb =
          !up.thumbnail_of.empty() && !store_.upload_by_id(up.thumbnail_of).has_value();
      if ((up.thumbnail_of.empty() || orphan_thumb) && remove(up.id)) ++count;
    }
    if (due.size() < 200 || count == before_batch) break;
  }
  return count;
}

}  // namespace parley::chat
