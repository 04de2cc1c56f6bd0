// SqliteStore: messages. append_message is the hot write: one job inserts the message and
// applies its effects (room counters, every other member's subscription, the thread parent)
// with one UPDATE per kind of effect, never one statement per member. The full-text index
// follows the messages table through the schema's triggers.
#include <algorithm>

#include <boost/json.hpp>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/fts_query.hpp"
#include "store/sqlite/message_rows.hpp"
#include "store/sqlite/query_helpers.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/writer.hpp"

namespace parley::store {

using sqlite::Connection;
using sqlite::MalformedRows;
using sqlite::Query;
using sqlite::ReadTransaction;
using sqlite::WriteOutcome;

namespace {

const std::string kMessageSelect =
    "SELECT " + std::string(sqlite::kMessageColumns) + " FROM messages m ";

boost::json::object ejson_date(int64_t ms) {
  return boost::json::object{{"$date", ms}};
}

// What a read of messages by id finds: no row, a row that could not be decoded (reported),
// or the message.
struct Lookup {
  bool exists = false;
  std::optional<MessageRecord> message;
};

Lookup find_message(Connection& conn, std::string_view id, MalformedRows& malformed) {
  static const std::string kSql = kMessageSelect + "WHERE m.id = ?";
  auto q = conn.query(kSql);
  q.bind(1, id);
  if (!q.step()) return {};
  return {true, sqlite::read_message_row(q, malformed)};
}

// Live (not tombstoned) message, read inside a write job.
std::optional<MessageRecord> live_message(Connection& conn, std::string_view id,
                                          MalformedRows& malformed) {
  auto found = find_message(conn, id, malformed);
  if (!found.message || found.message->deleted_at) return std::nullopt;
  return std::move(found.message);
}

void update_room_for(Connection& conn, const MessageRecord& m) {
  // updated_at is the message's own (the write stamp).
  // Commit order is not ts order (two senders race through the writer), so lm and
  // lastMessage move only forward: a late-committed older message still counts in msgs but
  // does not replace a newer lastMessage.
  conn.query(
          "UPDATE rooms SET msgs = msgs + 1, "
          "last_message = CASE WHEN last_message_at IS NULL OR last_message_at <= ?1 "
          "  THEN ?2 ELSE last_message END, "
          "last_message_at = max(coalesce(last_message_at, ?1), ?1), "
          "updated_at = ?4 "
          "WHERE id = ?3")
      .bind(1, m.ts)
      .bind(2, sqlite::serialize_json(m.doc))
      .bind(3, m.room_id)
      .bind(4, m.updated_at)
      .run();
}

void collect(Query& q, std::vector<MessageRecord>& out, MalformedRows& malformed);

// After `deleted` became a tombstone: if it was the room's lastMessage, the newest message
// still standing takes its place (none: lastMessage and lm are cleared).
void roll_back_last_message(Connection& conn, const MessageRecord& deleted,
                            MalformedRows& malformed) {
  bool was_last = false;
  {
    auto q =
        conn.query("SELECT 1 FROM rooms WHERE id = ? AND json_extract(last_message, '$._id') = ?");
    q.bind(1, deleted.room_id).bind(2, deleted.id);
    was_last = q.step();
  }
  if (!was_last) return;
  std::vector<MessageRecord> newest;
  {
    auto q = conn.query(kMessageSelect +
                        "WHERE m.room_id = ? AND m.deleted_at IS NULL "
                        "ORDER BY m.ts DESC, m.seq DESC LIMIT 1");
    q.bind(1, deleted.room_id);
    collect(q, newest, malformed);
  }
  auto update =
      conn.query("UPDATE rooms SET last_message = ?1, last_message_at = ?2 WHERE id = ?3");
  if (newest.empty()) {
    update.bind(1, "{}").bind_null(2);
  } else {
    update.bind(1, sqlite::serialize_json(newest.front().doc)).bind(2, newest.front().ts);
  }
  update.bind(3, deleted.room_id).run();
}

void update_subscriptions_for(Connection& conn, const MessageRecord& m,
                              const MessageEffects& effects) {
  // Everyone but the sender, in one statement over the room's contiguous run of the
  // (room_id, user_id) primary key: for #general ~7,000 rows rewritten by one UPDATE, inside
  // the sender's job (~30 ms and ~0.6 MB of WAL; see the schema).
  if (effects.count_unread || effects.reopen || effects.group_mention) {
    conn.query(
            "UPDATE subscriptions SET "
            "unread = unread + ?1, "
            "alert = CASE WHEN ?1 THEN 1 ELSE alert END, "
            "open = CASE WHEN ?2 THEN 1 ELSE open END, "
            "group_mentions = group_mentions + ?3, "
            "updated_at = ?4 "
            "WHERE room_id = ?5 AND user_id <> ?6")
        .bind(1, int64_t{effects.count_unread})
        .bind(2, int64_t{effects.reopen})
        .bind(3, int64_t{effects.group_mention})
        .bind(4, m.updated_at)
        .bind(5, m.room_id)
        .bind(6, m.user_id)
        .run();
  }
  if (!effects.mentioned_user_ids.empty()) {
    // Mentioned members get unread += 1 even when the room does not count unread for
    // everyone, but never twice. A repeated id is matched once (IN is a set).
    conn.query(
            "UPDATE subscriptions SET "
            "user_mentions = user_mentions + 1, "
            "unread = unread + ?1, "
            "alert = 1, "
            "updated_at = ?2 "
            "WHERE room_id = ?3 AND user_id <> ?4 "
            "AND user_id IN (SELECT value FROM json_each(?5))")
        .bind(1, int64_t{effects.count_unread ? 0 : 1})
        .bind(2, m.updated_at)
        .bind(3, m.room_id)
        .bind(4, m.user_id)
        .bind(5, sqlite::string_list_to_json(effects.mentioned_user_ids))
        .run();
  }
}

// tcount += 1, tlm = ts, sender in replies; returns the written parent. A missing, deleted or
// undecodable parent is left alone: the reply itself is still stored.
std::optional<MessageRecord> update_thread_parent(Connection& conn, const MessageRecord& reply,
                                                  MalformedRows& malformed) {
  auto parent = live_message(conn, reply.thread_id, malformed);
  if (!parent) return std::nullopt;
  auto& doc = parent->doc;

  int64_t tcount = 0;
  if (const auto* existing = doc.if_contains("tcount")) {
    boost::system::error_code ec;
    const auto n = existing->to_number<int64_t>(ec);
    if (!ec) tcount = n;
  }
  doc["tcount"] = tcount + 1;
  doc["tlm"] = ejson_date(reply.ts);

  auto* replies = doc.if_contains("replies");
  if (replies == nullptr || !replies->is_array()) {
    doc["replies"] = boost::json::array();
    replies = doc.if_contains("replies");
  }
  auto& list = replies->as_array();
  bool present = false;
  for (const auto& uid : list) {
    if (uid.is_string() && uid.as_string() == reply.user_id) present = true;
  }
  if (!present) list.emplace_back(reply.user_id);

  // The updated_at column and the document's _updatedAt move together (the reply's write
  // stamp), so chat.syncMessages hands out a parent whose _updatedAt says it changed.
  parent->updated_at = reply.updated_at;
  doc["_updatedAt"] = ejson_date(parent->updated_at);
  sqlite::update_message_row(conn, *parent);
  return parent;
}

// The write stamp as a message's updated_at and doc `_updatedAt`.
void stamp_updated(MessageRecord& m, int64_t stamp) {
  m.updated_at = stamp;
  m.doc["_updatedAt"] = ejson_date(stamp);
}

// Reads every row of `q` into `out`, skipping (and counting) malformed ones.
void collect(Query& q, std::vector<MessageRecord>& out, MalformedRows& malformed) {
  while (q.step()) {
    if (auto m = sqlite::read_message_row(q, malformed)) out.push_back(std::move(*m));
  }
}

// `WHERE ...` of a history query; its parameters are bound by bind_history in the same order.
std::string history_filter(const HistoryQuery& query) {
  std::string where = "WHERE m.room_id = ? AND m.deleted_at IS NULL";
  if (query.latest) where += query.inclusive ? " AND m.ts <= ?" : " AND m.ts < ?";
  if (query.oldest) where += query.inclusive ? " AND m.ts >= ?" : " AND m.ts > ?";
  if (query.skip_thread_replies) {
    // CASE, not AND: json_extract raises on malformed JSON, and AND may evaluate either side.
    where +=
        " AND (m.thread_id IS NULL OR "
        "CASE WHEN json_valid(m.doc) THEN json_extract(m.doc, '$.tshow') IS 1 ELSE 0 END)";
  }
  if (query.pinned_only) {
    where +=
        " AND CASE WHEN json_valid(m.doc) THEN json_extract(m.doc, '$.pinned') IS 1 ELSE 0 END";
  }
  // The room's rows come from messages_by_room; these filters read each row's doc, which is
  // fine at a room's scale (they never scan other rooms).
  auto any_id_in = [&](const char* path, std::size_t ids) {
    where +=
        " AND EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(m.doc) THEN m.doc ELSE "
        "'{}' END, '";
    where += path;
    where += "') e WHERE json_extract(e.value, '$._id') IN (";
    for (std::size_t i = 0; i < ids; ++i) where += i ? ",?" : "?";
    where += "))";
  };
  if (!query.starred_by.empty()) any_id_in("$.starred", query.starred_by.size());
  if (!query.mentioning.empty()) any_id_in("$.mentions", query.mentioning.size());
  return where + " ";
}

int bind_history(Query& q, const HistoryQuery& query) {
  int index = 1;
  q.bind(index++, query.room_id);
  if (query.latest) q.bind(index++, *query.latest);
  if (query.oldest) q.bind(index++, *query.oldest);
  for (const auto& id : query.starred_by) q.bind(index++, id);
  for (const auto& id : query.mentioning) q.bind(index++, id);
  return index;
}

}  // namespace

AppendResult SqliteStore::append_message(const MessageRecord& message,
                                         const MessageEffects& effects, AfterAppend after_commit) {
  AppendResult result;
  auto job = [&](Connection& conn) -> WriteOutcome {
    // Checked inside the job: two appends of one id in one batch see each other.
    if (auto found = find_message(conn, message.id, *malformed_); found.exists) {
      result.inserted = false;
      if (found.message) {
        result.message = std::move(*found.message);
      } else {
        result.message.id = message.id;  // stored but undecodable (reported)
      }
      return {WriteStatus::kUnchanged};  // nothing written, and no after_commit
    }
    MessageRecord stored = message;
    stamp_updated(stored, writer_->stamp());
    if (effects.stamp_ts) {
      stored.ts = stored.updated_at;
      stored.doc["ts"] = ejson_date(stored.ts);
    }
    sqlite::insert_message_row(conn, stored);
    if (effects.update_room_last_message) update_room_for(conn, stored);
    update_subscriptions_for(conn, stored, effects);
    if (!stored.thread_id.empty()) result.parent = update_thread_parent(conn, stored, *malformed_);
    result.inserted = true;
    result.message = std::move(stored);
    return {WriteStatus::kOk, 1};
  };
  AfterCommit publish;
  if (after_commit) publish = [&] { after_commit(result); };
  writer_->run(job, std::move(publish));
  return result;
}

std::optional<MessageRecord> SqliteStore::message_by_id(std::string_view id) {
  auto conn = readers_->acquire();
  return find_message(*conn, id, *malformed_).message;
}

WriteStatus SqliteStore::modify_message(std::string_view id, const MessageMutation& mutation,
                                        MessageRecord* out, AfterCommit after_commit) {
  MessageRecord written;
  auto job = [&](Connection& conn) -> WriteOutcome {
    // A tombstone is gone as far as editing goes.
    auto current = live_message(conn, id, *malformed_);
    if (!current) return {WriteStatus::kNotFound};
    MessageRecord next = *current;
    if (!mutation(next)) return {WriteStatus::kUnchanged};
    next.id = current->id;
    stamp_updated(next, writer_->stamp());
    sqlite::update_message_row(conn, next);
    // An edit (or reaction) of the room's last message shows in lastMessage too.
    conn.query(
            "UPDATE rooms SET last_message = ?1 "
            "WHERE id = ?2 AND json_extract(last_message, '$._id') = ?3")
        .bind(1, sqlite::serialize_json(next.doc))
        .bind(2, next.room_id)
        .bind(3, next.id)
        .run();
    written = std::move(next);
    return {WriteStatus::kOk, 1};
  };
  // The hook may read *out: fill it first, on the writer, once the write has committed.
  AfterCommit publish;
  if (out != nullptr || after_commit) {
    publish = [&] {
      if (out != nullptr) *out = written;
      if (after_commit) after_commit();
    };
  }
  return writer_->run(job, std::move(publish)).status;
}

WriteStatus SqliteStore::delete_message(std::string_view id, AfterCommit after_commit) {
  return writer_
      ->run(
          [&](Connection& conn) -> WriteOutcome {
            auto current = live_message(conn, id, *malformed_);
            if (!current) return {WriteStatus::kNotFound};
            MessageRecord tombstone = *current;
            tombstone.deleted_at = writer_->stamp();
            tombstone.updated_at = writer_->stamp();
            tombstone.doc = boost::json::object{{"_id", current->id}, {"rid", current->room_id}};
            // The trigger on deleted_at removes it from messages_fts.
            sqlite::update_message_row(conn, tombstone);
            conn.query("UPDATE rooms SET msgs = msgs - 1 WHERE id = ?")
                .bind(1, current->room_id)
                .run();
            roll_back_last_message(conn, *current, *malformed_);
            return {WriteStatus::kOk, 1};
          },
          std::move(after_commit))
      .status;
}

int64_t SqliteStore::delete_messages(std::string_view room_id, const std::vector<std::string>& ids,
                                     AfterCommit after_commit) {
  return writer_
      ->run(
          [&](Connection& conn) -> WriteOutcome {
            int64_t deleted = 0;
            for (const auto& id : ids) {
              auto current = live_message(conn, id, *malformed_);
              if (!current || current->room_id != room_id) continue;
              MessageRecord tombstone = *current;
              tombstone.deleted_at = writer_->stamp();
              tombstone.updated_at = writer_->stamp();
              tombstone.doc = boost::json::object{{"_id", current->id}, {"rid", current->room_id}};
              sqlite::update_message_row(conn, tombstone);
              ++deleted;
              // Cheap unless this was the room's lastMessage; a replacement that is deleted
              // later in the loop is replaced again, so the newest survivor ends up there.
              roll_back_last_message(conn, *current, *malformed_);
            }
            if (deleted > 0) {
              conn.query("UPDATE rooms SET msgs = max(msgs - ?, 0) WHERE id = ?")
                  .bind(1, deleted)
                  .bind(2, room_id)
                  .run();
            }
            return {WriteStatus::kOk, deleted};
          },
          std::move(after_commit))
      .changed;
}

MessagePage SqliteStore::room_history(const HistoryQuery& query) {
  // One statement shape per combination of filters (and id-list length), each cached.
  // All are served by messages_by_room (room_id, deleted_at, ts): a page is a range scan
  // that stops after `count` rows, in index order (the rowid seq is the index's last key),
  // so its cost does not grow with the room. The total is the part that does: it reads the
  // room's whole range, which is why it is optional. Without an offset the page has no
  // OFFSET clause, so loadHistory's `ts < end ... LIMIT 50` skips nothing.
  const std::string where = history_filter(query);
  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);
  MessagePage page;
  if (query.count_total) {
    auto q = conn->query("SELECT count(*) FROM messages m " + where);
    bind_history(q, query);
    if (q.step()) page.total = q.integer(0).value_or(0);
  }
  const bool skips = query.offset > 0;
  auto q = conn->query(kMessageSelect + where +
                       (query.oldest_first ? "ORDER BY m.ts, m.seq LIMIT ?"
                                           : "ORDER BY m.ts DESC, m.seq DESC LIMIT ?") +
                       (skips ? " OFFSET ?" : ""));
  const int next = bind_history(q, query);
  q.bind(next, sqlite::sql_limit(query.count));
  if (skips) q.bind(next + 1, sqlite::sql_offset(query.offset));
  collect(q, page.messages, *malformed_);
  return page;
}

MessagePage SqliteStore::thread_messages(std::string_view thread_id, int64_t offset,
                                         int64_t count) {
  static const std::string kWhere = "WHERE m.thread_id = ? AND m.deleted_at IS NULL ";
  static const std::string kPage =
      kMessageSelect + kWhere + "ORDER BY m.ts, m.seq LIMIT ? OFFSET ?";
  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);
  MessagePage page;
  {
    auto q = conn->query("SELECT count(*) FROM messages m " + kWhere);
    q.bind(1, thread_id);
    if (q.step()) page.total = q.integer(0).value_or(0);
  }
  auto q = conn->query(kPage);
  q.bind(1, thread_id).bind(2, sqlite::sql_limit(count)).bind(3, sqlite::sql_offset(offset));
  collect(q, page.messages, *malformed_);
  return page;
}

std::vector<MessageRecord> SqliteStore::messages_updated_since(std::string_view room_id,
                                                               int64_t since) {
  // Tombstones belong to messages_deleted_since only.
  static const std::string kSql = kMessageSelect +
                                  "WHERE m.room_id = ? AND m.updated_at > ? "
                                  "AND m.deleted_at IS NULL ORDER BY m.ts DESC, m.seq DESC";
  auto conn = readers_->acquire();
  auto q = conn->query(kSql);
  q.bind(1, room_id).bind(2, since);
  std::vector<MessageRecord> out;
  collect(q, out, *malformed_);
  return out;
}

std::vector<MessageRecord> SqliteStore::messages_deleted_since(std::string_view room_id,
                                                               int64_t since) {
  static const std::string kSql = kMessageSelect +
                                  "WHERE m.room_id = ? AND m.deleted_at IS NOT NULL "
                                  "AND m.deleted_at > ? ORDER BY m.deleted_at, m.seq";
  auto conn = readers_->acquire();
  auto q = conn->query(kSql);
  q.bind(1, room_id).bind(2, since);
  std::vector<MessageRecord> out;
  collect(q, out, *malformed_);
  return out;
}

MessagePage SqliteStore::search_messages(std::string_view room_id, std::string_view text,
                                         int64_t offset, int64_t count) {
  MessagePage page;
  const auto match = sqlite::fts_match_expression(room_id, text);
  if (!match) return page;

  // The rid phrase narrows the match to the room inside FTS5; the room_id check makes it
  // exact (the tokenizer folds case, and ids are case-sensitive). CROSS JOIN keeps FTS5 as
  // the outer loop: left to itself the planner walks every live message of the room through
  // messages_by_room and probes the index once per message.
  static const std::string kFrom =
      "FROM messages_fts CROSS JOIN messages m ON m.seq = messages_fts.rowid "
      "WHERE messages_fts MATCH ? AND m.room_id = ? AND m.deleted_at IS NULL ";
  static const std::string kPage = kMessageSelect.substr(0, kMessageSelect.find(" FROM ")) + " " +
                                   kFrom + "ORDER BY m.ts DESC, m.seq DESC LIMIT ? OFFSET ?";
  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);
  {
    auto q = conn->query("SELECT count(*) " + kFrom);
    q.bind(1, *match).bind(2, room_id);
    if (q.step()) page.total = q.integer(0).value_or(0);
  }
  auto q = conn->query(kPage);
  q.bind(1, *match)
      .bind(2, room_id)
      .bind(3, sqlite::sql_limit(count))
      .bind(4, sqlite::sql_offset(offset));
  collect(q, page.messages, *malformed_);
  return page;
}

}  // namespace parley::store
