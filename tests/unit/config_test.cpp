#include <gtest/gtest.h>

#include <map>

#include "config/config.hpp"

namespace parley::config {
namespace {

EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ConfigTest, DefaultsMatchRocketChat) {
  Config c;
  apply_env(c, env_of({}));
  EXPECT_EQ(c.port, 3000);
  EXPECT_EQ(c.data_dir, "./data");
  EXPECT_EQ(c.effective_root_url(), "http://localhost:3000");
}

TEST(ConfigTest, ReadsRocketChatNames) {
  Config c;
  apply_env(c, env_of({{"PORT", "4000"},
                       {"ROOT_URL", "https://chat.example.com/"},
                       {"ADMIN_USERNAME", "root"},
                       {"PARLEY_DATA_DIR", "/var/lib/parley"},
                       {"PARLEY_WEB_ROOT", "/srv/parley/web"},
                       {"PARLEY_LOG_FORMAT", "json"}}));
  EXPECT_EQ(c.port, 4000);
  EXPECT_EQ(c.effective_root_url(), "https://chat.example.com");
  EXPECT_EQ(c.admin_username, "root");
  EXPECT_EQ(c.data_dir, "/var/lib/parley");
  EXPECT_EQ(c.web_root, "/srv/parley/web");
  EXPECT_TRUE(c.log_json);
}

TEST(ConfigTest, BadValuesNameTheVariable) {
  Config c;
  try {
    apply_env(c, env_of({{"PORT", "80x"}}));
    FAIL() << "expected a parse error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("PORT=80x"), std::string::npos);
  }
  EXPECT_THROW(apply_env(c, env_of({{"PORT", "70000"}})), std::invalid_argument);
  EXPECT_THROW(apply_env(c, env_of({{"PARLEY_LOG_FORMAT", "xml"}})), std::invalid_argument);
}

TEST(ConfigTest, SubscriptionCapPerDdpConnection) {
  Config c;
  apply_env(c, env_of({}));
  EXPECT_EQ(c.ddp_max_subscriptions, 500u);
  apply_env(c, env_of({{"PARLEY_DDP_MAX_SUBSCRIPTIONS", "7"}}));
  EXPECT_EQ(c.ddp_max_subscriptions, 7u);
  // Zero would refuse every subscription, the notify-all one clients open before login too.
  EXPECT_THROW(apply_env(c, env_of({{"PARLEY_DDP_MAX_SUBSCRIPTIONS", "0"}})),
               std::invalid_argument);
}

TEST(ConfigTest, BodyReadTimeout) {
  Config c;
  apply_env(c, env_of({}));
  EXPECT_EQ(c.body_read_timeout, std::chrono::milliseconds(30'000));
  apply_env(c, env_of({{"PARLEY_BODY_READ_TIMEOUT_MS", "250"}}));
  EXPECT_EQ(c.body_read_timeout, std::chrono::milliseconds(250));
  EXPECT_THROW(apply_env(c, env_of({{"PARLEY_BODY_READ_TIMEOUT_MS", "0"}})), std::invalid_argument);
}

TEST(ConfigTest, ConnectionsPerIpCap) {
  Config c;
  apply_env(c, env_of({}));
  EXPECT_EQ(c.max_connections_per_ip, 5'000u);  // an office of 1,000 behind one NAT fits
  apply_env(c, env_of({{"PARLEY_MAX_CONNECTIONS_PER_IP", "3"}}));
  EXPECT_EQ(c.max_connections_per_ip, 3u);
  apply_env(c, env_of({{"PARLEY_MAX_CONNECTIONS_PER_IP", "0"}}));
  EXPECT_EQ(c.max_connections_per_ip, 0u);  // no cap
  EXPECT_THROW(apply_env(c, env_of({{"PARLEY_MAX_CONNECTIONS_PER_IP", "-1"}})),
               std::invalid_argument);
}

}  // namespace
}  // namespace parley::config
