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
  EXPECT_EQ(c.settings.login_expiration_days, 90);
  EXPECT_EQ(c.settings.registration_form, "Public");
  EXPECT_EQ(c.effective_root_url(), "http://localhost:3000");
}

TEST(ConfigTest, ReadsRocketChatNames) {
  Config c;
  apply_env(c, env_of({{"PORT", "4000"},
                       {"ROOT_URL", "https://chat.example.com/"},
                       {"ADMIN_USERNAME", "root"},
                       {"PARLEY_DATA_DIR", "/var/lib/parley"},
                       {"PARLEY_LOG_FORMAT", "json"}}));
  EXPECT_EQ(c.port, 4000);
  EXPECT_EQ(c.effective_root_url(), "https://chat.example.com");
  EXPECT_EQ(c.admin_username, "root");
  EXPECT_EQ(c.data_dir, "/var/lib/parley");
  EXPECT_TRUE(c.log_json);
}

TEST(ConfigTest, OverwriteSettingWinsOverPlainSetting) {
  Config c;
  apply_env(c, env_of({{"Accounts_LoginExpiration", "5"},
                       {"OVERWRITE_SETTING_Accounts_LoginExpiration", "7"},
                       {"Accounts_RegistrationForm", "Disabled"}}));
  EXPECT_EQ(c.settings.login_expiration_days, 7);
  EXPECT_EQ(c.settings.registration_form, "Disabled");
}

TEST(ConfigTest, RateLimitSettingsDefaultToRocketChatsAndReadBothNames) {
  Config c;
  apply_env(c, env_of({}));
  EXPECT_TRUE(c.settings.api_rate_limiter);
  EXPECT_EQ(c.settings.api_rate_limit_calls, 10);
  EXPECT_EQ(c.settings.api_rate_limit_time_ms, 60'000);
  EXPECT_EQ(c.settings.rate_limit_register_user, 1);
  EXPECT_EQ(c.http_forwarded_count, 0u);

  apply_env(c, env_of({{"API_Enable_Rate_Limiter", "true"},
                       {"OVERWRITE_SETTING_API_Enable_Rate_Limiter", "false"},
                       {"API_Enable_Rate_Limiter_Limit_Calls_Default", "20"},
                       {"OVERWRITE_SETTING_API_Enable_Rate_Limiter_Limit_Time_Default", "1000"},
                       {"Rate_Limiter_Limit_RegisterUser", "3"},
                       {"HTTP_FORWARDED_COUNT", "1"}}));
  EXPECT_FALSE(c.settings.api_rate_limiter);
  EXPECT_EQ(c.settings.api_rate_limit_calls, 20);
  EXPECT_EQ(c.settings.api_rate_limit_time_ms, 1000);
  EXPECT_EQ(c.settings.rate_limit_register_user, 3);
  EXPECT_EQ(c.http_forwarded_count, 1u);
  EXPECT_THROW(apply_env(c, env_of({{"API_Enable_Rate_Limiter_Limit_Calls_Default", "-1"}})),
               std::invalid_argument);
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
  EXPECT_THROW(
      apply_env(c, env_of({{"OVERWRITE_SETTING_Block_Multiple_Failed_Logins_Enabled", "maybe"}})),
      std::invalid_argument);
}

}  // namespace
}  // namespace parley::config
