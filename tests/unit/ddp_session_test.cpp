// The DDP state machine below the socket: real accounts and SQLite, a peer that records what
// the session would have written to the WebSocket.
#include "ddp/session.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <condition_variable>

#include "chat_fixture.hpp"
#include "recording_peer.hpp"
#include "util/hash.hpp"

namespace parley::ddp {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::RecordingPeer;

// The admin of ChatFixture has the password "pw"; these tests log in as "admin"/"adminpw",
// created here with its own name so the fixture's admin stays untouched.
class DdpSessionTest : public ::testing::Test, public testing::ChatFixture {
 protected:
  DdpSessionTest()
      : workers_(2),
        service_(Domain{accounts, rooms, messages, access, events, presence, db.store()}, config_, workers_, db.metrics(),
                 clock) {
    register_methods(service_);
    auto created = accounts.create_user(
        admin, {"root", "root@example.com", "adminpw", "Root", {"admin"}, true, true, false});
    EXPECT_TRUE(created);
    handler_ = service_.open(peer_, "127.0.0.1");
  }
  ~DdpSessionTest() override { workers_.stop(); }

  // Logs the session in as root; returns the index of the next frame.
  std::size_t login() {
    connect();
    send({{"msg", "method"},
          {"id", "login"},
          {"method", "login"},
          {"params", json::array{json::object{{"user", json::object{{"username", "root"}}},
                                              {"password", "adminpw"}}}}});
    EXPECT_TRUE(peer_->frame(3).contains("result"));
    peer_->frame(4);  // updated
    return 5;
  }
  // Calls a method and returns its result frame (the one with this id), skipping others.
  json::object call(const std::string& id, const std::string& method, json::array params,
                    std::size_t& next) {
    send({{"msg", "method"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
    for (;; ++next) {
      auto frame = peer_->frame(next);
      if (frame.empty()) return frame;
      if (frame.at("msg") == "result" && frame.at("id") == json::value(id)) {
        ++next;
        return frame;
      }
    }
  }

  void send(const json::object& frame) { handler_->on_text(json::serialize(frame)); }
  void connect() {
    send({{"msg", "connect"}, {"version", "1"}, {"support", json::array{"1", "pre2", "pre1"}}});
    ASSERT_EQ(peer_->frame(1).at("msg"), "connected");
  }

  config::Config config_;
  util::WorkerPool workers_;
  Service service_;
  std::shared_ptr<RecordingPeer> peer_ = std::make_shared<RecordingPeer>();
  std::shared_ptr<net::WebSocketHandler> handler_;
};

TEST_F(DdpSessionTest, GreetsWithExactlyServerIdZero) {
  EXPECT_EQ(peer_->raw(0), R"({"server_id":"0"})");
}

TEST_F(DdpSessionTest, AcceptsEveryVersionRealClientsSend) {
  for (const char* version : {"1", "pre2", "pre1"}) {
    auto peer = std::make_shared<RecordingPeer>();
    auto h = service_.open(peer, "127.0.0.1");
    h->on_text(json::serialize(json::object{{"msg", "connect"}, {"version", version}}));
    auto connected = peer->frame(1);
    EXPECT_EQ(connected.at("msg"), "connected") << version;
    EXPECT_EQ(connected.at("session").as_string().size(), 17u);
  }
}

TEST_F(DdpSessionTest, RefusesAnUnknownVersion) {
  send({{"msg", "connect"}, {"version", "2"}});
  EXPECT_EQ(peer_->frame(1), (json::object{{"msg", "failed"}, {"version", "1"}}));
  EXPECT_EQ(peer_->close_code(), 1002);
}

TEST_F(DdpSessionTest, AnythingBeforeConnectClosesWith1002) {
  send({{"msg", "method"}, {"id", "1"}, {"method", "login"}, {"params", json::array{}}});
  EXPECT_EQ(peer_->close_code(), 1002);
}

TEST_F(DdpSessionTest, PingIsAnsweredEchoingTheId) {
  connect();
  send({{"msg", "ping"}, {"id", "abc"}});
  EXPECT_EQ(peer_->frame(2), (json::object{{"msg", "pong"}, {"id", "abc"}}));
  send({{"msg", "ping"}});
  EXPECT_EQ(peer_->frame(3), (json::object{{"msg", "pong"}}));
}

TEST_F(DdpSessionTest, GarbageGetsBadRequestAndTheSessionLives) {
  connect();
  handler_->on_text("{nope");
  EXPECT_EQ(peer_->frame(2), (json::object{{"msg", "error"}, {"reason", "Parse error"}}));
  json::object bad{{"msg", "method"}, {"id", 5}, {"method", "login"}};  // id must be a string
  send(bad);
  auto error = peer_->frame(3);
  EXPECT_EQ(error.at("reason"), "Bad request");
  EXPECT_EQ(error.at("offendingMessage"), bad);
  send({{"msg", "ping"}, {"id", "still-here"}});
  EXPECT_EQ(peer_->frame(4).at("id"), "still-here");
  EXPECT_EQ(peer_->close_code(), 0);
}

TEST_F(DdpSessionTest, UnknownMethodIsMeteor404ThenUpdated) {
  connect();
  send({{"msg", "method"}, {"id", "7"}, {"method", "nope"}, {"params", json::array{}}});
  auto result = peer_->frame(2);
  EXPECT_EQ(result.at("id"), "7");
  auto& error = result.at("error").as_object();
  EXPECT_EQ(error.at("error"), 404);
  EXPECT_EQ(error.at("reason"), "Method 'nope' not found");
  EXPECT_EQ(error.at("message"), "Method 'nope' not found [404]");
  EXPECT_EQ(error.at("errorType"), "Meteor.Error");
  EXPECT_EQ(error.at("isClientSafe"), true);
  EXPECT_EQ(peer_->frame(3), (json::object{{"msg", "updated"}, {"methods", json::array{"7"}}}));
}

TEST_F(DdpSessionTest, LoginWithDigestThenResumeThenLogout) {
  connect();
  json::object digest{{"digest", util::sha256_hex("adminpw")}, {"algorithm", "sha-256"}};
  send({{"msg", "method"},
        {"id", "1"},
        {"method", "login"},
        {"params", json::array{json::object{{"user", json::object{{"username", "root"}}},
                                            {"password", digest}}}}});
  EXPECT_EQ(peer_->frame(2).at("collection"), "users");  // the user's own document
  auto result = peer_->frame(3).at("result").as_object();
  EXPECT_EQ(result.at("type"), "password");
  EXPECT_EQ(result.at("id").as_string(), db.store().user_by_username("root")->id);
  EXPECT_TRUE(result.at("tokenExpires").as_object().at("$date").is_int64());
  std::string token(result.at("token").as_string());

  send({{"msg", "method"}, {"id", "2"}, {"method", "logout"}, {"params", json::array{}}});
  auto logout = peer_->frame(5);
  EXPECT_EQ(logout.at("id"), "2");
  EXPECT_FALSE(logout.contains("result"));  // undefined result is omitted
  EXPECT_FALSE(logout.contains("error"));

  send({{"msg", "method"},
        {"id", "3"},
        {"method", "login"},
        {"params", json::array{json::object{{"resume", token}}}}});
  auto refused = peer_->frame(7).at("error").as_object();
  EXPECT_EQ(refused.at("error"), 403);
}

TEST_F(DdpSessionTest, PlaintextPasswordLoginAsSdk029SendsIt) {
  connect();
  send({{"msg", "method"},
        {"id", "1"},
        {"method", "login"},
        {"params", json::array{json::object{{"user", json::object{{"username", "root"}}},
                                            {"password", "adminpw"}}}}});
  EXPECT_EQ(peer_->frame(3).at("result").at("type"), "password");
}

TEST_F(DdpSessionTest, WrongParamTypesAreAnErrorNotACrash) {
  connect();
  send({{"msg", "method"}, {"id", "1"}, {"method", "login"}, {"params", json::array{123}}});
  EXPECT_EQ(peer_->frame(2).at("error").at("error"), 400);
  send({{"msg", "method"},
        {"id", "2"},
        {"method", "login"},
        {"params", json::array{json::object{{"user", json::object{{"username", "root"}}},
                                            {"password", json::object{{"digest", 5}}}}}}});
  EXPECT_EQ(peer_->frame(4).at("error").at("reason"), "Match failed");
}

TEST_F(DdpSessionTest, MethodsOnOneConnectionAnswerInOrder) {
  connect();
  for (int i = 0; i < 20; ++i) {
    send({{"msg", "method"},
          {"id", std::to_string(i)},
          {"method", i % 2 ? "logout" : "nope"},
          {"params", json::array{}}});
  }
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(peer_->frame(2 + 2 * i).at("id").as_string(), std::to_string(i));
  }
}

TEST_F(DdpSessionTest, HeartbeatPingsWhenIdleAndClosesWhenUnanswered) {
  connect();
  int64_t now = clock.now_ms();
  handler_->on_tick(now + 1000);
  EXPECT_EQ(peer_->count(), 2u);  // not idle long enough
  handler_->on_tick(now + 30'000);
  EXPECT_EQ(peer_->frame(2), (json::object{{"msg", "ping"}}));
  handler_->on_tick(now + 59'999);
  EXPECT_EQ(peer_->close_code(), 0);
  handler_->on_tick(now + 60'000);
  EXPECT_EQ(peer_->close_code(), 4000);
}

TEST_F(DdpSessionTest, AnsweredPingKeepsTheSessionOpen) {
  connect();
  int64_t now = clock.now_ms();
  handler_->on_tick(now + 30'000);
  clock.set_ms(now + 31'000);
  send({{"msg", "pong"}});
  handler_->on_tick(now + 60'000);
  EXPECT_EQ(peer_->close_code(), 0);
}

TEST_F(DdpSessionTest, LoginServiceConfigurationIsReadyAndUnknownSubsAreNosub) {
  connect();
  send({{"msg", "sub"}, {"id", "s1"}, {"name", "meteor.loginServiceConfiguration"}});
  EXPECT_EQ(peer_->frame(2), (json::object{{"msg", "ready"}, {"subs", json::array{"s1"}}}));
  send({{"msg", "sub"}, {"id", "s2"}, {"name", "no-such-pub"}});
  auto nosub = peer_->frame(3);
  EXPECT_EQ(nosub.at("msg"), "nosub");
  EXPECT_EQ(nosub.at("error").at("error"), 404);
}

TEST_F(DdpSessionTest, SubscriptionsPerConnectionAreCappedAndAnUnsubFreesASlot) {
  config_.ddp_max_subscriptions = 2;
  connect();
  auto sub = [&](const char* id, const char* name, json::array params) {
    send({{"msg", "sub"}, {"id", id}, {"name", name}, {"params", std::move(params)}});
  };
  sub("s1", "meteor.loginServiceConfiguration", {});
  EXPECT_EQ(peer_->frame(2), (json::object{{"msg", "ready"}, {"subs", json::array{"s1"}}}));
  sub("s2", "stream-notify-all", {"public-settings-changed", false});
  EXPECT_EQ(peer_->frame(3), (json::object{{"msg", "ready"}, {"subs", json::array{"s2"}}}));
  // An open id again: ignored as Meteor ignores it, so the next frame answers s3.
  sub("s2", "stream-notify-all", {"public-settings-changed", false});
  sub("s3", "stream-notify-all", {"public-settings-changed", false});
  auto over = peer_->frame(4);
  EXPECT_EQ(over.at("msg"), "nosub");
  EXPECT_EQ(over.at("id"), "s3");
  EXPECT_EQ(over.at("error").at("error"), "too-many-subscriptions");
  EXPECT_EQ(over.at("error").at("errorType"), "Meteor.Error");
  EXPECT_EQ(over.at("error").at("details").at("max"), 2);
  send({{"msg", "unsub"}, {"id", "s2"}});
  EXPECT_EQ(peer_->frame(5), (json::object{{"msg", "nosub"}, {"id", "s2"}}));
  sub("s3", "stream-notify-all", {"public-settings-changed", false});
  EXPECT_EQ(peer_->frame(6), (json::object{{"msg", "ready"}, {"subs", json::array{"s3"}}}));
  // Refusals that are not the cap's (unknown publication, a read rule) take no slot either.
  send({{"msg", "unsub"}, {"id", "s3"}});
  EXPECT_EQ(peer_->frame(7).at("msg"), "nosub");
  sub("s4", "no-such-pub", {});
  EXPECT_EQ(peer_->frame(8).at("error").at("error"), 404);
  sub("s5", "stream-notify-logged", {"user-status", false});
  EXPECT_EQ(peer_->frame(9).at("error").at("error"), "not-allowed");
  sub("s6", "meteor_autoupdate_clientVersions", {});
  EXPECT_EQ(peer_->frame(10), (json::object{{"msg", "ready"}, {"subs", json::array{"s6"}}}));
}

TEST_F(DdpSessionTest, ChatMethodsNeedALogin) {
  connect();
  std::size_t next = 2;
  auto refused = call("1", "sendMessage", json::array{json::object{{"rid", "x"}, {"msg", "hi"}}},
                      next);
  EXPECT_EQ(refused.at("error").at("error"), "error-not-allowed");
}

TEST_F(DdpSessionTest, CreateJoinSendAndLoadHistory) {
  std::size_t next = login();
  auto created = call("c", "createChannel", json::array{"lobby", json::array{}, false}, next);
  ASSERT_TRUE(created.contains("result")) << json::serialize(created);
  std::string rid(created.at("result").at("rid").as_string());
  EXPECT_EQ(created.at("result").at("name"), "lobby");

  auto joined = call("j", "joinRoom", json::array{rid}, next);
  EXPECT_EQ(joined.at("result"), true);  // already a member: still true

  auto sent = call("s", "sendMessage",
                   json::array{json::object{{"_id", "clientside0000001"}, {"rid", rid},
                                            {"msg", "hello"}, {"bot", json::object{{"i", "js.SDK"}}}}},
                   next);
  ASSERT_TRUE(sent.contains("result")) << json::serialize(sent);
  EXPECT_EQ(sent.at("result").at("_id"), "clientside0000001");
  EXPECT_TRUE(sent.at("result").at("ts").at("$date").is_int64());
  EXPECT_EQ(sent.at("result").at("bot").at("i"), "js.SDK");

  auto again = call("s2", "sendMessage",
                    json::array{json::object{{"_id", "clientside0000001"}, {"rid", rid},
                                             {"msg", "hello"}}},
                    next);
  EXPECT_EQ(again.at("result").at("_id"), "clientside0000001");

  auto history = call("h", "loadHistory", json::array{rid, nullptr, 50, nullptr}, next);
  ASSERT_TRUE(history.contains("result")) << json::serialize(history);
  EXPECT_EQ(history.at("result").at("messages").as_array().size(), 1u);

  auto id = call("n", "getRoomIdByNameOrId", json::array{"lobby"}, next);
  EXPECT_EQ(id.at("result").as_string(), rid);
}

TEST_F(DdpSessionTest, CreateDirectMessageAnswersWithRidNotId) {
  user("bob");
  std::size_t next = login();
  auto dm = call("d", "createDirectMessage", json::array{"bob"}, next);
  ASSERT_TRUE(dm.contains("result")) << json::serialize(dm);
  EXPECT_EQ(dm.at("result").at("t"), "d");
  EXPECT_TRUE(dm.at("result").as_object().contains("rid"));
  EXPECT_FALSE(dm.at("result").as_object().contains("_id"));
  auto bad = call("b", "createDirectMessage", json::array{"nobody-here"}, next);
  EXPECT_EQ(bad.at("error").at("error"), "error-invalid-user");
}

TEST_F(DdpSessionTest, WrongParamsToChatMethodsAreMatchFailed) {
  std::size_t next = login();
  auto bad = call("1", "sendMessage", json::array{42}, next);
  EXPECT_EQ(bad.at("error").at("reason"), "Match failed");
  auto bad_date = call("2", "loadHistory", json::array{"room", "yesterday"}, next);
  EXPECT_EQ(bad_date.at("error").at("reason"), "Match failed");
}

}  // namespace
}  // namespace parley::ddp
