#pragma once
// Everything an operator can set. Sources, weakest first: built-in defaults, environment
// (Rocket.Chat's names where they exist), command-line flags (app/cli.cpp).
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace parley::config {

struct Config {
  // Network
  std::string bind_address = "0.0.0.0";              // BIND_IP
  uint16_t port = 3000;                              // PORT
  std::string root_url;                              // ROOT_URL; default http://localhost:<port>
  unsigned event_loops = 0;                          // PARLEY_EVENT_LOOPS; 0 = one per core
  unsigned workers = 8;                              // PARLEY_WORKERS: threads for blocking work
  std::size_t body_limit = 8 << 20;                  // PARLEY_BODY_LIMIT bytes
  std::chrono::milliseconds shutdown_grace{10'000};  // PARLEY_SHUTDOWN_GRACE_MS
  // How long a streamed upload waits for the client's next bytes before giving up.
  std::chrono::milliseconds body_read_timeout{30'000};  // PARLEY_BODY_READ_TIMEOUT_MS
  // How long a user with no connection left still shows their last status (a reload must
  // not flap to offline and back).
  std::chrono::milliseconds presence_offline_grace{5'000};  // PARLEY_PRESENCE_GRACE_MS
  std::chrono::milliseconds ddp_ping_after{30'000};         // PARLEY_DDP_PING_AFTER_MS idle
  std::chrono::milliseconds ddp_timeout{30'000};            // PARLEY_DDP_TIMEOUT_MS after the ping
  // Open subscriptions (streams and other publications) one DDP connection may hold. Rocket.Chat
  // 7's web client opens about 20 notify streams, a handful per open room (5 kept) and the
  // presence ones: well under a hundred. The cap bounds what one socket can make the server hold.
  unsigned ddp_max_subscriptions = 500;   // PARLEY_DDP_MAX_SUBSCRIPTIONS
  std::chrono::seconds tick_interval{5};  // PARLEY_TICK_SECONDS
  // Proxies in front of parley that append to X-Forwarded-For (Rocket.Chat's and Meteor's
  // variable); 0 = clients connect directly and the headers are not believed.
  unsigned http_forwarded_count = 0;  // HTTP_FORWARDED_COUNT
  // Open connections per client address (behind proxies, the forwarded client's); 0 = no cap.
  // Over it: 429 for HTTP, a 1008 close for WebSocket. The default is sized for a whole office
  // behind one NAT: 1,000 users online each hold a WebSocket, a second one for up to a minute
  // after a network blip (the old one lives until the DDP timeout notices it is dead), and an
  // HTTP keep-alive connection or two (Rocket.Chat's clients do most of their work over the
  // WebSocket; idle keep-alives close after 60 s): about 4,000 at worst. 5,000 stays clear of
  // that and still stops one client from holding every file descriptor.
  std::size_t max_connections_per_ip = 5'000;  // PARLEY_MAX_CONNECTIONS_PER_IP

  // Uploads (rooms.upload, rooms.media): a small pool of their own, so a burst of uploads
  // never takes the workers chat needs, and caps on uploads in progress (429 beyond them,
  // before any body byte is read).
  unsigned upload_workers = 2;        // PARLEY_UPLOAD_WORKERS
  unsigned uploads_max = 16;          // PARLEY_UPLOADS_MAX: in progress, server-wide
  unsigned uploads_max_per_user = 3;  // PARLEY_UPLOADS_MAX_PER_USER
  // rooms.media uploads never confirmed are removed after this (RC: 24 h).
  std::chrono::milliseconds upload_unconfirmed_ttl{86'400'000};  // PARLEY_UPLOAD_UNCONFIRMED_TTL_MS

  // Data
  std::string data_dir = "./data";  // PARLEY_DATA_DIR
  // The built web client (web/dist) served at `/`; empty: none, `/` says this is the API.
  std::string web_root;  // PARLEY_WEB_ROOT

  // First admin, created on first start when no admin exists.
  std::string admin_username;  // ADMIN_USERNAME
  std::string admin_pass;      // ADMIN_PASS
  std::string admin_email;     // ADMIN_EMAIL

  // Logs
  bool log_json = false;           // PARLEY_LOG_FORMAT=json
  std::string log_level = "info";  // PARLEY_LOG_LEVEL

  // Password hashing cost (argon2id). Defaults follow OWASP's m=19 MiB, t=2.
  unsigned argon2_ops = 2;                   // PARLEY_ARGON2_OPS
  std::size_t argon2_mem_bytes = 19u << 20;  // PARLEY_ARGON2_MEM_KB

  // Rocket.Chat's settings (Site_Name, Accounts_RegistrationForm, ...) are not here: they live
  // in chat::Settings, which reads `<id>` and OVERWRITE_SETTING_<id> from the environment.

  std::string effective_root_url() const;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// The process environment.
EnvLookup process_env();

// Applies the environment on top of `config`. Throws std::invalid_argument naming the variable
// when a value cannot be parsed, so a typo stops the start with a clear message.
void apply_env(Config& config, const EnvLookup& env);

}  // namespace parley::config
