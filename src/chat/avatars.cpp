#include "chat/avatars.hpp"

#include <spdlog/spdlog.h>

#include "chat/permissions.hpp"
#include "chat/user_data_events.hpp"
#include "util/hash.hpp"
#include "util/ids.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

bool starts_with(std::string_view bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() && bytes.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::optional<std::string> sniff_image_type(std::string_view b) {
  using namespace std::string_view_literals;
  if (starts_with(b, "\x89PNG\r\n\x1a\n"sv)) return "image/png";
  if (starts_with(b, "\xFF\xD8\xFF"sv)) return "image/jpeg";
  if (starts_with(b, "GIF87a"sv) || starts_with(b, "GIF89a"sv)) return "image/gif";
  if (b.size() >= 12 && starts_with(b, "RIFF"sv) && b.substr(8, 4) == "WEBP"sv) {
    return "image/webp";
  }
  return std::nullopt;
}

std::optional<std::string> decode_data_uri(std::string_view uri) {
  constexpr std::string_view kPrefix = "data:";
  if (uri.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  auto comma = uri.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  std::string_view meta = uri.substr(kPrefix.size(), comma - kPrefix.size());
  constexpr std::string_view kBase64 = ";base64";
  if (meta.size() < kBase64.size() || meta.substr(meta.size() - kBase64.size()) != kBase64) {
    return std::nullopt;
  }
  return util::base64_decode(uri.substr(comma + 1));
}

Avatars::Avatars(store::Store& store, blob::BlobStore& blobs, Events& events, Settings& settings,
                 const util::Clock& clock)
    : store_(store), blobs_(blobs), events_(events), settings_(settings), clock_(clock) {}

std::string Avatars::blob_key(std::string_view user_id, std::string_view etag) {
  return "avatars/" + std::string(user_id) + "." + std::string(etag);
}

bool Avatars::may_change_own() const {
  return settings_.boolean("Accounts_AllowUserAvatarChange");
}

Result<std::string> Avatars::set_user_avatar(const store::UserRecord& actor,
                                             const store::UserRecord& target,
                                             std::string_view image) {
  const bool edit_others = has_permission(actor, "edit-other-user-avatar");
  if (!may_change_own() && !edit_others) {
    return domain_error("error-not-allowed", "Change avatar is not allowed");
  }
  if (target.id != actor.id && !edit_others)
    return domain_error("error-not-allowed", "Not allowed");
  auto type = sniff_image_type(image);
  if (!type) {
    return domain_error("error-avatar-invalid-content-type", "Invalid avatar content type");
  }
  // The avatar being replaced, from the row: the caller's record may be a session's copy from
  // login time, and trusting it would leave the blob of every upload since behind.
  const auto current = store_.user_by_id(target.id);
  if (!current) return domain_error("error-invalid-user", "Invalid user");
  std::string etag = util::random_id();
  const std::string key = blob_key(target.id, etag);
  if (auto put = blobs_.put(key, image); !put) {
    spdlog::error("avatar of {}: storing {} failed: {}", target.id, key, put.error().message);
    return internal_error();
  }
  auto status =
      store_.set_user_avatar(target.id, store::AvatarRecord{etag, *type, "rest", clock_.now_ms()});
  if (status != store::WriteStatus::kOk) {
    blobs_.remove(key);
    if (status == store::WriteStatus::kNotFound) {
      return domain_error("error-invalid-user", "Invalid user");
    }
    return internal_error();
  }
  if (current->avatar) blobs_.remove(blob_key(target.id, current->avatar->etag));
  events_.logged_event("updateAvatar",
                       json::array{json::object{{"username", current->username}, {"etag", etag}}});
  publish_user_data(events_, target.id, json::object{{"avatarETag", etag}});
  return etag;
}

Status Avatars::reset_user_avatar(const store::UserRecord& actor, const store::UserRecord& target) {
  const bool allowed = (may_change_own() && target.id == actor.id) ||
                       has_permission(actor, "edit-other-user-avatar") ||
                       has_permission(actor, "manage-moderation-actions");
  if (!allowed) return domain_error("error-not-allowed", "Reset avatar is not allowed");
  const auto current = store_.user_by_id(target.id);  // fresher than the caller's copy
  if (!current) return domain_error("error-invalid-user", "Invalid user");
  auto status = store_.set_user_avatar(target.id, std::nullopt);
  if (status == store::WriteStatus::kNotFound) {
    return domain_error("error-invalid-user", "Invalid user");
  }
  if (status != store::WriteStatus::kOk) return internal_error();
  if (current->avatar) blobs_.remove(blob_key(target.id, current->avatar->etag));
  // RC broadcasts avatarETag undefined, which JSON leaves out: [{username}].
  events_.logged_event("updateAvatar", json::array{json::object{{"username", current->username}}});
  if (current->avatar) publish_user_data(events_, target.id, {}, json::object{{"avatarETag", 1}});
  return Ok{};
}

void Avatars::forget_deleted(const store::UserRecord& deleted) {
  if (deleted.avatar) blobs_.remove(blob_key(deleted.id, deleted.avatar->etag));
}

std::optional<AvatarImage> Avatars::user_avatar(const store::UserRecord& user) {
  if (!user.avatar) return std::nullopt;
  auto bytes = blobs_.read(blob_key(user.id, user.avatar->etag));
  if (!bytes) {
    // Replaced between the row read and this one, or lost: the caller answers the initials.
    if (bytes.error().code != blob::Errc::kNotFound) {
      spdlog::warn("avatar of {}: {}", user.id, bytes.error().message);
    }
    return std::nullopt;
  }
  return AvatarImage{std::move(*bytes), user.avatar->content_type, user.avatar->etag,
                     user.avatar->uploaded_at};
}

std::string Avatars::room_blob_key(std::string_view room_id, std::string_view etag) {
  return "room-avatars/" + std::string(room_id) + "." + std::string(etag);
}

Result<std::string> Avatars::store_room_avatar(std::string_view room_id, std::string_view image) {
  if (!sniff_image_type(image)) {
    return domain_error("error-avatar-invalid-content-type", "Invalid avatar content type");
  }
  std::string etag = util::random_id();
  const std::string key = room_blob_key(room_id, etag);
  if (auto put = blobs_.put(key, image); !put) {
    spdlog::error("avatar of room {}: storing {} failed: {}", room_id, key, put.error().message);
    return internal_error();
  }
  return etag;
}

void Avatars::remove_room_avatar(std::string_view room_id, std::string_view etag) {
  blobs_.remove(room_blob_key(room_id, etag));
}

std::optional<AvatarImage> Avatars::room_avatar(const store::RoomRecord& room) {
  const json::value* etag = room.doc.if_contains("avatarETag");
  if (etag == nullptr || !etag->is_string() || etag->get_string().empty()) return std::nullopt;
  auto bytes = blobs_.read(room_blob_key(room.id, etag->get_string()));
  if (!bytes) {
    if (bytes.error().code != blob::Errc::kNotFound) {
      spdlog::warn("avatar of room {}: {}", room.id, bytes.error().message);
    }
    return std::nullopt;
  }
  auto type = sniff_image_type(*bytes);
  if (!type) return std::nullopt;
  // Rooms keep no upload time; the room's last change stands in for Last-Modified.
  return AvatarImage{std::move(*bytes), *type, std::string(etag->get_string()), room.updated_at};
}

}  // namespace parley::chat
