#include "ddp/login_registry.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <vector>

namespace parley::ddp {

namespace json = boost::json;

LoginRegistry::LoginRegistry(bus::Bus& bus) : bus_(bus), state_(std::make_shared<State>()) {
  interest_ = bus_.subscribe(
      bus::kTokensSubject,
      [weak = std::weak_ptr<State>(state_)](const std::string&, const bus::Payload& payload) {
        auto state = weak.lock();
        if (state && payload) on_revocation(*state, *payload);
      });
}

LoginRegistry::~LoginRegistry() {
  bus_.unsubscribe(interest_);
}

void LoginRegistry::forget(State& state, const std::string& session_id) {
  auto it = state.by_session.find(session_id);
  if (it == state.by_session.end()) return;
  auto range = state.by_user.equal_range(it->second.user_id);
  for (auto u = range.first; u != range.second; ++u) {
    if (u->second == session_id) {
      state.by_user.erase(u);
      break;
    }
  }
  state.by_session.erase(it);
}

void LoginRegistry::add(const std::string& session_id, const std::string& user_id,
                        std::string hashed_token, std::weak_ptr<RevocableLogin> session) {
  std::lock_guard lock(state_->mu);
  forget(*state_, session_id);  // a login as someone else replaces the previous one
  state_->by_session[session_id] = Entry{user_id, std::move(hashed_token), std::move(session)};
  state_->by_user.emplace(user_id, session_id);
}

void LoginRegistry::remove(const std::string& session_id) {
  std::lock_guard lock(state_->mu);
  forget(*state_, session_id);
}

std::size_t LoginRegistry::size() const {
  std::lock_guard lock(state_->mu);
  return state_->by_session.size();
}

void LoginRegistry::on_revocation(State& state, const std::string& payload) {
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
  if (const json::value* e = event.if_contains("except"); e && e->is_string()) {
    except = e->get_string();
  }
  const json::array* tokens = nullptr;
  if (const json::value* t = event.if_contains("tokens"); t && t->is_array()) {
    tokens = &t->get_array();
  }
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
    std::lock_guard lock(state.mu);
    auto range = state.by_user.equal_range(std::string(uid->get_string()));
    for (auto u = range.first; u != range.second; ++u) {
      auto it = state.by_session.find(u->second);
      if (it == state.by_session.end() || !matches(it->second.hashed_token)) continue;
      if (auto session = it->second.session.lock()) ended.push_back(std::move(session));
    }
  }
  // Outside the mutex: a session that ends calls remove() on its way out.
  for (const auto& session : ended) session->login_revoked();
}

}  // namespace parley::ddp
