#include "chat/presence.hpp"

#include <boost/json/array.hpp>

#include "chat/accounts.hpp"
#include "chat/user_data_events.hpp"

namespace parley::chat {

namespace json = boost::json;

int status_code(std::string_view status) {
  if (status == "online") return 1;
  if (status == "away") return 2;
  if (status == "busy") return 3;
  return 0;
}

bool is_valid_status(std::string_view status) {
  return status == "online" || status == "away" || status == "busy" || status == "offline";
}

Presence::Presence(store::Store& store, Events& events, const util::Clock& clock,
                   PresenceOptions options)
    : store_(store),
      events_(events),
      clock_(clock),
      options_(options),
      idle_after_ms_(options.idle_after_ms) {}

Presence::UserState& Presence::state_for(const store::UserRecord& user) {
  auto [it, inserted] = users_.try_emplace(user.id);
  UserState& u = it->second;
  if (inserted) {
    // What was stored last: the chosen default and text survive restarts; the published
    // status starts from the stored one so a restart does not re-announce everyone.
    u.default_status = is_valid_status(user.status_default) ? user.status_default : "online";
    u.text = user.status_text;
    u.published_status = is_valid_status(user.status) ? user.status : "offline";
    u.published_text = user.status_text;
  }
  u.username = user.username;
  u.name = user.name;
  u.roles = user.roles;
  return u;
}

std::string Presence::connections_status(const UserState& u) {
  if (u.connections.empty()) return "offline";
  for (const auto& [id, connection] : u.connections) {
    if (!connection.counts_as_away()) return "online";
  }
  return "away";
}

std::string Presence::effective(const UserState& u, int64_t now) const {
  if (u.connections.empty()) {
    // Within the grace period the last published status holds (a reload must not flap).
    if (now - u.last_left_ms < options_.offline_grace_ms) return u.published_status;
    return "offline";
  }
  if (u.default_status != "online") return u.default_status;
  return connections_status(u);
}

void Presence::connected(const store::UserRecord& user, std::string_view connection_id) {
  std::lock_guard lock(mu_);
  Connection& c = state_for(user).connections[std::string(connection_id)];
  c = Connection{};
  c.last_active_ms = clock_.now_ms();
  dirty_.insert(user.id);
}

void Presence::disconnected(std::string_view user_id, std::string_view connection_id) {
  std::lock_guard lock(mu_);
  auto it = users_.find(std::string(user_id));
  if (it == users_.end()) return;
  if (it->second.connections.erase(std::string(connection_id)) == 0) return;
  if (it->second.connections.empty()) it->second.last_left_ms = clock_.now_ms();
  dirty_.insert(it->first);
}

void Presence::set_away(std::string_view user_id, std::string_view connection_id, bool away) {
  std::lock_guard lock(mu_);
  auto it = users_.find(std::string(user_id));
  if (it == users_.end()) return;
  auto c = it->second.connections.find(std::string(connection_id));
  if (c == it->second.connections.end()) return;
  Connection& connection = c->second;
  const bool was_away = connection.counts_as_away();
  connection.manages_itself = true;
  connection.idle = false;
  connection.away = away;
  connection.last_active_ms = clock_.now_ms();
  if (was_away != away) dirty_.insert(it->first);
}

void Presence::active(std::string_view user_id, std::string_view connection_id) {
  std::lock_guard lock(mu_);
  auto it = users_.find(std::string(user_id));
  if (it == users_.end()) return;
  auto c = it->second.connections.find(std::string(connection_id));
  if (c == it->second.connections.end()) return;
  c->second.last_active_ms = clock_.now_ms();
  if (c->second.idle) {
    c->second.idle = false;
    dirty_.insert(it->first);
  }
}

void Presence::sweep_idle(int64_t now) {
  const int64_t limit = idle_after_ms_;
  const bool limit_changed = idle_limit_changed_.exchange(false);
  if (limit <= 0 && !limit_changed) return;
  for (auto& [user_id, u] : users_) {
    for (auto& [id, c] : u.connections) {
      // Under the current limit (or with detection off), is this connection idle?
      const bool idle = limit > 0 && !c.manages_itself && now - c.last_active_ms >= limit;
      if (idle == c.idle) continue;
      c.idle = idle;
      dirty_.insert(user_id);
    }
  }
}

Status Presence::set_default(const store::UserRecord& user, std::string_view status,
                             std::optional<std::string> text) {
  if (!is_valid_status(status)) return invalid_params("Invalid status");
  if (text && text->size() > 120) return invalid_params("The status message is too long");
  std::lock_guard lock(mu_);
  UserState& u = state_for(user);
  u.default_status = std::string(status);
  if (text) u.text = std::move(*text);
  dirty_.insert(user.id);
  return Ok{};
}

void Presence::adopt_stored_statuses() {
  const auto stored = store_.users_not_offline();
  const int64_t now = clock_.now_ms();
  std::lock_guard lock(mu_);
  for (const auto& user : stored) {
    // rocket.cat is online by creation and never connects; nothing here owns its status.
    if (user.id == kRocketCatId) continue;
    UserState& u = state_for(user);
    if (!u.connections.empty()) continue;
    u.last_left_ms = now;
    dirty_.insert(user.id);
  }
}

std::size_t Presence::flush() {
  const int64_t now = clock_.now_ms();
  std::vector<store::UserStatusRecord> changes;
  std::vector<json::array> status_events;
  std::vector<std::pair<std::string, json::array>> presence_events;
  {
    std::lock_guard lock(mu_);
    sweep_idle(now);
    std::unordered_set<std::string> still_dirty;
    for (const auto& id : dirty_) {
      auto it = users_.find(id);
      if (it == users_.end()) continue;
      UserState& u = it->second;
      const std::string status = effective(u, now);
      if (u.connections.empty() && u.published_status != "offline" &&
          now - u.last_left_ms < options_.offline_grace_ms) {
        still_dirty.insert(id);  // decide once the grace is over
      }
      if (status == u.published_status && u.text == u.published_text) continue;
      u.published_status = status;
      u.published_text = u.text;
      changes.push_back({id, status, u.text, u.default_status, now});
      json::array roles;
      for (const auto& r : u.roles) roles.emplace_back(r);
      status_events.push_back(json::array{
          json::array{id, u.username, status_code(status), u.text, u.name, std::move(roles)}});
      presence_events.emplace_back(
          id, json::array{json::array{u.username, status_code(status), u.text}});
    }
    dirty_ = std::move(still_dirty);
    // Forget users who are offline with nothing pending; they reload from the store.
    for (auto it = users_.begin(); it != users_.end();) {
      const UserState& u = it->second;
      if (u.connections.empty() && u.published_status == "offline" && !dirty_.contains(it->first)) {
        it = users_.erase(it);
      } else {
        ++it;
      }
    }
  }
  if (changes.empty()) return 0;
  store_.set_user_statuses(changes);
  if (broadcast_) {
    for (auto& args : status_events) events_.logged_event("user-status", std::move(args));
    for (auto& [id, args] : presence_events) events_.presence_event(id, std::move(args));
  }
  for (const auto& c : changes) {
    publish_user_data(events_, c.user_id,
                      json::object{{"status", c.status}, {"statusText", c.status_text}});
  }
  return changes.size();
}

std::string Presence::connection_status(std::string_view user_id) {
  std::lock_guard lock(mu_);
  auto it = users_.find(std::string(user_id));
  if (it == users_.end()) return "offline";
  return connections_status(it->second);
}

PresenceCounts Presence::counts() {
  std::lock_guard lock(mu_);
  PresenceCounts c;
  for (const auto& [id, u] : users_) {
    if (u.published_status == "online") ++c.online;
    if (u.published_status == "away") ++c.away;
    if (u.published_status == "busy") ++c.busy;
    if (!u.connections.empty()) ++c.connected_users;
    c.connections += static_cast<int64_t>(u.connections.size());
  }
  return c;
}

std::vector<std::string> Presence::connected_user_ids() {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [id, u] : users_) {
    if (!u.connections.empty()) out.push_back(id);
  }
  return out;
}

std::string Presence::status_of(std::string_view user_id) {
  std::lock_guard lock(mu_);
  auto it = users_.find(std::string(user_id));
  return it == users_.end() ? "offline" : it->second.published_status;
}

}  // namespace parley::chat
