#include "store/sqlite/message_rows.hpp"

namespace parley::store::sqlite {
namespace {

enum MessageColumn {
  kId,
  kRoomId,
  kUserId,
  kThreadId,
  kTs,
  kUpdatedAt,
  kDeletedAt,
  kDoc,
};

// Binds every column but the id, as parameters 1..7 in kMessageColumns order. An empty
// thread id is stored as NULL: the thread index leaves NULLs out.
void bind_message_fields(Query& q, const MessageRecord& m) {
  q.bind(1, m.room_id).bind(2, m.user_id).bind(4, m.ts).bind(5, m.updated_at);
  if (m.thread_id.empty()) {
    q.bind_null(3);
  } else {
    q.bind(3, m.thread_id);
  }
  if (m.deleted_at) {
    q.bind(6, *m.deleted_at);
  } else {
    q.bind_null(6);
  }
  q.bind(7, serialize_json(m.doc));
}

}  // namespace

std::optional<MessageRecord> read_message_row(const Query& row, MalformedRows& malformed) {
  MessageRecord m;
  FieldReader r(row);
  r.text(kId, "id", m.id);
  r.text(kRoomId, "room_id", m.room_id);
  r.text(kUserId, "user_id", m.user_id);
  r.optional_text(kThreadId, "thread_id", m.thread_id);
  r.integer(kTs, "ts", m.ts);
  r.integer(kUpdatedAt, "updated_at", m.updated_at);
  r.optional_integer(kDeletedAt, "deleted_at", m.deleted_at);
  r.json_object(kDoc, "doc", m.doc);
  if (r.bad() != nullptr) {
    malformed.report("messages", row.text(kId).value_or("?"), r.bad());
    return std::nullopt;
  }
  return m;
}

void insert_message_row(Connection& conn, const MessageRecord& message) {
  auto q = conn.query(
      "INSERT INTO messages (room_id, user_id, thread_id, ts, updated_at, deleted_at, doc, id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  bind_message_fields(q, message);
  q.bind(8, message.id).run();
}

void update_message_row(Connection& conn, const MessageRecord& message) {
  auto q = conn.query(
      "UPDATE messages SET room_id = ?, user_id = ?, thread_id = ?, ts = ?, updated_at = ?, "
      "deleted_at = ?, doc = ? WHERE id = ?");
  bind_message_fields(q, message);
  q.bind(8, message.id).run();
}

}  // namespace parley::store::sqlite
