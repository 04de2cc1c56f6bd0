#include "ddp/login_registry.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <vector>

namespace parley::ddp {

namespace json = boost::json;

LoginRegistry::LoginRegistry(bus::Bus& bus) : bus_(bus) {
  interest_ =
      bus_.subscribe(bus::kTokensSubject, [this](const std::string&, const bus::Payload& payload) {
        if (payload) on_revocation(*payload);
      });
}

LoginRegistry::~LoginRegistry() {
  bus_.unsubscribe(interest_);
}

void LoginRegistry::add(const std::string& session_id, const std::string& user_id,
                        std::string hashed_token, std::weak_ptr<RevocableLogin> session) {
  std::lock_guard lock(mu_);
  if (auto it = by_session_.find(session_id); it != by_session_.end()) {
    auto range = by_user_.equal_range(it->second.user_id);
    for (auto u = range.first; u != range.second; ++u) {
      if (u->second == session_id) {
        by_user_.erase(u);
        break;
      }
    }
  }
  by_session_[session_id] = Entry{user_id, std::move(hashed_token), std::move(session)};
  by_user_.emplace(user_id, session_id);
}

void LoginRegistry::remove(const std::string& session_id) {
  std::lock_guard lock(mu_);
  auto it = by_session_.find(session_id);
  if (it == by_session_.end()) return;
  auto range = by_user_.equal_range(it->second.user_id);
  for (auto u = range.first; u != range.second; ++u) {
    if (u->second == session_id) {
      by_user_.erase(u);
      break;
    }
  }
  by_session_.erase(it);
}

std::size_t LoginRegistry::size() const {
  std::lock_guard lock(mu_);
  return by_session_.size();
}

void LoginRegistry::on_revocation(const std::string& payload) {
  boost::system::error_code ec;
  json::value parsed = json::parse(payload, ec);
  if (ec || !parsed.is_object()) {
    spdlog::warn("token revocation: unreadable event ignored");
    return;
  }
  const json::object& event = parsed.get_object();
  const json::value* uid = event.if_contains("uid");
  if (uid == nullptr || !uid->is_string()) return;
  const json::value* all = event.if_contains("all");
  const bool every = all != nullptr && all->is_bool() && all->get_bool();
  std::string except;
  if (const json::value* e = event.if_contains("except"); e && e->is_string())
    except = e->get_string();
  const json::array* tokens = nullptr;
  if (const json::value* t = event.if_contains("tokens"); t && t->is_array())
    tokens = &t->get_array();
  auto matches = [&](const std::string& hash) {
    if (every) return hash != except;
    if (tokens == nullptr) return false;
    for (const auto& token : *tokens) {
      if (token.is_string() && token.get_string() == hash) return true;
    }
    return false;
  };

  std::vector<std::shared_ptr<RevocableLogin>> ended;
  {
    std::lock_guard lock(mu_);
    auto range = by_user_.equal_range(std::string(uid->get_string()));
    for (auto u = range.first; u != range.second; ++u) {
      auto it = by_session_.find(u->second);
      if (it == by_session_.end() || !matches(it->second.hashed_token)) continue;
      if (auto session = it->second.session.lock()) ended.push_back(std::move(session));
    }
  }
  // Outside the mutex: a session that ends calls remove() on its way out.
  for (const auto& session : ended) session->login_revoked();
}

}  // namespace parley::ddp
