// Rocket.Chat's settings catalogue: the embedded data parses, covers Rocket.Chat's groups (those
// registered outside server/settings and the Enterprise-only ones too), agrees with the entries
// parley honours, refuses malformed lines by number; a setting parley does not honour is stored,
// validated by its type, survives a restart and is announced; hidden ones stay out of reach;
// docs/settings.md's generator marks each setting's status.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "chat/setting_documents.hpp"
#include "chat/settings.hpp"
#include "chat/settings_catalogue.hpp"
#include "chat/settings_doc.hpp"
#include "chat_fixture.hpp"

namespace parley::chat {
namespace {

namespace json = boost::json;

const SettingDefinition* find_definition(std::string_view id) {
  for (const auto& d : setting_definitions()) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

TEST(SettingsCatalogue, TheEmbeddedCatalogueParsesAndCoversRocketChatsGroups) {
  auto catalogue = parse_settings_catalogue(settings_catalogue_text());
  EXPECT_GT(catalogue.size(), 950u);
  std::set<std::string> groups;
  for (const auto& d : catalogue) groups.insert(d.group);
  for (const char* group : {"General",
                            "Accounts",
                            "Message",
                            "FileUpload",
                            "Layout",
                            "OAuth",
                            "Email",
                            "Push",
                            "Rate Limiter",
                            "Threads",
                            "Discussion",
                            "RetentionPolicy",
                            "End-to-end_encryption",
                            "OTR",
                            "Setup_Wizard",
                            "LDAP",
                            "CAS",
                            "SlackBridge",
                            "Omnichannel",
                            "SMS",
                            "Federation",
                            "AtlassianCrowd",
                            "SAML",
                            "Assets",
                            "Enterprise",
                            "Device_Management",
                            "Outlook_Calendar",
                            "VoIP_TeamCollab"}) {
    EXPECT_TRUE(groups.contains(group)) << group;
  }
  const SettingDefinition* e2e = find_definition("E2E_Enable");
  ASSERT_NE(e2e, nullptr);
  EXPECT_EQ(e2e->type, SettingType::kBoolean);
  EXPECT_EQ(e2e->default_value, json::value(false));
  EXPECT_TRUE(e2e->is_public);
  EXPECT_EQ(e2e->group, "End-to-end_encryption");
  EXPECT_FALSE(e2e->honoured);
  const SettingDefinition* gitlab_secret = find_definition("Accounts_OAuth_Gitlab_secret");
  ASSERT_NE(gitlab_secret, nullptr);
  EXPECT_EQ(gitlab_secret->section, "GitLab");
  EXPECT_FALSE(gitlab_secret->is_public);
  EXPECT_TRUE(gitlab_secret->secret);
  const SettingDefinition* view = find_definition("Accounts_Directory_DefaultView");
  ASSERT_NE(view, nullptr);
  EXPECT_EQ(view->choices, (std::vector<std::string>{"channels", "users"}));
  EXPECT_TRUE(find_definition("OTR_Count")->hidden);
}

TEST(SettingsCatalogue, TheGroupsRegisteredOutsideServerSettingsAndTheEnterpriseOnesAreThere) {
  // Enterprise-only rows carry the flag, community ones beside them do not.
  for (const char* id :
       {"Federation_Service_Enabled", "LDAP_Background_Sync", "Canned_Responses_Enable",
        "SAML_Custom_Default_role_attribute_sync", "VideoConf_Disable_DMs",
        "Device_Management_Enable_Login_Emails", "Outlook_Calendar_Enabled",
        "VoIP_TeamCollab_SIP_Server_Port", "Livechat_waiting_queue"}) {
    const SettingDefinition* d = find_definition(id);
    ASSERT_NE(d, nullptr) << id;
    EXPECT_TRUE(d->enterprise) << id;
  }
  for (const char* id : {"CROWD_Enable", "SAML_Custom_Default", "Assets_logo", "Enterprise_License",
                         "Federation_Service_Allow_List", "Apps_Logs_TTL"}) {
    const SettingDefinition* d = find_definition(id);
    ASSERT_NE(d, nullptr) << id;
    EXPECT_FALSE(d->enterprise) << id;
  }
  // SAML's ids are the Default provider's, with its multi-line XML templates whole.
  const SettingDefinition* metadata = find_definition("SAML_Custom_Default_Metadata_template");
  ASSERT_NE(metadata, nullptr);
  EXPECT_EQ(metadata->section, "SAML_Section_6_Advanced");
  EXPECT_EQ(metadata->default_value.get_string().find("<?xml version=\"1.0\"?>\n<EntityDescriptor"),
            0u);
  EXPECT_TRUE(find_definition("SAML_Custom_Default_cert")->secret);
  EXPECT_EQ(find_definition("SAML_Custom_Default_immutable_property")->choices,
            (std::vector<std::string>{"Username", "EMail"}));
  EXPECT_EQ(find_definition("CROWD_Sync_Interval")->group, "AtlassianCrowd");
  EXPECT_EQ(find_definition("Assets_background")->default_value, json::object{});
  EXPECT_EQ(find_definition("Assets_favicon")->default_value,
            (json::object{{"defaultUrl", "images/logo/icon.svg"}}));
  EXPECT_EQ(find_definition("Livechat_max_queue_wait_time")->default_value, json::value(-1));
  EXPECT_TRUE(find_definition("Enterprise_License_Data")->hidden);
  EXPECT_TRUE(find_definition("Federation_Matrix_enabled")->readonly);
  EXPECT_EQ(find_definition("Federation_Matrix_enabled")->section, "Matrix Bridge");
  // The Enterprise edition adds two routing methods to a community select.
  const auto& routing = find_definition("Livechat_Routing_Method")->choices;
  EXPECT_NE(std::find(routing.begin(), routing.end(), "Load_Rotation"), routing.end());
  // Later releases' groups are not Rocket.Chat 7's.
  EXPECT_EQ(find_definition("AI_Intelligent_Search_Enabled"), nullptr);
  EXPECT_EQ(find_definition("ABAC_Enabled"), nullptr);
}

TEST(SettingsCatalogue, HonouredEntriesKeepTheirBehaviourAndTakeRocketChatsPlace) {
  auto catalogue = parse_settings_catalogue(settings_catalogue_text());
  std::map<std::string, const SettingDefinition*> by_id;
  for (const auto& d : catalogue) by_id[d.id] = &d;
  std::set<std::string> type_differs, public_differs;
  for (const auto& honoured : honoured_setting_definitions()) {
    const SettingDefinition* merged = find_definition(honoured.id);
    ASSERT_NE(merged, nullptr) << honoured.id;
    EXPECT_TRUE(merged->honoured) << honoured.id;
    EXPECT_EQ(merged->default_value, honoured.default_value) << honoured.id;
    EXPECT_EQ(merged->min, honoured.min) << honoured.id;
    auto it = by_id.find(honoured.id);
    if (it == by_id.end()) continue;  // parley's own (Search.defaultProvider...)
    // An honoured setting may be edited as a plain string where Rocket.Chat has a string-valued
    // type with its own editor (language, code, password, ...): the stored values are the same.
    const bool plain_string_of_rc_string =
        honoured.type == SettingType::kString &&
        check_setting_value(*it->second, json::value("")) == std::nullopt &&
        it->second->type != SettingType::kSelect;
    if (honoured.type != it->second->type && !plain_string_of_rc_string) {
      type_differs.insert(honoured.id);
    }
    if (honoured.is_public != it->second->is_public) public_differs.insert(honoured.id);
    EXPECT_EQ(merged->group, it->second->group) << honoured.id;
    EXPECT_EQ(merged->section, it->second->section) << honoured.id;
  }
  // Where parley's behaviour differs from Rocket.Chat's registry, on purpose and kept:
  // API_Upper_Count_Limit and uniqueID are not public in parley.
  EXPECT_EQ(type_differs, (std::set<std::string>{}));
  EXPECT_EQ(public_differs, (std::set<std::string>{"API_Upper_Count_Limit", "uniqueID"}));
  EXPECT_EQ(find_definition("Message_MaxAllowedSize")->section, "");
  EXPECT_EQ(find_definition("API_Default_Count")->section, "REST API");
  // Every id is listed once, in id order (the map lookup and the REST order rely on it).
  const auto& all = setting_definitions();
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].id, all[i].id);
}

TEST(SettingsCatalogue, AMalformedLineIsRefusedByNumber) {
  auto refusal = [](std::string_view text) -> std::string {
    try {
      parse_settings_catalogue(text);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  const std::string ok = "A\tboolean\ttrue\tG\t\t1\t\t\n";
  EXPECT_EQ(parse_settings_catalogue("# comment\n\n" + ok).size(), 1u);
  EXPECT_NE(refusal("# c\nA\tboolean\ttrue\tG\n").find("line 2: expected 8"), std::string::npos);
  EXPECT_NE(refusal("A\tbool\ttrue\tG\t\t1\t\t\n").find("unknown type bool"), std::string::npos);
  EXPECT_NE(refusal("A\tint\tten\tG\t\t1\t\t\n").find("not JSON"), std::string::npos);
  EXPECT_NE(refusal("A\tint\t\"10\"\tG\t\t1\t\t\n").find("does not fit"), std::string::npos);
  EXPECT_NE(refusal("A\tselect\t3\tG\t\t1\t[\"a\",\"b\"]\t\n").find("does not fit"),
            std::string::npos);
  EXPECT_NE(refusal("A\tboolean\ttrue\tG\t\tyes\t\t\n").find("public is 0 or 1"),
            std::string::npos);
  EXPECT_NE(refusal("A\tboolean\ttrue\tG\t\t1\t\tshiny\n").find("unknown flag shiny"),
            std::string::npos);
  EXPECT_NE(refusal(ok + ok).find("line 2: repeated id A"), std::string::npos);
}

class CatalogueSettingsTest : public ::testing::Test, public testing::ChatFixture {
 protected:
  CatalogueSettingsTest() { watch(bus::kAllSubject); }
  Settings restarted(std::map<std::string, std::string> env = {}) {
    return Settings(db.store(), events, clock,
                    [env](const std::string& name) -> std::optional<std::string> {
                      auto it = env.find(name);
                      if (it == env.end()) return std::nullopt;
                      return it->second;
                    });
  }
};

TEST_F(CatalogueSettingsTest, ASettingWithoutEffectIsStoredValidatedAndAnnounced) {
  EXPECT_FALSE(settings.boolean("E2E_Enable"));
  ASSERT_TRUE(settings.set("E2E_Enable", json::value(true)));
  EXPECT_TRUE(settings.boolean("E2E_Enable"));
  EXPECT_TRUE(restarted().boolean("E2E_Enable"));
  auto announced = recorder.on(bus::kAllSubject, "public-settings-changed");
  ASSERT_EQ(announced.size(), 1u);
  EXPECT_EQ(announced[0].at("args").at(1).at("_id"), "E2E_Enable");

  // Each type holds its values: a listed choice, a list of listed keys, a date, a string.
  auto bad = settings.set("E2E_Enable", json::value("yes"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, json::value("error-invalid-setting-value"));
  EXPECT_FALSE(settings.set("Accounts_Directory_DefaultView", json::value("rooms")));
  EXPECT_TRUE(settings.set("Accounts_Directory_DefaultView", json::value("users")));
  EXPECT_FALSE(settings.set("Accounts_Default_User_Preferences_sidebarSectionsOrder",
                            json::array{"Unread", "Nowhere"}));
  EXPECT_TRUE(settings.set("Accounts_Default_User_Preferences_sidebarSectionsOrder",
                           json::array{"Unread", "Channels"}));
  EXPECT_FALSE(settings.set("Hide_System_Messages", json::value("uj")));
  EXPECT_TRUE(settings.set("Hide_System_Messages", json::array{"uj", "ul"}));
  EXPECT_FALSE(settings.set("Layout_Home_Body", json::value(3)));
  EXPECT_TRUE(settings.set("RetentionPolicy_TTL_Channels", json::value(86'400'000)));
  EXPECT_FALSE(settings.set("RetentionPolicy_TTL_Channels", json::value(1.5)));
  EXPECT_EQ(restarted().get("Hide_System_Messages")->value, (json::array{"uj", "ul"}));
  EXPECT_EQ(restarted().string("Accounts_Directory_DefaultView"), "users");
}

TEST_F(CatalogueSettingsTest, HiddenSettingsAreNeitherListedNorWritable) {
  for (const auto& v : settings.list(true)) EXPECT_FALSE(v.definition->hidden) << v.definition->id;
  auto refused = settings.set("OTR_Count", json::value(3));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(settings.integer("OTR_Count"), 0);
}

TEST_F(CatalogueSettingsTest, TheEnvironmentReachesEverySettingButOnlyHonouredOnesStopAStart) {
  EXPECT_TRUE(restarted({{"OVERWRITE_SETTING_Push_enable", "false"}}).get("Push_enable"));
  EXPECT_FALSE(restarted({{"OVERWRITE_SETTING_Push_enable", "false"}}).boolean("Push_enable"));
  EXPECT_EQ(restarted({{"Hide_System_Messages", R"(["uj"])"}}).get("Hide_System_Messages")->value,
            (json::array{"uj"}));
  // An unrelated variable that happens to share an id (Size is a Setup_Wizard select) is
  // ignored with a warning; an honoured setting's bad value still stops the start.
  EXPECT_EQ(restarted({{"Size", "huge"}}).string("Size"), "");
  EXPECT_THROW(restarted({{"Message_MaxAllowedSize", "huge"}}), std::invalid_argument);
}

TEST_F(CatalogueSettingsTest, TheDocumentIsRocketChats) {
  auto doc = setting_document(*settings.get("Accounts_Directory_DefaultView"));
  EXPECT_EQ(doc.at("type"), "select");
  EXPECT_EQ(doc.at("packageValue"), "channels");
  EXPECT_EQ(doc.at("group"), "Accounts");
  EXPECT_EQ(doc.at("public"), true);
  EXPECT_EQ(doc.at("i18nLabel"), "Accounts_Directory_DefaultView");
  EXPECT_EQ(doc.at("values").at(1), (json::object{{"key", "users"}, {"i18nLabel", "users"}}));
  auto sectioned = setting_document(*settings.get("Accounts_OAuth_Gitlab"));
  EXPECT_EQ(sectioned.at("section"), "GitLab");
  EXPECT_FALSE(setting_document(*settings.get("Site_Name")).contains("section"));
}

TEST(SettingsDoc, EveryRowSaysWhetherParleyHonoursIt) {
  std::string doc = settings_markdown(setting_definitions());
  EXPECT_NE(doc.find("| `Message_MaxAllowedSize` | int | `5000` | yes |  | honoured |"),
            std::string::npos);
  EXPECT_NE(doc.find("| `E2E_Enable` | boolean | `false` | yes |  | no effect yet |"),
            std::string::npos);
  EXPECT_NE(doc.find("| `OTR_Count` | int | `0` | no |  | no effect yet (hidden) |"),
            std::string::npos);
  EXPECT_NE(doc.find("\n## End-to-end_encryption\n"), std::string::npos);
  // Long defaults are cut, and a | inside a cell is escaped so the table keeps its columns.
  EXPECT_NE(doc.find("`\"<!DOCTYPE html PUBLIC"), std::string::npos);
  EXPECT_EQ(doc.find("Rocket.Chat Technologies Corp."), std::string::npos);
  std::vector<SettingDefinition> piped{{"P", SettingType::kString, json::value("a|b"), false, "G"}};
  EXPECT_NE(settings_markdown(piped).find("| `P` | string | `\"a\\|b\"` |"), std::string::npos);
}

}  // namespace
}  // namespace parley::chat
