#include "store/sqlite/room_rows.hpp"

namespace parley::store::sqlite {
namespace {

enum RoomColumn {
  kId,
  kType,
  kName,
  kArchived,
  kReadOnly,
  kIsDefault,
  kMsgs,
  kUsersCount,
  kCreatedAt,
  kUpdatedAt,
  kLastMessageAt,
  kLastMessage,
  kDoc,
};

// Binds every column but the id, as parameters 1..12 in kRoomColumns order.
void bind_room_fields(Query& q, const RoomRecord& room) {
  q.bind(1, room.type)
      .bind(2, room.name)
      .bind(3, int64_t{room.archived})
      .bind(4, int64_t{room.read_only})
      .bind(5, int64_t{room.is_default})
      .bind(6, room.msgs)
      .bind(7, room.users_count)
      .bind(8, room.created_at)
      .bind(9, room.updated_at)
      .bind(11, serialize_json(room.last_message))
      .bind(12, serialize_json(room.doc));
  if (room.last_message_at) {
    q.bind(10, *room.last_message_at);
  } else {
    q.bind_null(10);
  }
}

}  // namespace

std::optional<RoomRecord> read_room_row(const Query& row, MalformedRows& malformed) {
  RoomRecord room;
  FieldReader r(row);
  r.text(kId, "id", room.id);
  r.text(kType, "type", room.type);
  r.text(kName, "name", room.name);
  r.boolean(kArchived, "archived", room.archived);
  r.boolean(kReadOnly, "read_only", room.read_only);
  r.boolean(kIsDefault, "is_default", room.is_default);
  r.integer(kMsgs, "msgs", room.msgs);
  r.integer(kUsersCount, "users_count", room.users_count);
  r.integer(kCreatedAt, "created_at", room.created_at);
  r.integer(kUpdatedAt, "updated_at", room.updated_at);
  r.optional_integer(kLastMessageAt, "last_message_at", room.last_message_at);
  r.json_object(kLastMessage, "last_message", room.last_message);
  r.json_object(kDoc, "doc", room.doc);
  if (r.bad() != nullptr) {
    malformed.report("rooms", row.text(kId).value_or("?"), r.bad());
    return std::nullopt;
  }
  return room;
}

void insert_room_row(Connection& conn, const RoomRecord& room) {
  auto q = conn.query(
      "INSERT INTO rooms (type, name, archived, read_only, is_default, msgs, users_count, "
      "created_at, updated_at, last_message_at, last_message, doc, id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_room_fields(q, room);
  q.bind(13, room.id).run();
}

void update_room_row(Connection& conn, const RoomRecord& room) {
  auto q = conn.query(
      "UPDATE rooms SET type = ?, name = ?, archived = ?, read_only = ?, is_default = ?, "
      "msgs = ?, users_count = ?, created_at = ?, updated_at = ?, last_message_at = ?, "
      "last_message = ?, doc = ? WHERE id = ?");
  bind_room_fields(q, room);
  q.bind(13, room.id).run();
}

}  // namespace parley::store::sqlite
