#pragma once
// Mapping between MessageRecord and the messages table; defensive on read like user_rows.
// The full-text index (messages_fts) is kept in step by triggers in the schema, so writing a
// row here is all a caller does. Writes throw SqliteError.
#include <optional>
#include <string_view>

#include "store/room_records.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/field_reader.hpp"

namespace parley::store::sqlite {

// The columns read_message_row expects, in order, for a query over `messages m`.
inline constexpr std::string_view kMessageColumns =
    "m.id, m.room_id, m.user_id, m.thread_id, m.ts, m.updated_at, m.deleted_at, m.doc";

std::optional<MessageRecord> read_message_row(const Query& row, MalformedRows& malformed);

void insert_message_row(Connection& conn, const MessageRecord& message);
// Rewrites every column but the id of the row whose id is message.id.
void update_message_row(Connection& conn, const MessageRecord& message);

}  // namespace parley::store::sqlite
