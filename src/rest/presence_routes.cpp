// users.getPresence / getStatus / setStatus / presence (rc-api.md §6.3, issue 4): a user's
// status as chat::Presence publishes and stores it.
#include "chat/permissions.hpp"
#include "chat/user_views.hpp"
#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/routes.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

// userId | username, or the caller when neither is given.
chat::Result<store::UserRecord> target_user(Services& s, RestRequest& r, Reader& p) {
  chat::UserSelector who;
  who.id = p.optional_string("userId");
  who.username = p.optional_string("username");
  if (who.empty()) return r.me();
  return s.accounts.find_user(who);
}

chat::Error presence_unavailable() {
  return chat::internal_error();
}

}  // namespace

// -> {presence} for others; also {connectionStatus, lastLogin} for oneself, as RC answers.
net::HttpResponse users_get_presence(Services& s, RestRequest& r) {
  Reader p = r.params();
  if (p.error()) return failure(*p.error());
  auto user = target_user(s, r, p);
  if (!user) return failure(user.error());
  json::object out{{"presence", user->status}};
  if (user->id == r.me().id && s.presence != nullptr) {
    out["connectionStatus"] = s.presence->connection_status(user->id);
    if (user->last_login) {
      out["lastLogin"] = chat::date_value(*user->last_login, chat::DateStyle::kIso);
    }
  }
  return success(std::move(out));
}

// -> {_id, message, status} (+ connectionStatus for oneself).
net::HttpResponse users_get_status(Services& s, RestRequest& r) {
  Reader p = r.params();
  if (p.error()) return failure(*p.error());
  auto user = target_user(s, r, p);
  if (!user) return failure(user.error());
  json::object out{{"_id", user->id}, {"message", user->status_text}, {"status", user->status}};
  if (user->id == r.me().id && s.presence != nullptr) {
    out["connectionStatus"] = s.presence->connection_status(user->id);
  }
  return success(std::move(out));
}

// {status?, message?, userId?|username?}: another user's needs edit-other-user-info.
net::HttpResponse users_set_status(Services& s, RestRequest& r) {
  Reader p(r.body);
  std::string status = p.optional_string("status");
  const json::value* message = r.body.if_contains("message");
  if (message && !message->is_string()) p.fail("The parameter \"message\" must be a string");
  if (status.empty() && !message) p.fail("The parameter \"status\" or \"message\" is required");
  if (p.error()) return failure(*p.error());
  if (!status.empty() && !chat::is_valid_status(status)) {
    return failure(chat::domain_error(
        "error-invalid-status", "Valid status types include online, away, offline, and busy."));
  }
  auto user = target_user(s, r, p);
  if (!user) return failure(user.error());
  if (user->id != r.me().id && !chat::has_permission(r.me(), "edit-other-user-info")) {
    return failure(chat::domain_error("error-action-not-allowed", "Not allowed"));
  }
  if (s.presence == nullptr) return failure(presence_unavailable());
  std::optional<std::string> text;
  if (message) text = std::string(message->get_string());
  auto done = s.presence->set_default(*user, status.empty() ? user->status_default : status,
                                      std::move(text));
  if (!done) return failure(done.error());
  return success();
}

// -> {users:[{_id, username, name, status, utcOffset, statusText}], full}, as Rocket.Chat's
// users.presence answers:
//  - `ids` (comma-separated): those of them not offline; full:false.
//  - `from` (ISO date) within the last 10 minutes: everyone else changed since then, offline
//    ones included so the client learns who left; full:false.
//  - otherwise (or `from` older than that): everyone not offline; full:true.
net::HttpResponse users_presence(Services& s, RestRequest& r) {
  // With broadcasting off, Rocket.Chat answers no one (and full:true, whatever was asked):
  // its client then shows every user's presence as disabled rather than stale.
  if (s.settings.boolean("Presence_broadcast_disabled")) {
    return success({{"users", json::array{}}, {"full", true}});
  }
  Reader p = r.params();
  std::string ids = p.optional_string("ids");
  // A `from` that is not a date answers the full list, as Rocket.Chat's `new Date(from)`
  // (NaN) does, rather than an error.
  std::optional<int64_t> from = parse_iso8601(p.optional_string("from"));
  if (p.error()) return failure(*p.error());
  const std::vector<std::string> wanted = split_comma_list(ids);
  constexpr int64_t kRecentMs = 10 * 60'000;
  const bool since = wanted.empty() && from && s.clock.now_ms() - *from < kRecentMs;
  json::array users;
  auto list = since ? s.store.users_updated_since(*from) : s.store.users_not_offline();
  for (const auto& u : list) {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), u.id) == wanted.end()) continue;
    if (since && u.id == r.me().id) continue;
    users.push_back(json::object{{"_id", u.id},
                                 {"username", u.username},
                                 {"name", u.name},
                                 {"status", u.status},
                                 {"utcOffset", u.utc_offset},
                                 {"statusText", u.status_text}});
  }
  return success({{"users", std::move(users)}, {"full", wanted.empty() && !since}});
}

}  // namespace parley::rest::handlers
