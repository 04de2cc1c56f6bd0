// SqliteStore: the conformance suite on a temporary file, plus what only SQLite has (files,
// schema versions, WAL, raw corruption) and the writer's batch semantics.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/writer.hpp"
#include "unit/store_conformance.hpp"

namespace parley::store {
namespace {

namespace fs = std::filesystem;

// One directory per test process, removed when the process exits.
class TempRoot {
 public:
  TempRoot() {
    std::string pattern = (fs::temp_directory_path() / "parley-store-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempRoot() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  // A path no earlier call returned.
  fs::path fresh(const std::string& stem) {
    return path_ / (stem + "-" + std::to_string(next_++) + ".db");
  }

 private:
  fs::path path_;
  std::atomic<int> next_{0};
};

TempRoot& temp_root() {
  static TempRoot root;
  return root;
}

std::unique_ptr<Store> make_sqlite_store(metrics::Registry& registry, const util::Clock& clock) {
  SqliteOptions options;
  options.path = temp_root().fresh("conformance");
  options.clock = &clock;
  return std::make_unique<SqliteStore>(options, registry);
}

using conformance::StoreConformance;
INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance,
                         ::testing::Values(conformance::StoreFactory{"sqlite", make_sqlite_store}),
                         StoreConformance::name_of);

// Raw SQL against the file, bypassing the store: how the tests corrupt and inspect it.
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
      throw std::runtime_error("raw exec: " + message);
    }
  }
  std::string text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

UserRecord make_user(const std::string& id, const std::string& username) {
  UserRecord u;
  u.id = id;
  u.username = username;
  u.emails = {{username + "@example.com", true}};
  u.roles = {"user"};
  u.created_at = 1'700'000'000'000;
  u.updated_at = 1'700'000'000'000;
  return u;
}

int newest_migration() {
  return sqlite::embedded_migrations().back().version;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteStore> open() {
    return std::make_unique<SqliteStore>(SqliteOptions{.path = path_.string()}, registry_);
  }
  uint64_t malformed() {
    return registry_.counter("parley_store_malformed_rows_total", "").value();
  }

  fs::path path_ = temp_root().fresh("sqlite");
  metrics::Registry registry_;
};

TEST_F(SqliteStoreTest, ReopeningTheFileKeepsEverything) {
  {
    auto store = open();
    ASSERT_EQ(store->insert_user(make_user("AAAAAAAAAAAAAAAA1", "quinn")), WriteStatus::kOk);
    ASSERT_EQ(store->add_login_token({"tok", "AAAAAAAAAAAAAAAA1", 1, 9'000}), WriteStatus::kOk);
    ASSERT_EQ(store->set_last_login("AAAAAAAAAAAAAAAA1", 4'242), WriteStatus::kOk);
  }
  auto store = open();
  auto user = store->user_by_token("tok", 0);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->username, "quinn");
  EXPECT_EQ(user->last_login, 4'242);
  ASSERT_EQ(user->emails.size(), 1u);
  EXPECT_EQ(user->emails[0].address, "quinn@example.com");
}

TEST_F(SqliteStoreTest, NewDatabaseIsAtTheNewestSchemaVersion) {
  open();
  EXPECT_EQ(RawDb(path_).text("PRAGMA user_version"), std::to_string(newest_migration()));
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromANewerBuild) {
  open();
  const int future = newest_migration() + 2;
  RawDb(path_).exec("PRAGMA user_version = " + std::to_string(future));

  try {
    open();
    FAIL() << "a newer schema must be refused";
  } catch (const std::runtime_error& e) {
    const std::string expected = "database schema version " + std::to_string(future) +
                                 " is newer than this parley build supports (" +
                                 std::to_string(newest_migration()) +
                                 "); upgrade parley or restore a backup";
    EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
  }
  // Refusing must not have touched the file.
  EXPECT_EQ(RawDb(path_).text("PRAGMA user_version"), std::to_string(future));
}

TEST_F(SqliteStoreTest, MalformedRowsAreSkippedAndCounted) {
  auto store = open();
  for (const auto& [id, name] :
       std::vector<std::pair<std::string, std::string>>{{"AAAAAAAAAAAAAAAA1", "good"},
                                                        {"AAAAAAAAAAAAAAAA2", "badroles"},
                                                        {"AAAAAAAAAAAAAAAA3", "badtime"},
                                                        {"AAAAAAAAAAAAAAAA4", "bademail"}}) {
    UserRecord u = make_user(id, name);
    u.roles = {"user", "admin"};
    ASSERT_EQ(store->insert_user(u), WriteStatus::kOk);
  }
  {
    RawDb raw(path_);
    raw.exec("UPDATE users SET roles = 'not json [' WHERE username = 'badroles'");
    raw.exec("UPDATE users SET created_at = 'yesterday' WHERE username = 'badtime'");
    raw.exec("UPDATE user_emails SET verified = 'yes' WHERE address = 'bademail@example.com'");
  }

  const uint64_t before = malformed();
  EXPECT_FALSE(store->user_by_id("AAAAAAAAAAAAAAAA2").has_value());
  EXPECT_FALSE(store->user_by_username("badtime").has_value());
  EXPECT_EQ(malformed(), before + 2);

  // The bad email row is dropped; the user itself is fine.
  auto user = store->user_by_id("AAAAAAAAAAAAAAAA4");
  ASSERT_TRUE(user.has_value());
  EXPECT_TRUE(user->emails.empty());
  EXPECT_EQ(malformed(), before + 3);

  UserPage page = store->list_users(0, 0);
  std::vector<std::string> names;
  for (const auto& u : page.users) names.push_back(u.username);
  EXPECT_EQ(names, (std::vector<std::string>{"bademail", "good"}));
  EXPECT_EQ(page.total, 4) << "total counts rows, malformed ones included";
  EXPECT_GT(malformed(), before + 3);

  EXPECT_TRUE(store->any_admin());
  EXPECT_NE(registry_.render().find("parley_store_malformed_rows_total"), std::string::npos);
}

TEST_F(SqliteStoreTest, AnyAdminIgnoresAMalformedAdmin) {
  auto store = open();
  UserRecord admin = make_user("AAAAAAAAAAAAAAAA1", "root");
  admin.roles = {"admin"};
  ASSERT_EQ(store->insert_user(admin), WriteStatus::kOk);
  RawDb(path_).exec("UPDATE users SET roles = '[\"admin\"' WHERE id = 'AAAAAAAAAAAAAAAA1'");
  EXPECT_FALSE(store->any_admin());
  EXPECT_EQ(malformed(), 1u);
}

TEST_F(SqliteStoreTest, RunsInWalMode) {
  auto store = open();
  ASSERT_EQ(store->insert_user(make_user("AAAAAAAAAAAAAAAA1", "wal")), WriteStatus::kOk);
  EXPECT_EQ(RawDb(path_).text("PRAGMA journal_mode"), "wal");
  EXPECT_TRUE(fs::exists(path_.string() + "-wal"));
}

TEST_F(SqliteStoreTest, CreatesAMissingParentDirectory) {
  path_ = path_.parent_path() / "nested" / "deeper" / "parley.db";
  auto store = open();
  EXPECT_TRUE(fs::exists(path_));
  EXPECT_TRUE(store->reachable());
}

TEST_F(SqliteStoreTest, UnopenablePathIsAClearError) {
  const fs::path file = temp_root().fresh("plain-file");
  std::ofstream(file) << "x";
  path_ = file / "parley.db";  // parent is a regular file
  try {
    open();
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cannot open database at " + path_.string(), 0), 0u)
        << e.what();
  }
}

TEST_F(SqliteStoreTest, AFileThatIsNotADatabaseIsAClearError) {
  std::ofstream(path_) << std::string(8192, 'z');
  try {
    open();
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cannot open database at " + path_.string(), 0), 0u)
        << e.what();
  }
}

TEST_F(SqliteStoreTest, InMemoryPathIsRefused) {
  path_ = ":memory:";
  EXPECT_THROW(open(), std::runtime_error);
}

// --- migrations ------------------------------------------------------------------------------

using sqlite::Connection;
using sqlite::Migration;

class MigrationTest : public ::testing::Test {
 protected:
  fs::path path_ = temp_root().fresh("migrations");
  Connection conn_{path_.string(), Connection::Mode::kReadWrite, 1000};
};

TEST_F(MigrationTest, AppliesOnlyPendingMigrationsInOrder) {
  const Migration first[] = {{1, "0001_a.sql", "CREATE TABLE a (x INTEGER);"}};
  sqlite::migrate(conn_, first);
  EXPECT_EQ(sqlite::schema_version(conn_), 1);

  // Re-running 0001 would fail ("table a already exists"), so success proves it was skipped.
  const Migration both[] = {
      {1, "0001_a.sql", "CREATE TABLE a (x INTEGER);"},
      {2, "0002_b.sql", "CREATE TABLE b (y INTEGER); INSERT INTO b VALUES (1);"}};
  sqlite::migrate(conn_, both);
  EXPECT_EQ(sqlite::schema_version(conn_), 2);
  EXPECT_EQ(conn_.scalar_int("SELECT y FROM b"), 1);
}

TEST_F(MigrationTest, AFailedMigrationLeavesTheLastGoodVersion) {
  const Migration broken[] = {
      {1, "0001_a.sql", "CREATE TABLE a (x INTEGER);"},
      {2, "0002_b.sql", "CREATE TABLE b (y INTEGER); INSERT INTO missing VALUES (1);"}};
  try {
    sqlite::migrate(conn_, broken);
    FAIL() << "expected the migration to fail";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("0002_b.sql"), std::string::npos) << e.what();
  }
  EXPECT_EQ(sqlite::schema_version(conn_), 1);
  EXPECT_EQ(conn_.scalar_int("SELECT count(*) FROM sqlite_master WHERE name = 'a'"), 1);
  EXPECT_EQ(conn_.scalar_int("SELECT count(*) FROM sqlite_master WHERE name = 'b'"), 0)
      << "the failed migration's first statement was rolled back too";
  EXPECT_FALSE(conn_.in_transaction());
}

TEST_F(MigrationTest, EmbeddedMigrationsAreNumberedFromOne) {
  auto migrations = sqlite::embedded_migrations();
  ASSERT_FALSE(migrations.empty());
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1);
    EXPECT_FALSE(migrations[i].sql.empty());
  }
  EXPECT_EQ(migrations.front().name, "0001_users_and_tokens.sql");
}

TEST_F(MigrationTest, SearchStemmingRebuildsTheIndexOfExistingMessages) {
  auto all = sqlite::embedded_migrations();
  ASSERT_GE(all.size(), 4u);
  sqlite::migrate(conn_, all.subspan(0, 3));  // a database written before 0004
  conn_.exec(
      "INSERT INTO messages (id, room_id, user_id, ts, updated_at, doc) VALUES "
      "('m1', 'r1', 'u1', 1, 1, '{\"msg\":\"two bananas\"}'), "
      "('m2', 'r1', 'u1', 2, 2, '{\"msg\":\"gone\"}')");
  conn_.exec("UPDATE messages SET deleted_at = 3 WHERE id = 'm2'");
  const char* kFind =
      "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'msg : \"banana\"'";
  EXPECT_EQ(conn_.scalar_int(kFind), 0) << "unicode61 alone does not stem";
  sqlite::migrate(conn_, all.subspan(0, 4));
  EXPECT_EQ(conn_.scalar_int(kFind), 1) << "the rebuilt index stems the old message";
  EXPECT_EQ(conn_.scalar_int("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'gone'"),
            0)
      << "tombstones stay out of the index";
  conn_.exec(
      "INSERT INTO messages (id, room_id, user_id, ts, updated_at, doc) VALUES "
      "('m3', 'r1', 'u1', 4, 4, '{\"msg\":\"one banana\"}')");
  EXPECT_EQ(conn_.scalar_int(kFind), 2) << "the triggers were recreated";
}

TEST_F(MigrationTest, CountersAreSeededFromAnExistingDatabaseThenKeptByTriggers) {
  auto all = sqlite::embedded_migrations();
  ASSERT_GE(all.size(), 5u);
  sqlite::migrate(conn_, all.subspan(0, 4));  // a database written before 0005
  conn_.exec(
      "INSERT INTO users (id, username, type, active, status, created_at, updated_at) VALUES "
      "('u1', 'ann', 'user', 1, 'online', 1, 1), ('u2', 'ben', 'user', 0, 'offline', 1, 1), "
      "('u3', 'bot', 'app', 1, 'offline', 1, 1);"
      "INSERT INTO rooms (id, type, name, created_at, updated_at) VALUES "
      "('r1', 'c', 'general', 1, 1), ('r2', 'd', '', 1, 1);"
      "INSERT INTO messages (id, room_id, user_id, ts, updated_at, doc) VALUES "
      "('m1', 'r1', 'u1', 1, 1, '{}'), ('m2', 'r2', 'u1', 2, 2, '{}'), "
      "('m3', 'r2', 'u1', 3, 3, '{}');"
      "UPDATE messages SET deleted_at = 4 WHERE id = 'm3';");
  sqlite::migrate(conn_, all.subspan(0, 5));
  auto counter = [&](const std::string& name) {
    return conn_.scalar_int("SELECT coalesce((SELECT value FROM counters WHERE name = '" + name +
                            "'), 0)");
  };
  EXPECT_EQ(counter("users"), 3);
  EXPECT_EQ(counter("users_active"), 2);
  EXPECT_EQ(counter("users_type_app"), 1);
  EXPECT_EQ(counter("users_status_online"), 1);
  EXPECT_EQ(counter("users_status_offline"), 2);
  EXPECT_EQ(counter("rooms_c"), 1);
  EXPECT_EQ(counter("rooms_d"), 1);
  EXPECT_EQ(counter("messages_c"), 1);
  EXPECT_EQ(counter("messages_d"), 1) << "the tombstone is not counted";
  // From here the triggers keep them.
  conn_.exec("UPDATE users SET status = 'away' WHERE id = 'u1'");
  conn_.exec("UPDATE users SET active = 1 WHERE id = 'u2'");
  conn_.exec("DELETE FROM messages WHERE id = 'm1'");
  EXPECT_EQ(counter("users_status_online"), 0);
  EXPECT_EQ(counter("users_status_away"), 1);
  EXPECT_EQ(counter("users_active"), 3);
  EXPECT_EQ(counter("messages_c"), 0);
}

// --- writer ----------------------------------------------------------------------------------

using sqlite::WriteOutcome;
using sqlite::Writer;

class WriterTest : public ::testing::Test {
 protected:
  WriterTest() {
    Connection conn(path_.string(), Connection::Mode::kReadWrite, 1000);
    conn.exec("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER PRIMARY KEY)");
    writer_ = std::make_unique<Writer>(std::move(conn), 64, registry_, clock_);
  }
  int64_t rows() { return std::stoll(RawDb(path_).text("SELECT count(*) FROM t")); }
  Writer::Job insert(int x) {
    return [x](Connection& conn) {
      conn.query("INSERT INTO t (x) VALUES (?)").bind(1, x).run();
      return WriteOutcome{};
    };
  }

  fs::path path_ = temp_root().fresh("writer");
  metrics::Registry registry_;
  util::FakeClock clock_;
  std::unique_ptr<Writer> writer_;
};

TEST_F(WriterTest, EveryStampIsLaterThanTheLastEvenWhenTheClockStandsStill) {
  auto stamp_of_next_job = [&] {
    int64_t stamp = 0;
    writer_->run([&](Connection&) {
      stamp = writer_->stamp();
      return WriteOutcome{};
    });
    return stamp;
  };
  const int64_t t0 = clock_.now_ms();
  EXPECT_EQ(stamp_of_next_job(), t0);
  EXPECT_EQ(stamp_of_next_job(), t0 + 1);
  clock_.set_ms(t0 - 60'000);  // the clock steps back
  EXPECT_EQ(stamp_of_next_job(), t0 + 2);
  clock_.set_ms(t0 + 5000);
  EXPECT_EQ(stamp_of_next_job(), t0 + 5000);
  // A Job that takes no stamp uses none up; one Job asking twice gets the same one.
  writer_->run(insert(1));
  int64_t first = 0;
  int64_t second = 0;
  writer_->run([&](Connection&) {
    first = writer_->stamp();
    second = writer_->stamp();
    return WriteOutcome{};
  });
  EXPECT_EQ(first, t0 + 5001);
  EXPECT_EQ(second, first);
}

TEST_F(WriterTest, HooksRunAfterCommitInJobOrderAndOnlyForOkJobs) {
  using namespace std::chrono_literals;
  // A first job holds the writer so that the next ones queue up and share one batch.
  std::atomic<bool> release{false};
  std::thread blocker([&] {
    writer_->run([&](Connection&) {
      while (!release) std::this_thread::sleep_for(1ms);
      return WriteOutcome{};
    });
  });
  std::this_thread::sleep_for(50ms);

  std::mutex mu;
  std::vector<int> order;
  std::vector<int64_t> visible;  // rows a fresh reader sees when each hook runs
  std::vector<std::thread> callers;
  for (int x = 1; x <= 6; ++x) {
    callers.emplace_back([&, x] {
      auto job = [x](Connection& conn) {
        conn.query("INSERT INTO t (x) VALUES (?)").bind(1, x).run();
        return WriteOutcome{x == 3 ? WriteStatus::kUnchanged : WriteStatus::kOk};
      };
      writer_->run(job, [&, x] {
        std::lock_guard lock(mu);
        order.push_back(x);
        visible.push_back(rows());
      });
    });
    std::this_thread::sleep_for(10ms);  // queue them in x order
  }
  release = true;
  blocker.join();
  for (auto& t : callers) t.join();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 4, 5, 6})) << "job 3 was rolled back: no hook";
  for (auto v : visible) EXPECT_EQ(v, 5) << "hooks run after the batch committed";
}

TEST_F(WriterTest, ANonOkOutcomeRollsBackOnlyThatJob) {
  EXPECT_EQ(writer_->run(insert(1)).status, WriteStatus::kOk);
  auto outcome = writer_->run([](Connection& conn) {
    conn.query("INSERT INTO t (x) VALUES (2)").run();
    return WriteOutcome{WriteStatus::kNotFound};
  });
  EXPECT_EQ(outcome.status, WriteStatus::kNotFound);
  EXPECT_EQ(rows(), 1);
}

TEST_F(WriterTest, AThrowingJobFailsAloneAndItsBatchStillCommits) {
  constexpr int kThreads = 12;
  constexpr int kPerThread = 40;
  std::atomic<int> thrown{0};
  std::atomic<int> committed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int x = t * kPerThread + i;
        if (x % 5 == 0) {
          try {
            writer_->run([x](Connection& conn) -> WriteOutcome {
              conn.query("INSERT INTO t (x) VALUES (?)").bind(1, -x - 1).run();
              throw std::logic_error("job bug");
            });
          } catch (const std::logic_error&) {
            ++thrown;
          }
        } else if (writer_->run(insert(x)).status == WriteStatus::kOk) {
          ++committed;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(thrown.load(), kThreads * kPerThread / 5);
  EXPECT_EQ(rows(), committed.load());
  EXPECT_EQ(RawDb(path_).text("SELECT count(*) FROM t WHERE x < 0"), "0");
}

TEST_F(WriterTest, AnSqliteErrorReachesTheCaller) {
  EXPECT_THROW(writer_->run([](Connection& conn) -> WriteOutcome {
    conn.query("INSERT INTO no_such_table VALUES (1)").run();
    return {};
  }),
               sqlite::SqliteError);
  EXPECT_EQ(writer_->run(insert(7)).status, WriteStatus::kOk) << "the writer keeps working";
  EXPECT_EQ(rows(), 1);
}

TEST_F(WriterTest, RecordsBatchMetrics) {
  writer_->run(insert(1));
  EXPECT_EQ(registry_.counter("parley_store_writes_total", "").value(), 1u);
  EXPECT_EQ(registry_.counter("parley_store_commits_total", "").value(), 1u);
  EXPECT_EQ(registry_.histogram("parley_store_commit_seconds", "").count(), 1u);
  EXPECT_EQ(registry_.gauge("parley_store_batch_size_last", "").value(), 1);
}

TEST_F(WriterTest, DestructionFinishesQueuedJobs) {
  using namespace std::chrono_literals;
  // Hold the writer inside a first job so the others pile up in the queue behind it.
  // Callers use a raw pointer: the test destroys writer_ while they are blocked inside run().
  Writer* writer = writer_.get();
  std::atomic<bool> release{false};
  std::thread blocker([&] {
    writer->run([&](Connection& conn) {
      while (!release) std::this_thread::sleep_for(1ms);
      conn.query("INSERT INTO t (x) VALUES (1000)").run();
      return WriteOutcome{};
    });
  });
  std::this_thread::sleep_for(50ms);

  std::atomic<int> submitted{0};
  std::atomic<int> done{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 8; ++t) {
    callers.emplace_back([&, t] {
      ++submitted;
      if (writer->run(insert(t)).status == WriteStatus::kOk) ++done;
    });
  }
  while (submitted < 8) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(100ms);  // let every caller reach the queue

  // The destructor starts while all eight jobs are still queued; it must not drop them.
  std::thread destroyer([&] { writer_.reset(); });
  std::this_thread::sleep_for(50ms);
  release = true;
  destroyer.join();
  blocker.join();
  for (auto& t : callers) t.join();
  EXPECT_EQ(done.load(), 8);
  EXPECT_EQ(rows(), 9);
}

}  // namespace
}  // namespace parley::store
