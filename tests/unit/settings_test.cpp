// Settings (defaults, the environment's two forms, stored choices, validation, the change
// event and observers) and Statistics (figures against what the test created), on a real
// SQLite store.
#include "chat/settings.hpp"

#include <gtest/gtest.h>

#include <map>

#include "chat/statistics.hpp"
#include "chat_fixture.hpp"

namespace parley::chat {
namespace {

namespace json = boost::json;

Settings::EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

class SettingsTest : public ::testing::Test, public testing::ChatFixture {
 protected:
  SettingsTest() {
    watch(bus::kAllSubject);
    watch(bus::kLoggedSubject);
  }
  // A second Settings over the same database: what a restart would load.
  Settings restarted(std::map<std::string, std::string> env = {}) {
    return Settings(db.store(), events, clock, env_of(std::move(env)));
  }
};

TEST_F(SettingsTest, DefaultsAreRocketChats) {
  EXPECT_EQ(settings.string("Accounts_RegistrationForm"), "Public");
  EXPECT_EQ(settings.integer("API_Default_Count"), 50);
  EXPECT_EQ(settings.integer("API_Enable_Rate_Limiter_Limit_Calls_Default"), 10);
  EXPECT_TRUE(settings.boolean("API_Enable_Rate_Limiter"));
  EXPECT_EQ(settings.integer("Message_MaxAllowedSize"), 5000);
  EXPECT_EQ(settings.integer("FileUpload_MaxFileSize"), 104857600);
}

TEST_F(SettingsTest, PublicListLeavesPrivateSettingsOut) {
  bool has_site_name = false;
  for (const auto& v : settings.list(false)) {
    EXPECT_TRUE(v.definition->is_public) << v.definition->id;
    has_site_name |= v.definition->id == "Site_Name";
  }
  EXPECT_TRUE(has_site_name);
  EXPECT_GT(settings.list(true).size(), settings.list(false).size());
}

TEST_F(SettingsTest, AChangeIsStoredValidatedAndAnnounced) {
  ASSERT_TRUE(settings.set("Site_Name", json::value("Acme")));
  EXPECT_EQ(settings.string("Site_Name"), "Acme");
  EXPECT_EQ(restarted().string("Site_Name"), "Acme");

  auto events = recorder.on(bus::kAllSubject, "public-settings-changed");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("args"),
            (json::array{"updated", json::object{{"_id", "Site_Name"}, {"value", "Acme"}}}));

  // A private setting changes without a public event; both reach privileged clients.
  ASSERT_TRUE(settings.set("API_Default_Count", json::value(25)));
  EXPECT_EQ(recorder.on(bus::kAllSubject, "public-settings-changed").size(), 1u);
  auto privileged = recorder.on(bus::kLoggedSubject, "private-settings-changed");
  ASSERT_EQ(privileged.size(), 2u);
  EXPECT_EQ(privileged[1].at("args").at(1).at("_id"), "API_Default_Count");
  EXPECT_EQ(privileged[1].at("args").at(1).at("value"), 25);

  // Wrong types and unknown ids are refused and change nothing.
  auto bad = settings.set("API_Default_Count", json::value("lots"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, json::value("error-invalid-setting-value"));
  EXPECT_FALSE(settings.set("API_Default_Count", json::value(0)));          // below the minimum
  EXPECT_FALSE(settings.set("FileUpload_MaxFileSize", json::value(1e19)));  // beyond int64
  EXPECT_FALSE(settings.set("API_Default_Count", json::value(2.5)));
  EXPECT_FALSE(settings.set("Accounts_RegistrationForm", json::value("Sometimes")));
  EXPECT_FALSE(settings.set("API_Enable_Rate_Limiter", json::value("yes")));
  EXPECT_EQ(settings.set("No_Such_Setting", json::value(1)).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(settings.integer("API_Default_Count"), 25);
  // A whole double from a JSON client is an integer.
  ASSERT_TRUE(settings.set("API_Default_Count", json::value(30.0)));
  EXPECT_EQ(settings.integer("API_Default_Count"), 30);
}

TEST_F(SettingsTest, EnvironmentSeedsTheDefaultAndOverwriteWins) {
  // `<id>` replaces the default only.
  EXPECT_EQ(restarted({{"Site_Name", "From env"}}).string("Site_Name"), "From env");
  ASSERT_TRUE(settings.set("Site_Name", json::value("Chosen")));
  EXPECT_EQ(restarted({{"Site_Name", "From env"}}).string("Site_Name"), "Chosen");
  // OVERWRITE_SETTING_<id> wins over the stored choice, and is stored itself.
  EXPECT_EQ(restarted({{"OVERWRITE_SETTING_Site_Name", "Forced"}}).string("Site_Name"), "Forced");
  EXPECT_EQ(restarted().string("Site_Name"), "Forced");
  EXPECT_EQ(restarted({{"OVERWRITE_SETTING_API_Enable_Rate_Limiter", "false"}})
                .boolean("API_Enable_Rate_Limiter"),
            false);
}

TEST_F(SettingsTest, ABadEnvironmentValueNamesTheVariable) {
  try {
    restarted({{"OVERWRITE_SETTING_Block_Multiple_Failed_Logins_Enabled", "maybe"}});
    FAIL() << "expected a parse error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("OVERWRITE_SETTING_Block_Multiple_Failed_Logins_Enabled"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(restarted({{"API_Default_Count", "ten"}}), std::invalid_argument);
}

TEST_F(SettingsTest, AStoredValueOfTheWrongTypeFallsBackToTheDefault) {
  db.store().put_setting({"API_Default_Count", "\"many\"", 1});
  db.store().put_setting({"Site_Name", "not json", 1});
  auto s = restarted();
  EXPECT_EQ(s.integer("API_Default_Count"), 50);
  EXPECT_EQ(s.string("Site_Name"), "parley");
}

TEST_F(SettingsTest, ObserversSeeEveryChange) {
  std::vector<int64_t> seen;
  settings.on_change(
      [&](const Settings& s) { seen.push_back(s.integer("Message_MaxAllowedSize")); });
  ASSERT_TRUE(settings.set("Message_MaxAllowedSize", json::value(10)));
  EXPECT_EQ(seen, (std::vector<int64_t>{5000, 10}));
}

TEST_F(SettingsTest, MessagesFollowTheMaxAllowedSize) {
  settings.on_change([this](const Settings& s) {
    messages.set_limits({static_cast<std::size_t>(s.integer("Message_MaxAllowedSize")),
                         s.boolean("Threads_enabled")});
  });
  ASSERT_TRUE(settings.set("Message_MaxAllowedSize", json::value(5)));
  auto general = rooms.create(admin, {"c", "general", {}, false, false, ""}).value();
  auto refused = messages.send(admin, {"", general.id, "too long", "", false, {}, {}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, json::value("error-message-size-exceeded"));
  EXPECT_TRUE(messages.send(admin, {"", general.id, "short", "", false, {}, {}}));
}

// --- statistics ------------------------------------------------------------------------------

TEST_F(SettingsTest, StatisticsCountWhatWasCreated) {
  auto alice = user("alice");
  auto bob = user("bob");
  auto general = rooms.create(admin, {"c", "general", {"alice", "bob"}, false, false, ""}).value();
  auto team = rooms.create(admin, {"p", "team", {"alice"}, false, false, ""}).value();
  auto dm = rooms.create_direct(alice, {"bob"}).value();
  ASSERT_TRUE(messages.send(alice, {"", general.id, "hello", "", false, {}, {}}));
  ASSERT_TRUE(messages.send(alice, {"", dm.id, "hi bob", "", false, {}, {}}));
  ASSERT_TRUE(messages.send(bob, {"", dm.id, "hi alice", "", false, {}, {}}));
  auto gone = messages.send(alice, {"", team.id, "oops", "", false, {}, {}});
  ASSERT_TRUE(gone);
  ASSERT_TRUE(messages.remove(alice, team.id, std::string(gone->at("_id").as_string())));
  presence.connected(alice, "c1");
  clock.advance_ms(1000);
  presence.flush();

  auto s = statistics.latest(false);
  EXPECT_EQ(s.at("totalUsers"), json::value(3));  // admin, alice, bob
  EXPECT_EQ(s.at("activeUsers"), json::value(3));
  EXPECT_EQ(s.at("nonActiveUsers"), json::value(0));
  EXPECT_EQ(s.at("onlineUsers"), json::value(1));
  EXPECT_EQ(s.at("offlineUsers"), json::value(2));
  EXPECT_EQ(s.at("totalConnectedUsers"), json::value(1));
  EXPECT_EQ(s.at("totalRooms"), json::value(3));
  EXPECT_EQ(s.at("totalChannels"), json::value(1));
  EXPECT_EQ(s.at("totalPrivateGroups"), json::value(1));
  EXPECT_EQ(s.at("totalDirect"), json::value(1));
  EXPECT_EQ(s.at("totalLivechat"), json::value(0));
  // Channel: the creation notices plus "hello"; the deleted group message is not counted.
  const auto& total = s.at("totalMessages");
  EXPECT_EQ(s.at("totalDirectMessages"), json::value(2));
  EXPECT_EQ(total.as_int64(), s.at("totalChannelMessages").as_int64() +
                                  s.at("totalPrivateGroupMessages").as_int64() +
                                  s.at("totalDirectMessages").as_int64());
  EXPECT_EQ(s.at("uploadsTotal"), json::value(0));

  // Without refresh the stored snapshot comes back; with it, a new one.
  ASSERT_TRUE(messages.send(bob, {"", dm.id, "again", "", false, {}, {}}));
  EXPECT_EQ(statistics.latest(false).at("_id"), s.at("_id"));
  clock.advance_ms(60'000);
  auto fresh = statistics.latest(true);
  EXPECT_NE(fresh.at("_id"), s.at("_id"));
  EXPECT_EQ(fresh.at("totalDirectMessages"), json::value(3));
  auto page = statistics.list(0, 10);
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(page.statistics.at(0).at("_id"), fresh.at("_id"));
}

}  // namespace
}  // namespace parley::chat
