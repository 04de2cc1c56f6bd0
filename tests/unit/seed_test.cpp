// parley seed at a small scale, on a real SQLite store: what it writes is what the plan says,
// consistent with the store's own counters, and usable (logins, resume tokens, history).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "chat/password.hpp"
#include "seed/seeder.hpp"
#include "seed/text_maker.hpp"
#include "test_store.hpp"
#include "util/hash.hpp"

namespace parley::seed {
namespace {

constexpr int64_t kNow = 1'780'000'000'000;  // 2026-05-28

SeedOptions small_options(uint64_t seed = 7) {
  SeedOptions options;
  options.scale = 0.005;
  options.seed = seed;
  options.password = "seed-pass";
  options.hash_cost = {1, 8192};  // libsodium's minimum: the test is not about hashing
  options.now_ms = kNow;
  options.batch_rows = 1500;  // several batches, so the pipelining is exercised
  return options;
}

SeedReport seed_into(store::Store& store, const SeedOptions& options) {
  Progress quiet(nullptr, false);
  return run_seed(store, options, quiet);
}

std::filesystem::path temp_file(const std::string& name) {
  std::random_device rd;
  return std::filesystem::temp_directory_path() / (name + std::to_string(rd()));
}

TEST(SeedPlanTest, ScaleOneIsTheThreadsDeployment) {
  SeedPlan plan = plan_for_scale(1);
  EXPECT_EQ(plan.users, 7116);
  EXPECT_EQ(plan.deactivated, 942);
  EXPECT_EQ(plan.channels, 44);
  EXPECT_EQ(plan.groups, 1917);
  EXPECT_EQ(plan.directs, 47188);
  EXPECT_EQ(plan.rooms(), 49149);
  EXPECT_EQ(plan.messages(), 5345 + 416826 + 1975032);
}

TEST(SeedPlanTest, TinyScalesKeepAUsableServerAndBadScalesAreRefused) {
  SeedPlan plan = plan_for_scale(0.0001);
  EXPECT_EQ(plan.users, 2);
  EXPECT_EQ(plan.channels, 1);
  EXPECT_LE(plan.directs, 1);
  EXPECT_THROW(plan_for_scale(0), std::invalid_argument);
  EXPECT_THROW(plan_for_scale(-1), std::invalid_argument);
  EXPECT_THROW(plan_for_scale(101), std::invalid_argument);
}

TEST(SeedTextTest, ParagraphsAreWithinTheWorkloadsSizes) {
  Prng prng(1);
  double total = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::size_t length = paragraph_length(prng);
    ASSERT_GE(length, 100u);
    ASSERT_LE(length, 1200u);
    const std::string text = paragraph(prng, length);
    ASSERT_LE(text.size(), length);
    ASSERT_GE(text.size(), length - 16);
    total += static_cast<double>(text.size());
  }
  EXPECT_NEAR(total / 2000, 400, 40);  // workload.md: mean about 400 bytes
}

// One seeded store shared by the tests that only read it: seeding is the slow part.
class SeededStore : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    temp_ = new testing::TempStore();
    tokens_path_ = temp_file("parley-seed-tokens-");
    SeedOptions options = small_options();
    options.tokens_path = tokens_path_.string();
    report_ = seed_into(temp_->store(), options);
  }
  static void TearDownTestSuite() {
    delete temp_;
    temp_ = nullptr;
    std::filesystem::remove(tokens_path_);
  }

  store::Store& store = temp_->store();
  const SeedReport& report = report_;

  static testing::TempStore* temp_;
  static std::filesystem::path tokens_path_;
  static SeedReport report_;
};

testing::TempStore* SeededStore::temp_ = nullptr;
std::filesystem::path SeededStore::tokens_path_;
SeedReport SeededStore::report_;

TEST_F(SeededStore, WritesThePlanAndTheStoresCountersAgree) {
  const SeedPlan& plan = report.plan;
  EXPECT_EQ(report.messages, plan.messages());
  EXPECT_GT(report.thread_replies, 0);

  auto counters = store.counters();
  EXPECT_EQ(counters["users"], plan.users);
  EXPECT_EQ(counters["users_active"], plan.users - plan.deactivated);
  EXPECT_EQ(counters["rooms_c"], plan.channels);
  EXPECT_EQ(counters["rooms_p"], plan.groups);
  EXPECT_EQ(counters["rooms_d"], plan.directs);
  EXPECT_EQ(counters["messages_c"], plan.channel_messages);
  EXPECT_EQ(counters["messages_p"], plan.group_messages);
  EXPECT_EQ(counters["messages_d"], plan.direct_messages);
  EXPECT_GT(counters["threads"], 0);
  EXPECT_LT(counters["last_message_at"], kNow);
}

TEST_F(SeededStore, GeneralHoldsEveryActiveUser) {
  auto general = store.room_by_id("GENERAL");
  ASSERT_TRUE(general);
  EXPECT_EQ(general->name, "general");
  EXPECT_TRUE(general->is_default);
  const int64_t active = report.plan.users - report.plan.deactivated;
  EXPECT_EQ(general->users_count, active);
  EXPECT_EQ(static_cast<int64_t>(store.room_member_ids("GENERAL").size()), active);
}

TEST_F(SeededStore, EveryRoomsCountsAndLastMessageMatchItsHistory) {
  auto page = store.list_rooms({"p", "d"}, 0, 40);
  ASSERT_FALSE(page.rooms.empty());
  int checked = 0;
  for (const auto& room : page.rooms) {
    store::HistoryQuery query;
    query.room_id = room.id;
    query.count = 0;
    auto history = store.room_history(query);
    EXPECT_EQ(history.total, room.msgs) << room.id;
    EXPECT_EQ(room.users_count, static_cast<int64_t>(store.room_member_ids(room.id).size()));
    if (history.messages.empty()) continue;
    ++checked;
    // Newest first, and the newest is the room's lastMessage and lm.
    for (std::size_t i = 1; i < history.messages.size(); ++i) {
      ASSERT_GE(history.messages[i - 1].ts, history.messages[i].ts);
    }
    EXPECT_EQ(room.last_message.at("_id").as_string(), history.messages.front().id);
    EXPECT_EQ(room.last_message_at, history.messages.front().ts);
    EXPECT_TRUE(history.messages.front().doc.contains("md"));
  }
  EXPECT_GT(checked, 10);
}

// The search index is built after the rows (Store::finish_import): every seeded message of a
// room is found by a word of its own text.
TEST_F(SeededStore, EverySeededMessageIsSearchable) {
  int checked = 0;
  for (const auto& room : store.list_rooms({"p", "d"}, 0, 20).rooms) {
    store::HistoryQuery query;
    query.room_id = room.id;
    query.count = 0;
    for (const auto& m : store.room_history(query).messages) {
      const std::string text(m.doc.at("msg").as_string());
      std::string word = text.substr(0, text.find(' '));
      if (word.empty() || word.front() == '@') continue;
      bool found = false;
      for (const auto& hit : store.search_messages(room.id, word, 0, 0).messages) {
        found = found || hit.id == m.id;
      }
      EXPECT_TRUE(found) << m.id << " by \"" << word << "\"";
      if (++checked >= 200) return;
    }
  }
  EXPECT_GT(checked, 50);
}

TEST_F(SeededStore, ThreadParentsCountTheirReplies) {
  int parents = 0;
  for (const auto& room : store.list_rooms({"p", "d"}, 0, 200).rooms) {
    store::HistoryQuery query;
    query.room_id = room.id;
    query.count = 0;
    for (const auto& m : store.room_history(query).messages) {
      const boost::json::value* tcount = m.doc.if_contains("tcount");
      if (tcount == nullptr) continue;
      ++parents;
      auto replies = store.thread_messages(m.id, 0, 0);
      EXPECT_EQ(replies.total, tcount->as_int64());
      for (const auto& reply : replies.messages) EXPECT_EQ(reply.thread_id, m.id);
    }
  }
  EXPECT_GT(parents, 0);
}

TEST_F(SeededStore, UsersLogInWithTheSeedPassword) {
  auto admin = store.user_by_username("admin");
  ASSERT_TRUE(admin);
  EXPECT_NE(std::find(admin->roles.begin(), admin->roles.end(), "admin"), admin->roles.end());
  auto user = store.user_by_username("user1");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->emails.at(0).address, "user1@example.com");
  EXPECT_TRUE(chat::verify_password_digest(util::sha256_hex("seed-pass"), user->password_hash));
  EXPECT_FALSE(chat::verify_password_digest(util::sha256_hex("other"), user->password_hash));
}

TEST_F(SeededStore, TheTokensFileResumesEveryActiveUser) {
  std::ifstream in(tokens_path_);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line.rfind("# ", 0), 0u);
  int64_t lines = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string username, id, token;
    ASSERT_TRUE(std::getline(fields, username, '\t') && std::getline(fields, id, '\t') &&
                std::getline(fields, token));
    auto user = store.user_by_token(util::sha256_base64(token), kNow + 1000);
    ASSERT_TRUE(user) << line;
    EXPECT_EQ(user->id, id);
    EXPECT_EQ(user->username, username);
    EXPECT_TRUE(user->active);
    ++lines;
  }
  EXPECT_EQ(lines, report.plan.users - report.plan.deactivated);
  EXPECT_EQ(report.tokens, lines);
}

class SeedTest : public ::testing::Test {
 protected:
  testing::TempStore temp;
  store::Store& store = temp.store();
};

TEST_F(SeedTest, TheSameSeedWritesTheSameData) {
  auto tiny = [](uint64_t seed) {
    SeedOptions options = small_options(seed);
    options.scale = 0.002;
    return options;
  };
  seed_into(store, tiny(42));
  testing::TempStore other;
  seed_into(other.store(), tiny(42));
  testing::TempStore different;
  seed_into(different.store(), tiny(43));

  EXPECT_EQ(store.user_by_username("user5")->id, other.store().user_by_username("user5")->id);
  EXPECT_NE(store.user_by_username("user5")->id, different.store().user_by_username("user5")->id);
  auto rooms = store.list_rooms({"p"}, 0, 5).rooms;
  auto same = other.store().list_rooms({"p"}, 0, 5).rooms;
  ASSERT_EQ(rooms.size(), same.size());
  for (std::size_t i = 0; i < rooms.size(); ++i) {
    EXPECT_EQ(rooms[i].id, same[i].id);
    EXPECT_EQ(rooms[i].last_message, same[i].last_message);
  }
}

TEST_F(SeedTest, AStoreWithUsersIsRefusedAndLeftAlone) {
  store::UserRecord someone;
  someone.id = "someone-id-000001";
  someone.username = "someone";
  someone.created_at = someone.updated_at = kNow;
  ASSERT_EQ(store.insert_user(someone), store::WriteStatus::kOk);
  EXPECT_THROW(seed_into(store, small_options()), SeedError);
  EXPECT_EQ(store.counters()["users"], 1);
  EXPECT_FALSE(store.room_by_id("GENERAL"));
}

TEST_F(SeedTest, AnImportBatchLandsWholeOrNotAtAll) {
  store::ImportBatch batch;
  store::UserRecord a;
  a.id = "import-user-00001";
  a.username = "twin";
  a.created_at = a.updated_at = kNow;
  store::UserRecord b = a;
  b.id = "import-user-00002";  // same username: the second insert fails
  batch.users = {a, b};
  store::RoomRecord room;
  room.id = "import-room-00001";
  room.type = "c";
  room.name = "imported";
  room.created_at = room.updated_at = kNow;
  batch.rooms = {room};
  EXPECT_EQ(store.import_batch(batch), store::WriteStatus::kDuplicateUsername);
  EXPECT_FALSE(store.user_by_id(a.id));
  EXPECT_FALSE(store.room_by_id(room.id));
  EXPECT_EQ(store.counters()["users"], 0);
}

}  // namespace
}  // namespace parley::seed
