// SqliteStore, rooms and messages: what only SQLite has. The upgrade from a version-1 file,
// malformed rows, the full-text index staying in step with messages (also under hand edits),
// the query plans the workload depends on, and the FTS5 expression builder.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/fts_query.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace parley::store {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr int64_t kT0 = 1'700'000'000'000;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "parley-rooms-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Raw SQL against the file, bypassing the store.
class RawDb {
 public:
  explicit RawDb(const fs::path& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("raw open");
  }
  ~RawDb() { sqlite3_close(db_); }
  void exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error != nullptr ? error : "?";
      sqlite3_free(error);
      throw std::runtime_error("raw exec: " + message + " in " + sql);
    }
  }
  // Every row's columns joined by '|'.
  std::vector<std::string> rows(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("raw prepare: ") + sqlite3_errmsg(db_));
    }
    std::vector<std::string> out;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        if (i > 0) row += '|';
        const auto* text = sqlite3_column_text(stmt, i);
        row += text != nullptr ? reinterpret_cast<const char*>(text) : "NULL";
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    return out;
  }
  std::string text(const std::string& sql) {
    auto all = rows(sql);
    return all.empty() ? std::string() : all.front();
  }

 private:
  sqlite3* db_ = nullptr;
};

RoomRecord make_room(const std::string& id, const std::string& type, const std::string& name) {
  RoomRecord r;
  r.id = id;
  r.type = type;
  r.name = name;
  r.created_at = kT0;
  r.updated_at = kT0;
  return r;
}

SubscriptionRecord make_sub(const std::string& room, const std::string& user,
                            const std::string& username) {
  SubscriptionRecord s;
  s.id = "s-" + room + "-" + user;
  s.room_id = room;
  s.user_id = user;
  s.username = username;
  s.room_type = "c";
  s.created_at = kT0;
  s.updated_at = kT0;
  return s;
}

MessageRecord make_message(const std::string& id, const std::string& room, const std::string& user,
                           int64_t ts, const std::string& text) {
  MessageRecord m;
  m.id = id;
  m.room_id = room;
  m.user_id = user;
  m.ts = ts;
  m.updated_at = ts;
  m.doc = {{"_id", id}, {"rid", room}, {"msg", text}, {"_updatedAt", {{"$date", ts}}}};
  return m;
}

class SqliteRoomsTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteStore> open() {
    SqliteOptions options;
    options.path = path_.string();
    options.synchronous = SqliteOptions::Synchronous::kNormal;
    options.clock = &clock_;
    return std::make_unique<SqliteStore>(options, registry_);
  }
  uint64_t malformed() {
    return registry_.counter("parley_store_malformed_rows_total", "").value();
  }
  // The rowids the full-text index holds, and the rowids it should hold.
  std::set<std::string> fts_rowids() {
    auto rows = RawDb(path_).rows("SELECT rowid FROM messages_fts");
    return {rows.begin(), rows.end()};
  }
  std::set<std::string> live_rowids() {
    auto rows = RawDb(path_).rows("SELECT seq FROM messages WHERE deleted_at IS NULL");
    return {rows.begin(), rows.end()};
  }

  TempDir dir_;
  fs::path path_ = dir_.path() / "parley.db";
  metrics::Registry registry_;
  util::FakeClock clock_;  // stamps the writes (store.hpp)
};

// --- upgrade ---------------------------------------------------------------------------------

TEST_F(SqliteRoomsTest, UpgradesAVersionOneDatabaseKeepingUsersAndTokens) {
  {
    sqlite::Connection conn(path_.string(), sqlite::Connection::Mode::kReadWrite, 1000);
    conn.exec("PRAGMA journal_mode = WAL");
    sqlite::migrate(conn, sqlite::embedded_migrations().first(1));
    ASSERT_EQ(sqlite::schema_version(conn), 1);
  }
  {
    RawDb raw(path_);
    // Rows as a version-1 build wrote them.
    raw.exec(
        "INSERT INTO users (id, username, name, created_at, updated_at, roles) VALUES "
        "('AAAAAAAAAAAAAAAA1', 'Ada', 'Ada L', 1, 2, '[\"admin\",\"user\"]')");
    raw.exec(
        "INSERT INTO user_emails (address, user_id, verified, position) VALUES "
        "('ada@example.com', 'AAAAAAAAAAAAAAAA1', 1, 0)");
    raw.exec(
        "INSERT INTO login_tokens (hashed_token, user_id, created_at, expires_at) VALUES "
        "('hash-ada', 'AAAAAAAAAAAAAAAA1', 1, 9000)");
  }

  auto store = open();
  EXPECT_EQ(RawDb(path_).text("PRAGMA user_version"),
            std::to_string(sqlite::embedded_migrations().back().version));
  auto ada = store->user_by_token("hash-ada", 100);
  ASSERT_TRUE(ada.has_value());
  EXPECT_EQ(ada->username, "Ada");
  EXPECT_EQ(ada->roles, (std::vector<std::string>{"admin", "user"}));
  ASSERT_EQ(ada->emails.size(), 1u);
  EXPECT_EQ(ada->emails[0].address, "ada@example.com");
  EXPECT_TRUE(store->any_admin());

  // The new tables work on the upgraded file.
  ASSERT_EQ(store->insert_room(make_room("GENERAL", "c", "general"),
                               {make_sub("GENERAL", "AAAAAAAAAAAAAAAA1", "Ada")}),
            WriteStatus::kOk);
  ASSERT_TRUE(
      store->append_message(make_message("m1", "GENERAL", "AAAAAAAAAAAAAAAA1", kT0, "first!"), {})
          .inserted);
  EXPECT_EQ(store->search_messages("GENERAL", "first", 0, 0).total, 1);
  EXPECT_EQ(store->room_by_name("General")->users_count, 1);
}

// --- malformed rows --------------------------------------------------------------------------

TEST_F(SqliteRoomsTest, MalformedRoomsAndSubscriptionsAreSkippedAndCounted) {
  auto store = open();
  for (const char* id : {"r1", "r2", "r3"}) {
    ASSERT_EQ(store->insert_room(make_room(id, "c", std::string("room-") + id),
                                 {make_sub(id, "u1", "alice"), make_sub(id, "u2", "bob")}),
              WriteStatus::kOk);
  }
  {
    RawDb raw(path_);
    raw.exec("UPDATE rooms SET doc = '{not json' WHERE id = 'r2'");
    raw.exec("UPDATE rooms SET last_message = '[1,2]' WHERE id = 'r3'");
    raw.exec(
        "UPDATE subscriptions SET roles = '{\"owner\":1}' WHERE room_id = 'r1' AND user_id = 'u2'");
    raw.exec("UPDATE subscriptions SET unread = 'many' WHERE room_id = 'r1' AND user_id = 'u1'");
  }
  const uint64_t before = malformed();
  EXPECT_FALSE(store->room_by_id("r2").has_value());
  EXPECT_FALSE(store->room_by_name("room-r3").has_value());
  EXPECT_EQ(malformed(), before + 2);

  RoomPage rooms = store->list_rooms({}, 0, 0);
  ASSERT_EQ(rooms.rooms.size(), 1u);
  EXPECT_EQ(rooms.rooms[0].id, "r1");
  EXPECT_EQ(rooms.total, 3) << "total counts rows, malformed ones included";

  EXPECT_FALSE(store->subscription("r1", "u2").has_value());
  SubscriptionPage members = store->room_members("r1", 0, 0);
  EXPECT_TRUE(members.subscriptions.empty());
  EXPECT_EQ(members.total, 2);
  EXPECT_EQ(store->subscriptions_of_user("u2", std::nullopt).size(), 2u) << "r2 and r3 are fine";
  EXPECT_EQ(store->room_member_ids("r1").size(), 2u) << "ids alone are still readable";

  // Writes that read the bad row first report it as missing instead of writing garbage.
  EXPECT_EQ(store->modify_room("r2", [](RoomRecord&) { return true; }), WriteStatus::kNotFound);
  EXPECT_EQ(store->modify_subscription("r1", "u1", [](SubscriptionRecord&) { return true; }),
            WriteStatus::kNotFound);
  EXPECT_GT(malformed(), before + 2);
}

TEST_F(SqliteRoomsTest, MalformedMessagesAreSkippedAndCounted) {
  auto store = open();
  ASSERT_EQ(store->insert_room(make_room("r1", "c", "room"), {}), WriteStatus::kOk);
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(store
                    ->append_message(make_message("m" + std::to_string(i), "r1", "u1", kT0 + i,
                                                  "text " + std::to_string(i)),
                                     {})
                    .inserted);
  }
  RawDb(path_).exec("UPDATE messages SET doc = 'garbage' WHERE id = 'm2'");
  RawDb(path_).exec("UPDATE messages SET ts = 'noon' WHERE id = 'm3'");
  const uint64_t before = malformed();

  EXPECT_FALSE(store->message_by_id("m2").has_value());
  HistoryQuery query;
  query.room_id = "r1";
  query.count = 0;
  query.skip_thread_replies = true;
  MessagePage history = store->room_history(query);
  ASSERT_EQ(history.messages.size(), 1u);
  EXPECT_EQ(history.messages[0].id, "m1");
  EXPECT_GT(malformed(), before);

  // Re-sending a malformed message's id is still idempotent, and applies nothing.
  AppendResult again = store->append_message(make_message("m2", "r1", "u1", kT0 + 9, "x"), {});
  EXPECT_FALSE(again.inserted);
  EXPECT_EQ(again.message.id, "m2");
  EXPECT_EQ(store->room_by_id("r1")->msgs, 3);

  EXPECT_EQ(store->modify_message("m2", [](MessageRecord&) { return true; }),
            WriteStatus::kNotFound);
  EXPECT_EQ(store->delete_message("m2"), WriteStatus::kNotFound);

  // A malformed thread parent is left alone; the reply is stored.
  MessageRecord reply = make_message("m4", "r1", "u2", kT0 + 4, "reply");
  reply.thread_id = "m2";
  EXPECT_TRUE(store->append_message(reply, {}).inserted);
  EXPECT_EQ(RawDb(path_).text("SELECT doc FROM messages WHERE id = 'm2'"), "garbage");
}

TEST_F(SqliteRoomsTest, SubscriptionToAMissingRoomIsNotFound) {
  auto store = open();
  EXPECT_EQ(store->insert_subscription(make_sub("nowhere", "u1", "alice")), WriteStatus::kNotFound);
  EXPECT_FALSE(store->subscription("nowhere", "u1").has_value());
}

// --- the full-text index ---------------------------------------------------------------------

TEST_F(SqliteRoomsTest, SearchIndexFollowsEveryKindOfChange) {
  auto store = open();
  ASSERT_EQ(store->insert_room(make_room("r1", "c", "one"), {}), WriteStatus::kOk);
  ASSERT_EQ(store->insert_room(make_room("r2", "c", "two"), {}), WriteStatus::kOk);
  for (int i = 1; i <= 6; ++i) {
    MessageRecord m = make_message("m" + std::to_string(i), "r1", "u1", kT0 + i, "apple pie");
    if (i == 4) m.doc.erase("msg");  // an attachment-only message
    if (i == 5) m.doc["msg"] = 42;   // not a string
    if (i == 6) m.thread_id = "m1";  // a reply: the parent's doc changes, its text does not
    ASSERT_TRUE(store->append_message(m, {}).inserted);
  }
  ASSERT_EQ(store->modify_message("m2",
                                  [](MessageRecord& m) {
                                    m.doc["msg"] = "banana split";
                                    return true;
                                  }),
            WriteStatus::kOk);
  ASSERT_EQ(store->delete_message("m3"), WriteStatus::kOk);
  EXPECT_EQ(fts_rowids(), live_rowids());

  EXPECT_EQ(store->search_messages("r1", "apple", 0, 0).total, 2);  // m1, m6
  EXPECT_EQ(store->search_messages("r1", "banana", 0, 0).total, 1);
  EXPECT_EQ(store->search_messages("r1", "42", 0, 0).total, 1);

  // An operator's hand edits go through the triggers too.
  {
    RawDb raw(path_);
    raw.exec("UPDATE messages SET doc = json_set(doc, '$.msg', 'cherry') WHERE id = 'm1'");
    raw.exec("UPDATE messages SET room_id = 'r2' WHERE id = 'm6'");
    raw.exec("DELETE FROM messages WHERE id = 'm2'");
    raw.exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
  }
  EXPECT_EQ(fts_rowids(), live_rowids());
  EXPECT_EQ(store->search_messages("r1", "cherry", 0, 0).total, 1);
  EXPECT_EQ(store->search_messages("r1", "apple", 0, 0).total, 0);
  EXPECT_EQ(store->search_messages("r2", "apple", 0, 0).total, 1);
  EXPECT_EQ(store->search_messages("r1", "banana", 0, 0).total, 0);
}

// --- the search index of an import (import_queries.cpp, migration 0012) -------------------

ImportBatch import_of(const std::string& room, int first, int last, const std::string& text) {
  ImportBatch batch;
  for (int i = first; i <= last; ++i) {
    batch.messages.push_back(
        make_message("i" + std::to_string(i), room, "u1", kT0 + i, text + " " + std::to_string(i)));
  }
  return batch;
}

TEST_F(SqliteRoomsTest, AnImportIsSearchableOnceItsIndexIsBuiltInOnePass) {
  auto store = open();
  ImportBatch rooms;
  rooms.rooms = {make_room("r1", "c", "one")};
  ASSERT_EQ(store->import_batch(rooms), WriteStatus::kOk);
  ASSERT_TRUE(
      store->append_message(make_message("before", "r1", "u1", kT0, "apple early"), {}).inserted);
  ASSERT_EQ(store->import_batch(import_of("r1", 1, 3, "apple pie")), WriteStatus::kOk);
  ASSERT_EQ(store->import_batch(import_of("r1", 4, 6, "apple tart")), WriteStatus::kOk);

  // In history at once, in search not yet (only the message written before the import).
  HistoryQuery all;
  all.room_id = "r1";
  all.count = 0;
  EXPECT_EQ(store->room_history(all).total, 7);
  EXPECT_EQ(store->search_messages("r1", "apple", 0, 0).total, 1);
  EXPECT_EQ(RawDb(path_).text("SELECT from_seq FROM messages_fts_backlog"),
            RawDb(path_).text("SELECT seq FROM messages WHERE id = 'i1'"))
      << "the second batch keeps the backlog the first one opened";

  // Changes to rows still waiting must not reach the index (a contentless index cannot
  // forget a row it never held), whoever makes them; a message sent meanwhile waits too.
  ASSERT_EQ(store->modify_message("i2",
                                  [](MessageRecord& m) {
                                    m.doc["msg"] = "banana split";
                                    return true;
                                  }),
            WriteStatus::kOk);
  ASSERT_EQ(store->delete_message("i3"), WriteStatus::kOk);  // a tombstone
  RawDb(path_).exec("DELETE FROM messages WHERE id = 'i4'");
  ASSERT_TRUE(store->append_message(make_message("during", "r1", "u1", kT0 + 50, "apple late"), {})
                  .inserted);
  EXPECT_EQ(store->search_messages("r1", "banana", 0, 0).total, 0);

  EXPECT_EQ(store->finish_import(), 5);  // i1, i2, i5, i6 and "during"; not i3 nor i4
  EXPECT_EQ(fts_rowids(), live_rowids());
  RawDb(path_).exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
  EXPECT_EQ(RawDb(path_).rows("SELECT * FROM messages_fts_backlog").size(), 0u);
  EXPECT_EQ(store->search_messages("r1", "apple", 0, 0).total, 5);  // before, i1, i5, i6, during
  EXPECT_EQ(store->search_messages("r1", "banana", 0, 0).total, 1);
  EXPECT_EQ(store->search_messages("r1", "tart", 0, 0).total, 2);
  EXPECT_EQ(store->finish_import(), 0) << "nothing left";

  // After the backlog closes the triggers are back in charge.
  ASSERT_EQ(store->delete_message("i5"), WriteStatus::kOk);
  EXPECT_EQ(fts_rowids(), live_rowids());
  EXPECT_EQ(store->search_messages("r1", "tart", 0, 0).total, 1);
}

TEST_F(SqliteRoomsTest, AnImportCutShortIsIndexedWhenTheStoreIsNextOpened) {
  {
    auto store = open();
    ImportBatch first = import_of("r1", 1, 3, "apple pie");
    first.rooms = {make_room("r1", "c", "one")};
    ASSERT_EQ(store->import_batch(first), WriteStatus::kOk);
    ASSERT_EQ(store->finish_import(), 3);
    ASSERT_EQ(store->import_batch(import_of("r1", 4, 6, "cherry pie")), WriteStatus::kOk);
    // The process dies here, before finish_import.
  }
  EXPECT_NE(fts_rowids(), live_rowids());
  auto store = open();
  EXPECT_EQ(fts_rowids(), live_rowids());
  EXPECT_EQ(RawDb(path_).rows("SELECT * FROM messages_fts_backlog").size(), 0u);
  EXPECT_EQ(store->search_messages("r1", "pie", 0, 0).total, 6);
  EXPECT_EQ(store->search_messages("r1", "cherry", 0, 0).total, 3);
}

// A crash between two of finish_import's chunks: the first chunk's rows are indexed and the
// backlog starts after them (what that chunk's commit leaves); the next open indexes the rest.
TEST_F(SqliteRoomsTest, AnIndexPassCutShortBetweenChunksIsResumedWhenTheStoreIsNextOpened) {
  {
    auto store = open();
    ImportBatch batch = import_of("r1", 1, 6, "apple pie");
    batch.rooms = {make_room("r1", "c", "one")};
    ASSERT_EQ(store->import_batch(batch), WriteStatus::kOk);
  }
  {
    RawDb raw(path_);
    const std::string from = raw.text("SELECT seq FROM messages WHERE id = 'i4'");
    raw.exec(
        "INSERT INTO messages_fts (rowid, rid, msg) SELECT seq, room_id, "
        "json_extract(doc, '$.msg') FROM messages WHERE seq < " +
        from);
    raw.exec("UPDATE messages_fts_backlog SET from_seq = " + from);
    // A row of the indexed part changes meanwhile: the triggers handle it, as any row below
    // the backlog.
    raw.exec("UPDATE messages SET doc = json_set(doc, '$.msg', 'cherry') WHERE id = 'i2'");
  }
  auto store = open();
  EXPECT_EQ(fts_rowids(), live_rowids());
  RawDb(path_).exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
  EXPECT_EQ(store->search_messages("r1", "apple", 0, 0).total, 5);
  EXPECT_EQ(store->search_messages("r1", "cherry", 0, 0).total, 1);
  EXPECT_EQ(RawDb(path_).rows("SELECT * FROM messages_fts_backlog").size(), 0u);
}

// A failed batch takes its backlog with it: nothing waits for an index that has no rows.
TEST_F(SqliteRoomsTest, ARefusedImportBatchOpensNoBacklog) {
  auto store = open();
  ImportBatch batch = import_of("r1", 1, 2, "apple");
  batch.messages.push_back(batch.messages.front());  // duplicate id
  EXPECT_EQ(store->import_batch(batch), WriteStatus::kDuplicateId);
  EXPECT_EQ(RawDb(path_).rows("SELECT * FROM messages_fts_backlog").size(), 0u);
  ASSERT_TRUE(store->append_message(make_message("m1", "r1", "u1", kT0, "apple"), {}).inserted);
  EXPECT_EQ(store->search_messages("r1", "apple", 0, 0).total, 1);
}

TEST_F(SqliteRoomsTest, ThreadParentKeepsItsUpdatedAtInTheDocument) {
  auto store = open();
  ASSERT_EQ(store->insert_room(make_room("r1", "c", "one"), {}), WriteStatus::kOk);
  ASSERT_TRUE(store->append_message(make_message("p", "r1", "u1", kT0, "parent"), {}).inserted);
  MessageRecord reply = make_message("c", "r1", "u2", kT0 + 7, "child");
  reply.thread_id = "p";
  clock_.set_ms(kT0 + 7);  // the reply's write stamp
  auto appended = store->append_message(reply, {});
  ASSERT_TRUE(appended.inserted);
  auto parent = store->message_by_id("p");
  ASSERT_TRUE(parent.has_value());
  EXPECT_EQ(parent->updated_at, kT0 + 7);
  EXPECT_EQ(parent->doc.at("_updatedAt"), (json::object{{"$date", kT0 + 7}}));
  ASSERT_TRUE(appended.parent.has_value()) << "the written parent comes back";
  EXPECT_EQ(appended.parent->doc, parent->doc);
}

TEST_F(SqliteRoomsTest, ALateOlderMessageDoesNotBecomeTheLastMessage) {
  auto store = open();
  ASSERT_EQ(store->insert_room(make_room("r1", "c", "one"), {}), WriteStatus::kOk);
  ASSERT_TRUE(store->append_message(make_message("new", "r1", "u1", kT0 + 20, "new"), {}).inserted);
  clock_.set_ms(kT0 + 30);
  ASSERT_TRUE(store->append_message(make_message("old", "r1", "u2", kT0 + 10, "old"), {}).inserted);
  auto room = store->room_by_id("r1");
  EXPECT_EQ(room->msgs, 2);
  EXPECT_EQ(room->last_message_at, kT0 + 20);
  EXPECT_EQ(room->last_message.at("_id"), "new");
  EXPECT_EQ(room->updated_at, kT0 + 30) << "the room changed (msgs) when the old one arrived";
}

// --- query plans -----------------------------------------------------------------------------
// The statements below mirror the shapes in room_queries.cpp and message_queries.cpp. At 2.4M
// messages and 160k subscriptions a lost index is a full scan per request; these catch a
// schema change that would silently cause one.

std::string plan_of(RawDb& raw, const std::string& sql) {
  std::string plan;
  for (const auto& row : raw.rows("EXPLAIN QUERY PLAN " + sql)) plan += row + "\n";
  return plan;
}

TEST_F(SqliteRoomsTest, HotQueriesUseTheirIndexes) {
  open();
  RawDb raw(path_);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"SELECT * FROM messages m WHERE m.room_id = 'r' AND m.deleted_at IS NULL AND m.ts < 5 "
       "ORDER BY m.ts DESC, m.seq DESC LIMIT 50",
       "USING INDEX messages_by_room (room_id=? AND deleted_at=? AND ts<?)"},
      {"SELECT count(*) FROM messages m WHERE m.room_id = 'r' AND m.deleted_at IS NULL "
       "AND m.ts >= 1",
       "USING COVERING INDEX messages_by_room (room_id=? AND deleted_at=? AND ts>?)"},
      {"SELECT * FROM messages m WHERE m.thread_id = 't' AND m.deleted_at IS NULL "
       "ORDER BY m.ts, m.seq",
       "USING INDEX messages_by_thread (thread_id=?)"},
      {"SELECT * FROM messages m WHERE m.room_id = 'r' AND m.updated_at > 5 "
       "AND m.deleted_at IS NULL",
       "USING INDEX messages_by_room_updated (room_id=? AND updated_at>?)"},
      {"SELECT * FROM messages m WHERE m.room_id = 'r' AND m.deleted_at IS NOT NULL "
       "AND m.deleted_at > 5",
       "USING INDEX messages_by_room (room_id=? AND deleted_at>?)"},
      {"SELECT * FROM messages m WHERE m.id = 'x'", "USING INDEX sqlite_autoindex_messages_1"},
      {"SELECT m.id FROM messages_fts CROSS JOIN messages m ON m.seq = messages_fts.rowid "
       "WHERE messages_fts MATCH 'x' AND m.room_id = 'r' AND m.deleted_at IS NULL",
       "SEARCH m USING INTEGER PRIMARY KEY (rowid=?)"},
      {"UPDATE subscriptions SET unread = unread + 1 WHERE room_id = 'r' AND user_id <> 'u'",
       "(room_id=?)"},
      {"UPDATE subscriptions SET user_mentions = user_mentions + 1 WHERE room_id = 'r' "
       "AND user_id <> 'u' AND user_id IN (SELECT value FROM json_each('[\"a\"]'))",
       "room_id=?"},
      {"SELECT * FROM subscriptions s WHERE s.room_id = 'r' ORDER BY s.username LIMIT 50",
       "USING INDEX subscriptions_by_room_username (room_id=?)"},
      {"SELECT user_id FROM subscriptions WHERE room_id = 'r'", "(room_id=?)"},
      {"SELECT * FROM subscriptions s WHERE s.user_id = 'u' AND s.updated_at > 5 "
       "ORDER BY s.updated_at",
       "USING INDEX subscriptions_by_user (user_id=?)"},
      {"SELECT * FROM rooms r WHERE r.name = 'x' AND r.name <> ''",
       "USING INDEX rooms_by_name (name=?)"},
      {"SELECT * FROM rooms r WHERE r.type IN ('c') ORDER BY r.name, r.id",
       "USING INDEX rooms_by_type (type=?)"},
  };
  for (const auto& [sql, index] : expected) {
    const std::string plan = plan_of(raw, sql);
    EXPECT_NE(plan.find(index), std::string::npos) << sql << "\n" << plan;
    for (const auto& row : raw.rows("EXPLAIN QUERY PLAN " + sql)) {
      const bool full_scan =
          row.find("SCAN ") != std::string::npos && row.find("VIRTUAL TABLE") == std::string::npos;
      EXPECT_FALSE(full_scan) << sql << "\n" << plan;
    }
  }
  // Pages come out of the index in order: no sort of a whole room before LIMIT applies.
  for (const char* sql :
       {"SELECT * FROM messages m WHERE m.room_id = 'r' AND m.deleted_at IS NULL "
        "ORDER BY m.ts DESC, m.seq DESC LIMIT 50",
        "SELECT * FROM messages m WHERE m.thread_id = 't' AND m.deleted_at IS NULL "
        "ORDER BY m.ts, m.seq LIMIT 50",
        "SELECT * FROM subscriptions s WHERE s.room_id = 'r' ORDER BY s.username LIMIT 50"}) {
    const std::string plan = plan_of(raw, sql);
    EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << sql << "\n" << plan;
  }
}

// --- FTS5 expressions ------------------------------------------------------------------------

TEST(FtsQueryTest, QuotesEveryWordAndTheRoom) {
  using sqlite::fts_match_expression;
  EXPECT_EQ(fts_match_expression("GENERAL", "hello world"),
            "rid : \"GENERAL\" AND msg : \"hello\" AND msg : \"world\"");
  EXPECT_EQ(fts_match_expression("r\"1", "say \"hi\""),
            "rid : \"r\"\"1\" AND msg : \"say\" AND msg : \"\"\"hi\"\"\"");
  EXPECT_EQ(fts_match_expression("r", "  tabs\tand\nnewlines  "),
            "rid : \"r\" AND msg : \"tabs\" AND msg : \"and\" AND msg : \"newlines\"");
  EXPECT_EQ(fts_match_expression("r", "OR NOT * ^ ( )"),
            "rid : \"r\" AND msg : \"OR\" AND msg : \"NOT\"");
  EXPECT_EQ(fts_match_expression("r", "日本語 — ok"),
            "rid : \"r\" AND msg : \"日本語\" AND msg : \"ok\"");
  for (const char* nothing : {"", "   ", "...", "\"\"", "— … «»", "🎉🎉", "_ - +"}) {
    EXPECT_FALSE(fts_match_expression("r", nothing).has_value()) << nothing;
  }
}

TEST(FtsQueryTest, WordCharacters) {
  using sqlite::has_word_character;
  EXPECT_TRUE(has_word_character("a"));
  EXPECT_TRUE(has_word_character("..9.."));
  EXPECT_TRUE(has_word_character("é"));
  EXPECT_TRUE(has_word_character("Ж"));
  EXPECT_TRUE(has_word_character("\xff"));  // not UTF-8: left for the tokenizer to judge
  EXPECT_FALSE(has_word_character("!?"));
  EXPECT_FALSE(has_word_character("\xc2\xab"));          // «
  EXPECT_FALSE(has_word_character("\xe2\x80\x94"));      // —
  EXPECT_FALSE(has_word_character("\xf0\x9f\x8e\x89"));  // 🎉
}

}  // namespace
}  // namespace parley::store
