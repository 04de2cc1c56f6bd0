#pragma once
// Mapping between SubscriptionRecord and the subscriptions table; defensive on read like
// user_rows. Writes throw SqliteError; callers turn constraint errors into WriteStatus values.
#include <optional>
#include <string_view>

#include "store/room_records.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/field_reader.hpp"

namespace parley::store::sqlite {

// The columns read_subscription_row expects, in order, for a query over `subscriptions s`.
inline constexpr std::string_view kSubscriptionColumns =
    "s.id, s.room_id, s.user_id, s.username, s.room_type, s.name, s.fname, s.open, s.alert, "
    "s.favorite, s.archived, s.unread, s.user_mentions, s.group_mentions, s.last_seen, "
    "s.created_at, s.updated_at, s.roles, s.prid, s.ignored";

std::optional<SubscriptionRecord> read_subscription_row(const Query& row, MalformedRows& malformed);

void insert_subscription_row(Connection& conn, const SubscriptionRecord& subscription);
// Rewrites every column but the id of the row whose id is subscription.id.
void update_subscription_row(Connection& conn, const SubscriptionRecord& subscription);

}  // namespace parley::store::sqlite
