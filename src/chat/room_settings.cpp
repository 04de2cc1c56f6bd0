#include "chat/room_settings.hpp"

#include <array>

#include "chat/permissions.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

// RC 7's saveRoomSettings fields; any other key is error-invalid-settings.
constexpr std::array<std::string_view, 22> kKnown = {
    "roomAvatar",
    "featured",
    "roomName",
    "roomTopic",
    "roomAnnouncement",
    "roomCustomFields",
    "roomDescription",
    "roomType",
    "readOnly",
    "reactWhenReadOnly",
    "systemMessages",
    "default",
    "joinCode",
    "streamingOptions",
    "retentionEnabled",
    "retentionMaxAge",
    "retentionExcludePinned",
    "retentionFilesOnly",
    "retentionIgnoreThreads",
    "retentionOverrideGlobal",
    "encrypted",
    "favorite",
};

bool known(std::string_view key) {
  for (auto k : kKnown) {
    if (k == key) return true;
  }
  return false;
}

Error invalid_settings() {
  return domain_error("error-invalid-settings", "Invalid settings provided");
}

Error editing_not_allowed() {
  return domain_error("error-action-not-allowed", "Editing room is not allowed");
}

Error administration_not_allowed() {
  return domain_error("error-action-not-allowed", "Viewing room administration is not allowed");
}

bool is_text(const json::value& v) {
  return v.is_string() || v.is_null();
}

bool is_string_array(const json::value& v) {
  if (!v.is_array()) return false;
  for (const auto& item : v.get_array()) {
    if (!item.is_string()) return false;
  }
  return true;
}

// Whether `value` has the type RC's client sends for `key`.
bool well_typed(std::string_view key, const json::value& v) {
  if (key == "roomName" || key == "roomType" || key == "joinCode") return v.is_string();
  if (key == "roomTopic" || key == "roomAnnouncement" || key == "roomDescription" ||
      key == "roomAvatar") {
    return is_text(v);
  }
  if (key == "readOnly" || key == "reactWhenReadOnly" || key == "default" || key == "featured" ||
      key == "encrypted") {
    return v.is_bool();
  }
  if (key == "systemMessages") return is_string_array(v);
  if (key == "roomCustomFields" || key == "streamingOptions") return v.is_object();
  if (key == "favorite") {
    if (!v.is_object()) return false;
    const auto* favorite = v.get_object().if_contains("favorite");
    const auto* default_value = v.get_object().if_contains("defaultValue");
    return favorite && favorite->is_bool() && (!default_value || default_value->is_bool());
  }
  return true;  // the retention settings: refused by their validator whatever the value
}

bool doc_bool(const store::RoomRecord& room, std::string_view key) {
  const json::value* v = room.doc.if_contains(key);
  return v != nullptr && v->is_bool() && v->get_bool();
}

std::string text_of(const json::value& v) {
  return v.is_string() ? std::string(v.get_string()) : std::string();
}

}  // namespace

Status RoomSettingsEditor::save(const store::UserRecord& actor, std::string_view room_id,
                                const json::object& settings) {
  for (const auto& [key, value] : settings) {
    if (!known(key) || !well_typed(key, value)) return invalid_settings();
  }
  auto room = store_.room_by_id(room_id);
  if (!room) return domain_error("error-invalid-room", "Invalid room");

  json::object effective = settings;
  if (!rooms_.may(actor, "edit-room", *room)) {
    // RC lets a DM's members toggle its encryption without edit-room, and nothing else.
    const auto* encrypted = settings.if_contains("encrypted");
    if (encrypted == nullptr || room->type != "d") return editing_not_allowed();
    effective = json::object{{"encrypted", *encrypted}};
  }
  for (const auto& [key, value] : effective) {
    if (auto checked = validate(actor, *room, key, value); !checked) return checked;
  }
  for (const auto& [key, value] : effective) {
    if (auto saved = apply(actor, *room, key, value); !saved) return saved;
  }
  return Ok{};
}

Status RoomSettingsEditor::validate(const store::UserRecord& actor, const store::RoomRecord& room,
                                    std::string_view key, const json::value& value) {
  if (key == "default" || key == "featured") {
    if (!has_permission(actor, "view-room-administration")) return administration_not_allowed();
  } else if (key == "roomType") {
    const std::string type = text_of(value);
    if (type == room.type) return Ok{};
    if (type == "c" && !has_permission(actor, "create-c")) {
      return domain_error("error-action-not-allowed",
                          "Changing a private group to a public channel is not allowed");
    }
    if (type == "p" && !has_permission(actor, "create-p")) {
      return domain_error("error-action-not-allowed",
                          "Changing a public channel to a private room is not allowed");
    }
  } else if (key == "encrypted") {
    if (value.get_bool() != doc_bool(room, "encrypted")) {
      if (room.type != "p" && room.type != "d") {
        return domain_error("error-action-not-allowed",
                            "Only groups or direct channels can enable encryption");
      }
      if (room.type != "d" && !rooms_.may(actor, "toggle-room-e2e-encryption", room)) {
        return domain_error("error-action-not-allowed",
                            "You do not have permission to toggle E2E encryption");
      }
    }
  } else if (key.starts_with("retention")) {
    // No parley room has a retention policy (RC's hasRetentionPolicy is false for it too).
    return domain_error("error-action-not-allowed", "Room does not have retention policy");
  } else if (key == "roomAvatar") {
    if (!rooms_.may(actor, "edit-room-avatar", room)) {
      return domain_error("error-action-not-allowed", "Editing a room avatar is not allowed");
    }
    if (avatars_ == nullptr) return domain_error("error-not-allowed", "Not allowed");
  } else if (key == "joinCode") {
    return domain_error("error-action-not-allowed", "Join codes are not supported");
  } else if (key == "readOnly" || key == "reactWhenReadOnly") {
    // RC refuses both for broadcast rooms; parley has none (channels cannot be created as
    // broadcast), so there is nothing to check.
  }
  return Ok{};
}

Status RoomSettingsEditor::apply(const store::UserRecord& actor, store::RoomRecord& room,
                                 std::string_view key, const json::value& value) {
  Result<store::RoomRecord> updated = room;
  if (key == "roomName") {
    updated = rooms_.rename(actor, room, text_of(value));
  } else if (key == "roomTopic" || key == "roomAnnouncement" || key == "roomDescription") {
    const char* field = key == "roomTopic"          ? "topic"
                        : key == "roomAnnouncement" ? "announcement"
                                                    : "description";
    const std::string text = text_of(value);
    const json::value* current = room.doc.if_contains(field);
    const bool had = current != nullptr && current->is_string() && !current->get_string().empty();
    if (text.empty() && !had) return Ok{};  // as RC: nothing to clear
    const RoomText which = key == "roomTopic"          ? RoomText::kTopic
                           : key == "roomAnnouncement" ? RoomText::kAnnouncement
                                                       : RoomText::kDescription;
    updated = rooms_.set_text(actor, room, which, text);
  } else if (key == "roomType") {
    if (text_of(value) == room.type) return Ok{};
    updated = rooms_.set_type(actor, room, text_of(value));
  } else if (key == "readOnly") {
    if (value.get_bool() == room.read_only) return Ok{};
    updated = rooms_.set_read_only(actor, room, value.get_bool());
  } else if (key == "reactWhenReadOnly") {
    if (value.get_bool() == doc_bool(room, "reactWhenReadOnly")) return Ok{};
    updated = rooms_.update_doc(room, json::object{{"reactWhenReadOnly", value.get_bool()}});
    if (updated) {
      auto notice = messages_.post_system(
          *updated, actor, value.get_bool() ? "room-allowed-reacting" : "room-disallowed-reacting",
          "");
      if (!notice) return notice.error();
    }
  } else if (key == "systemMessages") {
    updated = rooms_.update_doc(room, json::object{{"sysMes", value}});
  } else if (key == "default") {
    updated = rooms_.set_default(actor, room, value.get_bool());
  } else if (key == "featured") {
    updated = rooms_.update_doc(room, json::object{{"featured", value.get_bool()}});
  } else if (key == "streamingOptions") {
    updated = rooms_.update_doc(room, json::object{{"streamingOptions", value}});
  } else if (key == "roomCustomFields") {
    updated = rooms_.update_doc(room, json::object{{"customFields", value}});
  } else if (key == "favorite") {
    // RC keeps `favorite` (and its default) on the room only while it is on.
    const auto& f = value.get_object();
    const bool on = f.at("favorite").get_bool();
    const auto* default_value = f.if_contains("defaultValue");
    json::object fields{{"favorite", on ? json::value(true) : json::value(nullptr)}};
    fields["defaultValue"] =
        on && default_value ? json::value(default_value->get_bool()) : json::value(nullptr);
    updated = rooms_.update_doc(room, fields);
  } else if (key == "encrypted") {
    const bool on = value.get_bool();
    if (on == doc_bool(room, "encrypted")) return Ok{};
    updated = rooms_.update_doc(room, json::object{{"encrypted", on}});
    if (updated) {
      auto notice =
          messages_.post_system(*updated, actor, on ? "room_e2e_enabled" : "room_e2e_disabled", "");
      if (!notice) return notice.error();
    }
  } else if (key == "roomAvatar") {
    return apply_avatar(actor, room, value);
  }
  if (!updated) return updated.error();
  room = std::move(*updated);
  return Ok{};
}

Status RoomSettingsEditor::apply_avatar(const store::UserRecord& actor, store::RoomRecord& room,
                                        const json::value& value) {
  const json::value* current = room.doc.if_contains("avatarETag");
  const std::string previous =
      current != nullptr && current->is_string() ? std::string(current->get_string()) : "";
  const std::string uri = text_of(value);
  std::optional<std::string> etag;
  if (!uri.empty()) {
    auto image = decode_data_uri(uri);
    if (!image) return domain_error("error-invalid-data", "Invalid dataURI");
    auto stored = avatars_->store_room_avatar(room.id, *image);
    if (!stored) return stored.error();
    etag = std::move(*stored);
  }
  auto updated = rooms_.set_avatar_etag(actor, room, etag);
  if (!updated) {
    if (etag) avatars_->remove_room_avatar(room.id, *etag);
    return updated.error();
  }
  // The room points at the new image (or none): the old blob can go.
  if (!previous.empty() && previous != etag) avatars_->remove_room_avatar(room.id, previous);
  room = std::move(*updated);
  return Ok{};
}

}  // namespace parley::chat
