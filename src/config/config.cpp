#include "config/config.hpp"

#include <cstdlib>
#include <stdexcept>

namespace parley::config {
namespace {

int64_t parse_int(const std::string& name, const std::string& value, int64_t min, int64_t max) {
  std::size_t used = 0;
  int64_t parsed = 0;
  try {
    parsed = std::stoll(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != value.size() || parsed < min || parsed > max) {
    throw std::invalid_argument(name + "=" + value + " is not an integer in [" +
                                std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  return parsed;
}

class Reader {
 public:
  explicit Reader(const EnvLookup& env) : env_(env) {}

  void str(const char* name, std::string& out) const {
    if (auto v = env_(name)) out = *v;
  }
  template <typename T>
  void integer(const char* name, T& out, int64_t min, int64_t max) const {
    if (auto v = env_(name)) out = static_cast<T>(parse_int(name, *v, min, max));
  }
  void millis(const char* name, std::chrono::milliseconds& out, int64_t max) const {
    if (auto v = env_(name)) out = std::chrono::milliseconds(parse_int(name, *v, 0, max));
  }

 private:
  const EnvLookup& env_;
};

}  // namespace

std::string Config::effective_root_url() const {
  if (!root_url.empty()) {
    std::string url = root_url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
  }
  return "http://localhost:" + std::to_string(port);
}

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

void apply_env(Config& c, const EnvLookup& env) {
  Reader r(env);
  r.str("BIND_IP", c.bind_address);
  r.integer("PORT", c.port, 0, 65535);
  r.str("ROOT_URL", c.root_url);
  r.integer("PARLEY_EVENT_LOOPS", c.event_loops, 0, 256);
  r.integer("PARLEY_WORKERS", c.workers, 1, 1024);
  r.integer("PARLEY_BODY_LIMIT", c.body_limit, 1024, int64_t{1} << 34);
  r.millis("PARLEY_SHUTDOWN_GRACE_MS", c.shutdown_grace, 3'600'000);
  if (auto v = env("PARLEY_BODY_READ_TIMEOUT_MS")) {
    // Not 0: every read of an upload would time out at once.
    c.body_read_timeout =
        std::chrono::milliseconds(parse_int("PARLEY_BODY_READ_TIMEOUT_MS", *v, 1, 3'600'000));
  }
  r.millis("PARLEY_PRESENCE_GRACE_MS", c.presence_offline_grace, 3'600'000);
  r.millis("PARLEY_DDP_PING_AFTER_MS", c.ddp_ping_after, 3'600'000);
  r.millis("PARLEY_DDP_TIMEOUT_MS", c.ddp_timeout, 3'600'000);
  r.integer("PARLEY_DDP_MAX_SUBSCRIPTIONS", c.ddp_max_subscriptions, 1, 1'000'000);
  if (auto v = env("PARLEY_TICK_SECONDS")) {
    c.tick_interval = std::chrono::seconds(parse_int("PARLEY_TICK_SECONDS", *v, 1, 3600));
  }
  r.integer("HTTP_FORWARDED_COUNT", c.http_forwarded_count, 0, 64);
  r.integer("PARLEY_MAX_CONNECTIONS_PER_IP", c.max_connections_per_ip, 0, 10'000'000);
  r.integer("PARLEY_UPLOAD_WORKERS", c.upload_workers, 1, 64);
  r.integer("PARLEY_UPLOADS_MAX", c.uploads_max, 1, 100'000);
  r.integer("PARLEY_UPLOADS_MAX_PER_USER", c.uploads_max_per_user, 1, 100'000);
  r.millis("PARLEY_UPLOAD_UNCONFIRMED_TTL_MS", c.upload_unconfirmed_ttl, int64_t{1} << 40);
  r.str("PARLEY_DATA_DIR", c.data_dir);
  r.str("PARLEY_WEB_ROOT", c.web_root);
  r.str("ADMIN_USERNAME", c.admin_username);
  r.str("ADMIN_PASS", c.admin_pass);
  r.str("ADMIN_EMAIL", c.admin_email);
  if (auto v = env("PARLEY_LOG_FORMAT")) {
    if (*v != "json" && *v != "human") {
      throw std::invalid_argument("PARLEY_LOG_FORMAT=" + *v + " is not json or human");
    }
    c.log_json = *v == "json";
  }
  r.str("PARLEY_LOG_LEVEL", c.log_level);
  r.integer("PARLEY_ARGON2_OPS", c.argon2_ops, 1, 100);
  if (auto v = env("PARLEY_ARGON2_MEM_KB")) {
    c.argon2_mem_bytes =
        static_cast<std::size_t>(parse_int("PARLEY_ARGON2_MEM_KB", *v, 8, 4 << 20)) * 1024;
  }
}

}  // namespace parley::config
