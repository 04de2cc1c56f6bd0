// Rate limits on a FakeClock: the fixed-window counter (util), the client address behind
// proxies, the REST limiter with Rocket.Chat's headers and 429, the router applying it, and the
// DDP sendMessage limit. Time only moves when a test moves it; nothing sleeps.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <thread>
#include <vector>

#include "chat_fixture.hpp"
#include "ddp/service.hpp"
#include "http_request.hpp"
#include "rest/client_ip.hpp"
#include "rest/rate_limit.hpp"
#include "rest/router.hpp"
#include "rest/routes.hpp"
#include "util/rate_limiter.hpp"
#include "util/worker_pool.hpp"

namespace parley {
namespace {

namespace json = boost::json;

std::string header(const net::HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "<absent>";
}

// ---- util::RateLimiter ---------------------------------------------------------------------

TEST(RateLimiterTest, AllowsLimitCallsPerWindowThenRefusesUntilItEnds) {
  util::FakeClock clock;
  util::RateLimiter limiter(clock);
  const int64_t start = clock.now_ms();
  for (int i = 1; i <= 3; ++i) {
    auto d = limiter.hit("k", 3, 1000);
    EXPECT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.limit, 3);
    EXPECT_EQ(d.remaining, 3 - i);
    EXPECT_EQ(d.reset_at_ms, start + 1000);
    EXPECT_EQ(d.time_to_reset_ms, 1000);
  }
  clock.advance_ms(400);
  auto refused = limiter.hit("k", 3, 1000);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.reset_at_ms, start + 1000);  // refused calls do not extend the window
  EXPECT_EQ(refused.time_to_reset_ms, 600);

  clock.advance_ms(599);
  EXPECT_FALSE(limiter.hit("k", 3, 1000).allowed);
  clock.advance_ms(1);  // the window ends at start + 1000 exactly
  auto fresh = limiter.hit("k", 3, 1000);
  EXPECT_TRUE(fresh.allowed);
  EXPECT_EQ(fresh.remaining, 2);
  EXPECT_EQ(fresh.reset_at_ms, start + 2000);
}

TEST(RateLimiterTest, KeysHaveTheirOwnWindows) {
  util::FakeClock clock;
  util::RateLimiter limiter(clock);
  EXPECT_TRUE(limiter.hit("a", 1, 1000).allowed);
  EXPECT_FALSE(limiter.hit("a", 1, 1000).allowed);
  clock.advance_ms(500);
  auto b = limiter.hit("b", 1, 1000);
  EXPECT_TRUE(b.allowed);
  EXPECT_EQ(b.time_to_reset_ms, 1000);  // b's window opened with b's first call
  EXPECT_EQ(limiter.hit("a", 1, 1000).time_to_reset_ms, 500);
}

TEST(RateLimiterTest, ExpiredKeysAreDropped) {
  util::FakeClock clock;
  util::RateLimiter limiter(clock, {1000, 1});
  for (int i = 0; i < 100; ++i) limiter.hit("ip" + std::to_string(i), 10, 60'000);
  EXPECT_EQ(limiter.size(), 100u);
  clock.advance_ms(60'000);
  limiter.hit("late", 10, 60'000);
  EXPECT_EQ(limiter.size(), 1u);
  EXPECT_EQ(limiter.evictions(), 0u);
}

TEST(RateLimiterTest, StaysBoundedWhenEveryCallIsANewKey) {
  util::FakeClock clock;
  util::RateLimiter limiter(clock, {64, 4});
  for (int i = 0; i < 10'000; ++i) {
    EXPECT_TRUE(limiter.hit("10.0." + std::to_string(i), 10, 60'000).allowed);
  }
  EXPECT_LE(limiter.size(), 64u);
  EXPECT_GE(limiter.evictions(), 10'000u - 64u);
}

TEST(RateLimiterTest, AFullShardEvictsTheOldestWindow) {
  util::FakeClock clock;
  util::RateLimiter limiter(clock, {2, 1});
  limiter.hit("old", 1, 60'000);
  clock.advance_ms(1);
  limiter.hit("newer", 1, 60'000);
  limiter.hit("newest", 1, 60'000);  // evicts "old"
  EXPECT_FALSE(limiter.hit("newest", 1, 60'000).allowed);
  EXPECT_TRUE(limiter.hit("old", 1, 60'000).allowed);  // forgotten: a fresh window
  EXPECT_EQ(limiter.evictions(), 2u);                  // "old" back in pushed "newer" out
}

TEST(RateLimiterTest, CountsExactlyUnderConcurrentCallers) {
  util::FakeClock clock;
  util::RateLimiter limiter(clock);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (limiter.hit("shared", 1000, 60'000).allowed) allowed.fetch_add(1);
        limiter.hit("own" + std::to_string(i % 50), 1000, 60'000);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 1000);
}

// ---- rest::client_ip -----------------------------------------------------------------------

net::HttpRequest from(std::string socket_ip,
                      std::vector<std::pair<std::string, std::string>> headers) {
  net::HttpRequest r;
  r.remote_ip = std::move(socket_ip);
  r.headers = std::move(headers);
  return r;
}

TEST(ClientIpTest, WithoutDeclaredProxiesTheHeadersAreNotBelieved) {
  auto r = from("203.0.113.9", {{"x-forwarded-for", "1.2.3.4"}, {"x-real-ip", "5.6.7.8"}});
  EXPECT_EQ(rest::client_ip(r, 0), "203.0.113.9");
}

TEST(ClientIpTest, OneProxyMeansTheLastForwardedEntry) {
  // A client sent its own X-Forwarded-For; our proxy appended the address it saw.
  auto r = from("10.0.0.2", {{"x-forwarded-for", "6.6.6.6, 198.51.100.7"}});
  EXPECT_EQ(rest::client_ip(r, 1), "198.51.100.7");
  EXPECT_EQ(rest::client_ip(r, 2), "6.6.6.6");
}

TEST(ClientIpTest, RepeatedForwardedLinesReadAsOneList) {
  auto r = from("10.0.0.2", {{"x-forwarded-for", "6.6.6.6"}, {"x-forwarded-for", " 2001:db8::1 "}});
  EXPECT_EQ(rest::client_ip(r, 1), "2001:db8::1");
}

TEST(ClientIpTest, ShortListFallsBackToRealIpThenTheSocket) {
  auto with_real =
      from("10.0.0.2", {{"x-forwarded-for", "198.51.100.7"}, {"x-real-ip", "9.9.9.9"}});
  EXPECT_EQ(rest::client_ip(with_real, 2), "9.9.9.9");
  EXPECT_EQ(rest::client_ip(from("10.0.0.2", {}), 1), "10.0.0.2");
}

TEST(ClientIpTest, AnAbsurdlyLongEntryIsCut) {
  auto r = from("10.0.0.2", {{"x-forwarded-for", std::string(5000, 'a')}});
  EXPECT_EQ(rest::client_ip(r, 1).size(), 64u);
}

// ---- rest::RestRateLimiter -----------------------------------------------------------------

store::UserRecord with_roles(std::vector<std::string> roles) {
  store::UserRecord u;
  u.id = "u1";
  u.username = "someone";
  u.roles = std::move(roles);
  return u;
}

class RestLimiterTest : public ::testing::Test {
 protected:
  rest::RateLimitVerdict check(std::string_view route, const store::UserRecord* user = nullptr,
                               std::string_view ip = "198.51.100.7",
                               rest::RateLimitClass cls = rest::RateLimitClass::kDefault,
                               std::string_view method = "GET") {
    return limiter_.check(cls, method, route, ip, user);
  }

  util::FakeClock clock_;
  metrics::Registry metrics_;
  rest::RateLimitSettings settings_;
  rest::RestRateLimiter limiter_{[this] { return settings_; }, clock_, metrics_};
};

TEST_F(RestLimiterTest, HeadersCountDownAndResetIsAbsoluteEpochMs) {
  const int64_t start = clock_.now_ms();
  for (int i = 1; i <= 10; ++i) {
    auto v = check("/api/v1/me");
    ASSERT_TRUE(v.limited);
    ASSERT_TRUE(v.decision.allowed) << i;
    net::HttpResponse r;
    rest::RestRateLimiter::add_headers(v, r);
    EXPECT_EQ(header(r, "X-RateLimit-Limit"), "10");
    EXPECT_EQ(header(r, "X-RateLimit-Remaining"), std::to_string(10 - i));
    EXPECT_EQ(header(r, "X-RateLimit-Reset"), std::to_string(start + 60'000));
  }
  clock_.advance_ms(30'500);
  auto over = check("/api/v1/me");
  EXPECT_FALSE(over.decision.allowed);
  auto r = rest::RestRateLimiter::refusal(over);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(json::parse(r.body),
            json::parse(R"({"success":false,"error":"Error, too many requests. Please slow down. )"
                        R"(You must wait 30 seconds before trying this endpoint again. )"
                        R"([error-too-many-requests]"})"));
  EXPECT_EQ(header(r, "X-RateLimit-Limit"), "10");
  EXPECT_EQ(header(r, "X-RateLimit-Remaining"), "0");
  EXPECT_EQ(header(r, "X-RateLimit-Reset"), std::to_string(start + 60'000));
  EXPECT_NE(metrics_.render().find(R"(parley_rate_limited_total{kind="rest"} 1)"),
            std::string::npos);

  clock_.advance_ms(29'500);
  EXPECT_TRUE(check("/api/v1/me").decision.allowed);
}

TEST_F(RestLimiterTest, KeyedByMethodRouteAndAddress) {
  for (int i = 0; i < 10; ++i) check("/api/v1/me");
  EXPECT_FALSE(check("/api/v1/me").decision.allowed);
  EXPECT_TRUE(check("/api/v1/users.info").decision.allowed);
  EXPECT_TRUE(check("/api/v1/me", nullptr, "198.51.100.8").decision.allowed);
  EXPECT_TRUE(check("/api/v1/me", nullptr, "198.51.100.7", rest::RateLimitClass::kDefault, "POST")
                  .decision.allowed);
}

TEST_F(RestLimiterTest, BypassPermissionExemptionAndUnlimitedRoutes) {
  for (const char* role : {"admin", "bot", "app"}) {
    auto privileged = with_roles({"user", role});
    for (int i = 0; i < 20; ++i) EXPECT_FALSE(check("/api/v1/me", &privileged).limited) << role;
  }
  auto plain = with_roles({"user"});
  EXPECT_TRUE(check("/api/v1/me", &plain).limited);
  EXPECT_FALSE(check("/api/v1/method.call/:method", &plain, "198.51.100.7",
                     rest::RateLimitClass::kNone, "POST")
                   .limited);
  EXPECT_FALSE(check("/api/info").limited);  // API.default: no version, no limiter in RC
}

TEST_F(RestLimiterTest, SettingsAreReadOnEveryCall) {
  settings_.enabled = false;
  EXPECT_FALSE(check("/api/v1/me").limited);
  settings_ = {};
  settings_.calls = 0;  // RC adds no limiter when calls or time is 0
  EXPECT_FALSE(check("/api/v1/me").limited);
  settings_.calls = 2;
  EXPECT_TRUE(check("/api/v1/me").decision.allowed);
  EXPECT_TRUE(check("/api/v1/me").decision.allowed);
  EXPECT_FALSE(check("/api/v1/me").decision.allowed);
}

TEST_F(RestLimiterTest, UsersRegisterHasItsOwnAllowance) {
  auto cls = rest::RateLimitClass::kRegisterUser;
  auto first = check("/api/v1/users.register", nullptr, "198.51.100.7", cls, "POST");
  EXPECT_TRUE(first.decision.allowed);
  EXPECT_EQ(first.decision.limit, 1);
  EXPECT_FALSE(
      check("/api/v1/users.register", nullptr, "198.51.100.7", cls, "POST").decision.allowed);
}

// ---- the router applying it ----------------------------------------------------------------

class RouterLimitTest : public ::testing::Test, public testing::ChatFixture {
 protected:
  RouterLimitTest()
      : limiter_([] { return rest::RateLimitSettings{}; }, clock, db.metrics()),
        router_(accounts, db.metrics(), {&limiter_, 1}),
        services_{accounts, config_, settings, rooms, messages, db.store(), clock} {
    rest::register_routes(router_, services_);
    user("alice");
    auto login = call("POST", "/api/v1/login", R"({"user":"alice","password":"pw"})", {});
    auto data = json::parse(login.body).at("data").as_object();
    alice_ = {{"x-user-id", std::string(data.at("userId").as_string())},
              {"x-auth-token", std::string(data.at("authToken").as_string())}};
  }

  net::HttpResponse call(const std::string& method, const std::string& target,
                         const std::string& body,
                         std::vector<std::pair<std::string, std::string>> headers,
                         const std::string& forwarded_for = "198.51.100.7") {
    headers.emplace_back("x-forwarded-for", forwarded_for);
    return router_.dispatch(
        testing::http_request(method, target, body, std::move(headers), "10.0.0.2"));  // proxy
  }

  config::Config config_;
  rest::RestRateLimiter limiter_;
  rest::Router router_;
  rest::Services services_;
  std::vector<std::pair<std::string, std::string>> alice_;
};

TEST_F(RouterLimitTest, EleventhCallIs429WithHeadersOtherRoutesAndClientsGoOn) {
  for (int i = 1; i <= 10; ++i) {
    auto r = call("GET", "/api/v1/me", "", alice_);
    ASSERT_EQ(r.status, 200) << i << r.body;
    EXPECT_EQ(header(r, "X-RateLimit-Remaining"), std::to_string(10 - i));
  }
  auto r = call("GET", "/api/v1/me", "", alice_);
  EXPECT_EQ(r.status, 429);
  EXPECT_TRUE(json::parse(r.body).at("error").as_string().ends_with("[error-too-many-requests]"))
      << r.body;
  EXPECT_EQ(header(r, "X-RateLimit-Remaining"), "0");
  // The same client elsewhere, and another client behind the same proxy, are still served.
  EXPECT_EQ(call("GET", "/api/v1/users.info?username=alice", "", alice_).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/me", "", alice_, "198.51.100.99").status, 200);
}

TEST_F(RouterLimitTest, UnauthenticatedCallsAreNotCounted) {
  for (int i = 0; i < 15; ++i) {
    auto r = call("GET", "/api/v1/me", "", {});
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(header(r, "X-RateLimit-Limit"), "<absent>");
  }
  EXPECT_EQ(header(call("GET", "/api/v1/me", "", alice_), "X-RateLimit-Remaining"), "9");
}

TEST_F(RouterLimitTest, LoginIsLimitedByAddressWithTheDefault) {
  // setUp logged in once from 198.51.100.7 already.
  for (int i = 2; i <= 10; ++i) {
    EXPECT_EQ(call("POST", "/api/v1/login", R"({"user":"alice","password":"pw"})", {}).status, 200);
  }
  EXPECT_EQ(call("POST", "/api/v1/login", R"({"user":"alice","password":"pw"})", {}).status, 429);
}

// ---- DDP sendMessage -----------------------------------------------------------------------

class TestCaller final : public ddp::Caller {
 public:
  TestCaller(ddp::Service& service, store::UserRecord user)
      : service_(service), user_(std::move(user)) {}
  std::optional<store::UserRecord> user() const override { return user_; }
  void set_login(store::UserRecord, std::string) override {}
  std::string clear_login() override { return {}; }
  const std::string& remote_ip() const override { return ip_; }
  const std::string& id() const override { return id_; }
  ddp::Service& service() override { return service_; }
  void send(std::shared_ptr<const std::string>) override {}

 private:
  ddp::Service& service_;
  store::UserRecord user_;
  std::string ip_ = "127.0.0.1";
  std::string id_ = "test-caller";
};

class DdpLimitTest : public ::testing::Test, public testing::ChatFixture {
 protected:
  DdpLimitTest()
      : workers_(1),
        service_(ddp::Domain{accounts, rooms, messages, access, events, presence, db.store()},
                 config_, workers_, db.metrics(), clock) {
    ddp::register_methods(service_);
  }
  ~DdpLimitTest() override { workers_.stop(); }

  json::object send_message(ddp::Caller& caller) {
    json::array params{json::object{{"rid", "no-such-room"}, {"msg", "hi"}}};
    return service_.invoke(caller, "1", "sendMessage", params);
  }
  static bool refused(const json::object& result) {
    const auto* error = result.if_contains("error");
    return error && error->as_object().at("error") == "too-many-requests";
  }

  config::Config config_;
  util::WorkerPool workers_;
  ddp::Service service_;
};

TEST_F(DdpLimitTest, SixthSendInASecondIsTooManyRequests) {
  TestCaller ddp_session(service_, user("bob"));
  // Calls count whatever they answer, as Meteor's DDPRateLimiter counts before the method runs.
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(refused(send_message(ddp_session))) << i;
  clock.advance_ms(250);
  auto sixth = send_message(ddp_session);
  ASSERT_TRUE(refused(sixth)) << json::serialize(sixth);
  const auto& error = sixth.at("error").as_object();
  EXPECT_EQ(error.at("reason"),
            "Error, too many requests. Please slow down. You must wait 1 seconds before trying "
            "again.");
  EXPECT_EQ(error.at("message"),
            "Error, too many requests. Please slow down. You must wait 1 seconds before trying "
            "again. [too-many-requests]");
  EXPECT_EQ(error.at("errorType"), "Meteor.Error");
  EXPECT_EQ(error.at("details").at("timeToReset").to_number<int64_t>(), 750);
  EXPECT_NE(db.metrics().render().find(R"(parley_rate_limited_total{kind="ddp"} 1)"),
            std::string::npos);

  clock.advance_ms(750);
  EXPECT_FALSE(refused(send_message(ddp_session)));
}

TEST_F(DdpLimitTest, OneAllowancePerUserAcrossTransports) {
  auto carol = user("carol");
  TestCaller session(service_, carol), rest_call(service_, carol);
  for (int i = 0; i < 3; ++i) send_message(session);
  for (int i = 0; i < 2; ++i) EXPECT_FALSE(refused(send_message(rest_call)));
  EXPECT_TRUE(refused(send_message(rest_call)));
  TestCaller dave(service_, user("dave"));
  EXPECT_FALSE(refused(send_message(dave)));
}

TEST_F(DdpLimitTest, SendManyMessagesHoldersAreNotLimited) {
  for (const char* role : {"bot", "admin", "app"}) {
    auto u = user(std::string("many-") + role);
    u.roles.push_back(role);
    TestCaller caller(service_, u);
    for (int i = 0; i < 20; ++i) EXPECT_FALSE(refused(send_message(caller))) << role;
  }
}

}  // namespace
}  // namespace parley
