#include "store/sqlite/subscription_rows.hpp"

namespace parley::store::sqlite {
namespace {

enum SubscriptionColumn {
  kId,
  kRoomId,
  kUserId,
  kUsername,
  kRoomType,
  kName,
  kFname,
  kOpen,
  kAlert,
  kFavorite,
  kArchived,
  kUnread,
  kUserMentions,
  kGroupMentions,
  kLastSeen,
  kCreatedAt,
  kUpdatedAt,
  kRoles,
  kPrid,
  kIgnored,
};

// Binds every column but the id, as parameters 1..17 and 19..20 in kSubscriptionColumns order
// (18 is the id).
void bind_subscription_fields(Query& q, const SubscriptionRecord& s) {
  q.bind(1, s.room_id)
      .bind(2, s.user_id)
      .bind(3, s.username)
      .bind(4, s.room_type)
      .bind(5, s.name)
      .bind(6, s.fname)
      .bind(7, int64_t{s.open})
      .bind(8, int64_t{s.alert})
      .bind(9, int64_t{s.favorite})
      .bind(10, int64_t{s.archived})
      .bind(11, s.unread)
      .bind(12, s.user_mentions)
      .bind(13, s.group_mentions)
      .bind(15, s.created_at)
      .bind(16, s.updated_at)
      .bind(17, string_list_to_json(s.roles))
      .bind(19, s.prid)
      .bind(20, string_list_to_json(s.ignored));
  if (s.last_seen) {
    q.bind(14, *s.last_seen);
  } else {
    q.bind_null(14);
  }
}

}  // namespace

std::optional<SubscriptionRecord> read_subscription_row(const Query& row,
                                                        MalformedRows& malformed) {
  SubscriptionRecord s;
  FieldReader r(row);
  r.text(kId, "id", s.id);
  r.text(kRoomId, "room_id", s.room_id);
  r.text(kUserId, "user_id", s.user_id);
  r.text(kUsername, "username", s.username);
  r.text(kRoomType, "room_type", s.room_type);
  r.text(kName, "name", s.name);
  r.text(kFname, "fname", s.fname);
  r.boolean(kOpen, "open", s.open);
  r.boolean(kAlert, "alert", s.alert);
  r.boolean(kFavorite, "favorite", s.favorite);
  r.boolean(kArchived, "archived", s.archived);
  r.integer(kUnread, "unread", s.unread);
  r.integer(kUserMentions, "user_mentions", s.user_mentions);
  r.integer(kGroupMentions, "group_mentions", s.group_mentions);
  r.optional_integer(kLastSeen, "last_seen", s.last_seen);
  r.integer(kCreatedAt, "created_at", s.created_at);
  r.integer(kUpdatedAt, "updated_at", s.updated_at);
  r.string_list(kRoles, "roles", s.roles);
  r.text(kPrid, "prid", s.prid);
  r.string_list(kIgnored, "ignored", s.ignored);
  if (r.bad() != nullptr) {
    malformed.report("subscriptions", row.text(kId).value_or("?"), r.bad());
    return std::nullopt;
  }
  return s;
}

void insert_subscription_row(Connection& conn, const SubscriptionRecord& subscription) {
  auto q = conn.query(
      "INSERT INTO subscriptions (room_id, user_id, username, room_type, name, fname, open, "
      "alert, favorite, archived, unread, user_mentions, group_mentions, last_seen, created_at, "
      "updated_at, roles, id, prid, ignored) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?)");
  bind_subscription_fields(q, subscription);
  q.bind(18, subscription.id).run();
}

void update_subscription_row(Connection& conn, const SubscriptionRecord& subscription) {
  auto q = conn.query(
      "UPDATE subscriptions SET room_id = ?, user_id = ?, username = ?, room_type = ?, name = ?, "
      "fname = ?, open = ?, alert = ?, favorite = ?, archived = ?, unread = ?, "
      "user_mentions = ?, group_mentions = ?, last_seen = ?, created_at = ?, updated_at = ?, "
      "roles = ?, prid = ?19, ignored = ?20 WHERE id = ?18");
  bind_subscription_fields(q, subscription);
  q.bind(18, subscription.id).run();
}

}  // namespace parley::store::sqlite
