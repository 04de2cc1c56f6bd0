// The REST layer end to end below the socket: real router, real accounts, real SQLite.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "chat_fixture.hpp"
#include "http_request.hpp"
#include "rest/router.hpp"
#include "rest/routes.hpp"
#include "test_store.hpp"

namespace parley::rest {
namespace {

namespace json = boost::json;

class RestTest : public ::testing::Test {
 protected:
  RestTest()
      : accounts_(db_.store(), clock_, accounts_options()),
        members_(db_.store()),
        access_(db_.store(), members_),
        events_(bus_),
        messages_(db_.store(), clock_, access_, events_),
        rooms_(db_.store(), clock_, access_, messages_, events_),
        settings_(db_.store(), events_, clock_, [](const std::string&) { return std::nullopt; }),
        router_(accounts_, db_.metrics()),
        services_{accounts_, config_, settings_, rooms_, messages_, db_.store(), clock_} {
    register_routes(router_, services_);
    accounts_.bootstrap_admin("admin", "adminpw", "admin@example.com");
  }

  static chat::AccountsOptions accounts_options() {
    chat::AccountsOptions o;
    o.hash_cost = {1, 8192 * 1024};
    return o;
  }

  net::HttpResponse call(std::string method, std::string target, std::string body = {},
                         std::vector<std::pair<std::string, std::string>> headers = {}) {
    return router_.dispatch(
        testing::http_request(std::move(method), target, std::move(body), std::move(headers)));
  }

  json::object body_of(const net::HttpResponse& r) { return json::parse(r.body).as_object(); }

  std::vector<std::pair<std::string, std::string>> login_headers(const std::string& user,
                                                                 const std::string& pass) {
    auto r = call("POST", "/api/v1/login",
                  json::serialize(json::object{{"user", user}, {"password", pass}}));
    EXPECT_EQ(r.status, 200) << r.body;
    auto data = body_of(r).at("data").as_object();
    return {{"x-user-id", std::string(data.at("userId").as_string())},
            {"x-auth-token", std::string(data.at("authToken").as_string())}};
  }

  testing::TempStore db_;
  util::FakeClock clock_;
  config::Config config_;
  chat::Accounts accounts_;
  bus::LocalBus bus_;
  chat::MembershipCache members_;
  chat::RoomAccess access_;
  chat::Events events_;
  chat::Messages messages_;
  chat::Rooms rooms_;
  chat::Settings settings_;
  Router router_;
  Services services_;
};

TEST_F(RestTest, UnknownRouteIs404InRocketChatShape) {
  auto r = call("GET", "/api/v1/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(body_of(r), (json::object{{"success", false}, {"error", "Resource not found"}}));
}

TEST_F(RestTest, LoginReturnsTokenAndMe) {
  auto r = call("POST", "/api/v1/login", R"({"username":"admin","password":"adminpw"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto b = body_of(r);
  EXPECT_EQ(b.at("status"), "success");
  EXPECT_EQ(b.at("success"), true);
  auto& data = b.at("data").as_object();
  EXPECT_GE(data.at("authToken").as_string().size(), 43u);
  EXPECT_EQ(data.at("me").at("username"), "admin");
  EXPECT_EQ(data.at("me").at("avatarUrl"), "http://localhost:3000/avatar/admin");
}

TEST_F(RestTest, LoginFailuresAre401WithRocketChatBodies) {
  auto wrong = call("POST", "/api/v1/login", R"({"user":"admin","password":"x"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(body_of(wrong).at("error"), 403);  // a number, as EmbeddedChat checks
  EXPECT_EQ(body_of(wrong).at("message"), "Incorrect password");
  auto unknown = call("POST", "/api/v1/login", R"({"user":"ghost","password":"x"})");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(body_of(unknown).at("error"), "Unauthorized");
}

TEST_F(RestTest, BadBodiesAre400AndNamed) {
  EXPECT_EQ(call("POST", "/api/v1/login", "{not json").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/login", "[1,2]").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/login", R"({"user":123,"password":true})").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/login", R"({})").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/login", "{\"user\":\"\xff\xfe\",\"password\":\"x\"}").status,
            400);
}

TEST_F(RestTest, AuthRequiredRoutesGive401ThenWorkWithHeaders) {
  auto anon = call("GET", "/api/v1/me");
  EXPECT_EQ(anon.status, 401);
  EXPECT_EQ(body_of(anon).at("message"), "You must be logged in to do this.");
  auto h = login_headers("admin", "adminpw");
  auto me = call("GET", "/api/v1/me", {}, h);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(body_of(me).at("username"), "admin");
  auto forged = h;
  forged[1].second = "not-the-token";
  EXPECT_EQ(call("GET", "/api/v1/me", {}, forged).status, 401);
}

TEST_F(RestTest, LogoutEndsTheToken) {
  auto h = login_headers("admin", "adminpw");
  auto out = call("POST", "/api/v1/logout", {}, h);
  ASSERT_EQ(out.status, 200);
  EXPECT_EQ(body_of(out).at("data").at("message"), "You've been logged out!");
  EXPECT_EQ(call("GET", "/api/v1/me", {}, h).status, 401);
}

TEST_F(RestTest, UsersCreateInfoAndList) {
  auto h = login_headers("admin", "adminpw");
  for (int i = 0; i < 3; ++i) {
    auto r = call("POST", "/api/v1/users.create",
                  json::serialize(json::object{{"username", "u" + std::to_string(i)},
                                               {"email", "u" + std::to_string(i) + "@x.org"},
                                               {"password", "pw"},
                                               {"name", "U"}}),
                  h);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  auto dup = call("POST", "/api/v1/users.create",
                  R"({"username":"u0","email":"z@x.org","password":"pw","name":"U"})", h);
  EXPECT_EQ(dup.status, 400);
  EXPECT_EQ(body_of(dup).at("errorType"), "error-field-unavailable");

  auto info = call("GET", "/api/v1/users.info?username=u1", {}, h);
  ASSERT_EQ(info.status, 200);
  EXPECT_EQ(body_of(info).at("user").at("username"), "u1");
  auto missing = call("GET", "/api/v1/users.info?username=nobody", {}, h);
  EXPECT_EQ(body_of(missing).at("errorType"), "error-invalid-user");

  auto page = body_of(call("GET", "/api/v1/users.list?count=2&offset=1", {}, h));
  EXPECT_EQ(page.at("count"), 2);
  EXPECT_EQ(page.at("offset"), 1);
  EXPECT_EQ(page.at("total"), 4);

  auto user_h = login_headers("u0", "pw");
  auto refused = call("POST", "/api/v1/users.create",
                      R"({"username":"u9","email":"u9@x.org","password":"pw","name":"U"})", user_h);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(body_of(refused).at("errorType"), "error-unauthorized");
}

TEST_F(RestTest, RequestsAreCountedByRouteAndStatus) {
  call("GET", "/api/info");
  std::string text = db_.metrics().render();
  EXPECT_NE(text.find(R"(parley_http_requests_total{route="/api/info",status="200"} 1)"),
            std::string::npos)
      << text;
}

TEST_F(RestTest, StarRouteCapturesTheWholeTail) {
  router_.add({"GET", "/tail-test/*", Auth::kAnonymous, [](RestRequest& r) {
                 net::HttpResponse response;
                 response.body = r.path_param;
                 return response;
               }});
  EXPECT_EQ(call("GET", "/tail-test/id/a name/with/slashes.txt").body,
            "id/a name/with/slashes.txt");
  EXPECT_EQ(call("GET", "/tail-test/x").body, "x");
  EXPECT_EQ(call("GET", "/tail-test/").status, 404);
  EXPECT_EQ(call("GET", "/tail-test").status, 404);
  EXPECT_EQ(call("GET", "/tail-testx/y").status, 404);
}

TEST_F(RestTest, ListingShowsEveryRouteWithoutRunningIt) {
  router_.add({"GET|POST", "/listing-test", Auth::kOptional,
               [](RestRequest&) -> net::HttpResponse { throw std::logic_error("ran"); }});
  router_.add_streamed({"/listing-test/:rid", Auth::kRequired, nullptr});
  auto listing = router_.listing();
  auto find = [&](const std::string& path) {
    for (const auto& r : listing) {
      if (r.path == path) return r;
    }
    ADD_FAILURE() << path << " not listed";
    return RouteListing{};
  };
  EXPECT_EQ(find("/api/v1/login").method, "POST");
  EXPECT_EQ(find("/api/v1/login").auth, Auth::kAnonymous);
  EXPECT_EQ(find("/listing-test").method, "GET|POST");
  EXPECT_FALSE(find("/listing-test").streamed);
  EXPECT_EQ(find("/listing-test/:rid").method, "POST");
  EXPECT_TRUE(find("/listing-test/:rid").streamed);
  EXPECT_EQ(listing.back().path, "/listing-test/:rid");  // streamed routes last
}

}  // namespace
}  // namespace parley::rest
