// settings.public, settings, settings/:_id and statistics through the router.
#include "rest_test_fixture.hpp"
#include "util/clock.hpp"

namespace parley::testing {
namespace {

namespace json = boost::json;

class RestSettingsTest : public RestFixture {
 protected:
  Headers admin() { return login("admin"); }
};

std::vector<std::string> ids_of(const json::object& body) {
  std::vector<std::string> out;
  for (const auto& s : body.at("settings").as_array()) {
    out.emplace_back(s.at("_id").as_string());
  }
  return out;
}

TEST_F(RestSettingsTest, PublicSettingsNeedNoLoginAndHidePrivateOnes) {
  auto r = get("/api/v1/settings.public?count=0", {});
  ASSERT_EQ(r.status, 200) << json::serialize(r.body);
  auto ids = ids_of(r.body);
  EXPECT_NE(std::ranges::find(ids, "Site_Name"), ids.end());
  EXPECT_EQ(std::ranges::find(ids, "API_Enable_Rate_Limiter"), ids.end());
  EXPECT_TRUE(std::ranges::is_sorted(ids));
  EXPECT_EQ(r.body.at("total"), json::value(static_cast<int64_t>(ids.size())));

  auto two = get("/api/v1/settings.public?_id=Site_Name,Message_MaxAllowedSize", {});
  ASSERT_EQ(two.status, 200);
  EXPECT_EQ(ids_of(two.body), (std::vector<std::string>{"Message_MaxAllowedSize", "Site_Name"}));
  EXPECT_EQ(two.body.at("settings").at(0).at("value"), json::value(5000));

  auto paged = get("/api/v1/settings.public?count=2&offset=1", {});
  EXPECT_EQ(paged.body.at("count"), json::value(2));
  EXPECT_EQ(paged.body.at("offset"), json::value(1));
  EXPECT_EQ(ids_of(paged.body)[0], ids[1]);
}

TEST_F(RestSettingsTest, TheFullListIsForPrivilegedUsers) {
  auto alice = user("alice");
  auto as_user = get("/api/v1/settings?count=0", alice);
  ASSERT_EQ(as_user.status, 200);
  auto visible = ids_of(as_user.body);
  EXPECT_EQ(std::ranges::find(visible, "API_Enable_Rate_Limiter"), visible.end());
  auto as_admin = get("/api/v1/settings?count=0", admin());
  auto all = ids_of(as_admin.body);
  EXPECT_NE(std::ranges::find(all, "API_Enable_Rate_Limiter"), all.end());
}

TEST_F(RestSettingsTest, OneSettingReadAndWrittenByAnAdmin) {
  auto a = admin();
  auto r = get("/api/v1/settings/Message_MaxAllowedSize", a);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            (json::object{{"_id", "Message_MaxAllowedSize"}, {"value", 5000}, {"success", true}}));

  auto set = post("/api/v1/settings/Site_Name", {{"value", "Acme"}}, a);
  ASSERT_EQ(set.status, 200) << json::serialize(set.body);
  EXPECT_EQ(get("/api/v1/settings/Site_Name", a).body.at("value"), json::value("Acme"));
  EXPECT_EQ(chat_.settings.string("Site_Name"), "Acme");

  auto wrong_type = post("/api/v1/settings/API_Default_Count", {{"value", "many"}}, a);
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(wrong_type.error_type(), "error-invalid-setting-value");
  auto missing_value = post("/api/v1/settings/Site_Name", {{"valu", "x"}}, a);
  EXPECT_EQ(missing_value.status, 400);
  // Unknown ids answer as Rocket.Chat's API.v1.failure(): 400 {success:false}.
  auto unknown = get("/api/v1/settings/No_Such_Thing", a);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body, (json::object{{"success", false}}));
}

TEST_F(RestSettingsTest, UsersWithoutThePermissionAreUnauthorized) {
  auto alice = user("alice");
  auto read = get("/api/v1/settings/Site_Name", alice);
  EXPECT_EQ(read.status, 403);
  EXPECT_EQ(read.body.at("error"), json::value("unauthorized"));
  auto write = post("/api/v1/settings/Site_Name", {{"value", "Mine"}}, alice);
  EXPECT_EQ(write.status, 403);
  EXPECT_EQ(chat_.settings.string("Site_Name"), "parley");
}

TEST_F(RestSettingsTest, TheWholeCatalogueIsServedWithItsQueryAndFields) {
  auto a = admin();
  // A setting parley does not act on is read and written like any other.
  auto read = get("/api/v1/settings/Accounts_TwoFactorAuthentication_Enabled", a);
  ASSERT_EQ(read.status, 200) << json::serialize(read.body);
  EXPECT_EQ(read.body.at("value"), json::value(true));
  ASSERT_EQ(post("/api/v1/settings/Accounts_TwoFactorAuthentication_Enabled", {{"value", false}}, a)
                .status,
            200);
  EXPECT_EQ(get("/api/v1/settings/Accounts_TwoFactorAuthentication_Enabled", a).body.at("value"),
            json::value(false));
  auto wrong = post("/api/v1/settings/Accounts_Directory_DefaultView", {{"value", "rooms"}}, a);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.error_type(), "error-invalid-setting-value");
  // Hidden settings answer as unknown ones.
  EXPECT_EQ(get("/api/v1/settings/OTR_Count", a).body, (json::object{{"success", false}}));
  EXPECT_EQ(post("/api/v1/settings/OTR_Count", {{"value", 2}}, a).status, 400);
  // An action setting runs (without effect yet) on {execute:true}.
  EXPECT_EQ(post("/api/v1/settings/Push_test_push", {{"execute", true}}, a).status, 200);

  // query narrows by any document field; fields adds document fields to each row.
  auto group =
      get("/api/v1/settings?count=0&query=%7B%22group%22%3A%22End-to-end_encryption%22%7D"
          "&fields=%7B%22type%22%3A1%2C%22packageValue%22%3A1%2C%22section%22%3A1%7D",
          a);
  ASSERT_EQ(group.status, 200) << json::serialize(group.body);
  auto ids = ids_of(group.body);
  EXPECT_EQ(ids.front(), "E2E_Allow_Unencrypted_Messages");
  EXPECT_EQ(group.body.at("total"), json::value(static_cast<int64_t>(ids.size())));
  EXPECT_EQ(ids.size(), 6u);
  const auto& first = group.body.at("settings").at(0).as_object();
  EXPECT_EQ(first.at("type"), "boolean");
  EXPECT_EQ(first.at("packageValue"), false);
  EXPECT_EQ(first.at("enterprise"), false);
  EXPECT_FALSE(first.contains("section"));  // E2E settings sit in no section
  auto in =
      get("/api/v1/settings?query=%7B%22_id%22%3A%7B%22%24in%22%3A%5B%22Site_Name%22%2C"
          "%22E2E_Enable%22%5D%7D%7D",
          a);
  EXPECT_EQ(ids_of(in.body), (std::vector<std::string>{"E2E_Enable", "Site_Name"}));
  auto regex = get("/api/v1/settings?query=%7B%22_id%22%3A%7B%22%24regex%22%3A%22.%22%7D%7D", a);
  EXPECT_EQ(regex.status, 400);
  EXPECT_EQ(regex.error_type(), "error-invalid-query");
  auto bad_fields = get("/api/v1/settings?fields=nope", a);
  EXPECT_EQ(bad_fields.status, 400);
  EXPECT_EQ(bad_fields.error_type(), "error-invalid-fields");
  auto sorted = get("/api/v1/settings.public?count=3&sort=%7B%22_id%22%3A-1%7D", {});
  auto desc = ids_of(sorted.body);
  EXPECT_TRUE(std::ranges::is_sorted(desc, std::greater<>()));
}

TEST_F(RestSettingsTest, SettingsPublicHasTheWholePublicSetAndUpdatedSince) {
  auto all = get("/api/v1/settings.public?count=0", {});
  auto ids = ids_of(all.body);
  EXPECT_NE(std::ranges::find(ids, "E2E_Enable"), ids.end());     // public, no effect
  EXPECT_EQ(std::ranges::find(ids, "SMTP_Password"), ids.end());  // private
  EXPECT_EQ(std::ranges::find(ids, "OTR_Count"), ids.end());      // hidden
  EXPECT_GT(ids.size(), 250u);
  auto a = admin();
  chat_.clock.advance_ms(1000);
  const int64_t before = chat_.clock.now_ms();
  chat_.clock.advance_ms(1000);
  ASSERT_EQ(post("/api/v1/settings/Site_Name", {{"value", "Later"}}, a).status, 200);
  auto since = get("/api/v1/settings?updatedSince=" + util::iso8601(before), a);
  ASSERT_EQ(since.status, 200) << json::serialize(since.body);
  EXPECT_EQ(ids_of(since.body), (std::vector<std::string>{"Site_Name"}));
}

TEST_F(RestSettingsTest, OAuthServicesAreAnEmptyList) {
  auto r = get("/api/v1/settings.oauth", {});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, (json::object{{"services", json::array{}}, {"success", true}}));
}

TEST_F(RestSettingsTest, StatisticsForAdminsOnly) {
  auto alice = user("alice");
  EXPECT_EQ(get("/api/v1/statistics", alice).status, 403);
  EXPECT_EQ(get("/api/v1/statistics.list", alice).status, 403);

  auto a = admin();
  room(a, "channels", "general", json::array{"alice"});
  auto s = get("/api/v1/statistics?refresh=true", a);
  ASSERT_EQ(s.status, 200) << json::serialize(s.body);
  EXPECT_EQ(s.body.at("totalUsers"), json::value(2));
  EXPECT_EQ(s.body.at("totalChannels"), json::value(1));
  EXPECT_TRUE(is_iso_date(s.body.at("createdAt")));
  EXPECT_EQ(s.body.at("success"), json::value(true));

  auto list = get("/api/v1/statistics.list", a);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.at("total"), json::value(1));
  EXPECT_EQ(list.body.at("statistics").at(0).at("_id"), s.body.at("_id"));
}

}  // namespace
}  // namespace parley::testing
