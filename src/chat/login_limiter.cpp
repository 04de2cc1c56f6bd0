#include "chat/login_limiter.hpp"

namespace parley::chat {

void LoginLimiter::prune(Failures& failures, int64_t window_ms, int64_t now) {
  while (!failures.empty() && failures.front() <= now - window_ms) failures.pop_front();
}

bool LoginLimiter::blocked(std::unordered_map<std::string, Failures>& table, const std::string& key,
                           int attempts, int64_t window_ms) {
  auto it = table.find(key);
  if (it == table.end()) return false;
  prune(it->second, window_ms, clock_.now_ms());
  if (it->second.empty()) {
    table.erase(it);
    return false;
  }
  return static_cast<int>(it->second.size()) >= attempts;
}

void LoginLimiter::set_limits(LoginLimits limits) {
  std::lock_guard lock(mu_);
  limits_ = limits;
}

bool LoginLimiter::ip_blocked(const std::string& ip) {
  std::lock_guard lock(mu_);
  if (!limits_.enabled || !limits_.by_ip) return false;
  return blocked(by_ip_, ip, limits_.ip_attempts, limits_.ip_window_ms);
}

bool LoginLimiter::user_blocked(const std::string& login_name) {
  std::lock_guard lock(mu_);
  if (!limits_.enabled || !limits_.by_user) return false;
  return blocked(by_user_, login_name, limits_.user_attempts, limits_.user_window_ms);
}

void LoginLimiter::record_failure(const std::string& ip, const std::string& login_name) {
  std::lock_guard lock(mu_);
  if (!limits_.enabled) return;
  int64_t now = clock_.now_ms();
  if (limits_.by_ip) {
    auto& f = by_ip_[ip];
    prune(f, limits_.ip_window_ms, now);
    f.push_back(now);
  }
  if (limits_.by_user && !login_name.empty()) {
    auto& f = by_user_[login_name];
    prune(f, limits_.user_window_ms, now);
    f.push_back(now);
  }
}

void LoginLimiter::record_success(const std::string& ip, const std::string& login_name) {
  std::lock_guard lock(mu_);
  by_ip_.erase(ip);
  by_user_.erase(login_name);
}

}  // namespace parley::chat
