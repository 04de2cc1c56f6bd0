#pragma once
// Row inserts shared by the ordinary writes and import_batch: each maps the constraint errors
// it expects to a WriteStatus and lets any other SQLite error through. Writer thread only.
#include "store/records.hpp"
#include "store/room_records.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/writer.hpp"

namespace parley::store::sqlite {

// The users row and its emails (sqlite_store.cpp).
WriteOutcome insert_user_rows(Connection& conn, const UserRecord& user);
// One login or personal access token (token_queries.cpp).
WriteOutcome insert_token_row(Connection& conn, const LoginTokenRecord& token);
// One rooms row, without its subscriptions (room_queries.cpp).
WriteOutcome insert_room_checked(Connection& conn, const RoomRecord& room);
// One subscription (room_queries.cpp).
WriteOutcome insert_subscription_checked(Connection& conn, const SubscriptionRecord& s);

}  // namespace parley::store::sqlite
