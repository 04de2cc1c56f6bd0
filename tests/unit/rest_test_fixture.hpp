#pragma once
// The REST layer over the real chat services and a real SQLite store, driven through
// rest::Router::dispatch as the server drives it. Every reply is checked for EJSON dates:
// REST must send ISO strings only.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "chat_fixture.hpp"
#include "http_request.hpp"
#include "rest/router.hpp"
#include "rest/routes.hpp"

namespace parley::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Reply {
  int status = 0;
  boost::json::object body;
  // The Rocket.Chat errorType, or "" when there is none.
  std::string error_type() const {
    const auto* t = body.if_contains("errorType");
    return t && t->is_string() ? std::string(t->get_string()) : std::string();
  }
};

inline bool is_iso_date(const boost::json::value& v) {
  static const std::regex kIso(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  return v.is_string() && std::regex_match(std::string(v.get_string()), kIso);
}

class RestFixture : public ::testing::Test {
 protected:
  RestFixture()
      : router_(chat_.accounts, chat_.db.metrics()), services_{chat_.accounts,  config_,
                                                               chat_.settings,  chat_.rooms,
                                                               chat_.messages,  chat_.db.store(),
                                                               chat_.clock,     nullptr,
                                                               &chat_.presence, &chat_.statistics} {
    rest::register_routes(router_, services_);
  }

  Reply call(const std::string& method, const std::string& target, const std::string& body,
             const Headers& headers) {
    auto response = router_.dispatch(http_request(method, target, body, headers));
    EXPECT_EQ(response.body.find("$date"), std::string::npos) << target << ": " << response.body;
    return {response.status, boost::json::parse(response.body).as_object()};
  }
  Reply get(const std::string& target, const Headers& h) { return call("GET", target, {}, h); }
  Reply post(const std::string& target, const boost::json::object& body, const Headers& h) {
    return call("POST", target, boost::json::serialize(body), h);
  }

  // Logs `username` in (password "pw") and returns the auth headers.
  Headers login(const std::string& username) {
    auto r = post("/api/v1/login", {{"user", username}, {"password", "pw"}}, {});
    EXPECT_EQ(r.status, 200) << boost::json::serialize(r.body);
    const auto& data = r.body.at("data").as_object();
    return {{"x-user-id", std::string(data.at("userId").as_string())},
            {"x-auth-token", std::string(data.at("authToken").as_string())}};
  }
  // Creates a user (password "pw") and logs them in.
  Headers user(const std::string& username) {
    chat_.user(username);
    return login(username);
  }
  std::string id_of(const std::string& username) {
    return chat_.db.store().user_by_username(username)->id;
  }
  // Creates a channel ("c") or group ("p") as `owner`; returns its id.
  std::string room(const Headers& owner, const std::string& family, const std::string& name,
                   boost::json::array members = {}) {
    auto r = post("/api/v1/" + family + ".create", {{"name", name}, {"members", members}}, owner);
    EXPECT_EQ(r.status, 200) << boost::json::serialize(r.body);
    const char* key = family == "channels" ? "channel" : "group";
    return std::string(r.body.at(key).at("_id").as_string());
  }
  // Sends `text` to `rid` through chat.sendMessage; returns the message.
  boost::json::object send(const Headers& h, const std::string& rid, const std::string& text) {
    auto r = post("/api/v1/chat.sendMessage",
                  {{"message", boost::json::object{{"rid", rid}, {"msg", text}}}}, h);
    EXPECT_EQ(r.status, 200) << boost::json::serialize(r.body);
    return r.body.at("message").as_object();
  }

  ChatFixture chat_;
  config::Config config_;
  rest::Router router_;
  rest::Services services_;
};

}  // namespace parley::testing
