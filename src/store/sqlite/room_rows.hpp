#pragma once
// Mapping between RoomRecord and the rooms table. Reading is defensive like user_rows: a row
// with a wrong-typed column or a doc that is not a JSON object is reported and skipped.
// Writes throw SqliteError; callers turn constraint errors into WriteStatus values.
#include <optional>
#include <string_view>

#include "store/room_records.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/field_reader.hpp"

namespace parley::store::sqlite {

// The columns read_room_row expects, in order, for a query over `rooms r`.
inline constexpr std::string_view kRoomColumns =
    "r.id, r.type, r.name, r.archived, r.read_only, r.is_default, r.msgs, r.users_count, "
    "r.created_at, r.updated_at, r.last_message_at, r.last_message, r.doc";

std::optional<RoomRecord> read_room_row(const Query& row, MalformedRows& malformed);

// Inserts every column of `room` as given.
void insert_room_row(Connection& conn, const RoomRecord& room);
// Rewrites every column but the id of the row whose id is room.id.
void update_room_row(Connection& conn, const RoomRecord& room);

}  // namespace parley::store::sqlite
