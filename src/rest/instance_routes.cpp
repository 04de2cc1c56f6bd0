// This process as Rocket.Chat's admin pages see it: instances.get (v1/instances.ts),
// presence.getConnections and presence.enableBroadcast (v1/presence.ts). One instance for
// now; the scale-out issue adds a registry of instances and fills the list from it.
#include <sys/resource.h>
#include <unistd.h>
#include <cstdlib>

#include "chat/permissions.hpp"
#include "rest/response.hpp"
#include "rest/routes.hpp"
#include "util/clock.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

// REST dates are ISO strings (rc-api.md §1.2).
json::value date(int64_t ms) {
  return json::value(util::iso8601(ms));
}

// RC's extraInformation.os: Node's os.* with cpus as a count.
json::object instance_os(const InstanceInfo& instance) {
  json::object os = instance.os ? instance.os() : json::object{};
  if (auto* cpus = os.if_contains("cpus"); cpus && cpus->is_array()) {
    *cpus = static_cast<int64_t>(cpus->get_array().size());
  }
  return os;
}

}  // namespace

// instances.get (view-statistics): [{address, currentStatus, instanceRecord, broadcastAuth}]
// with RC's InstanceStatus record (_id, name, pid, _createdAt, _updatedAt, extraInformation
// {host, port, os, nodeVersion, conns}). parley's one instance is always connected to itself.
net::HttpResponse instances_get(Services& s, RestRequest& r) {
  if (!chat::has_permission(r.me(), "view-statistics")) return failure(chat::forbidden());
  const InstanceInfo none;
  const InstanceInfo& instance = s.instance != nullptr ? *s.instance : none;
  const int64_t now = s.clock.now_ms();
  const int64_t conns = s.presence != nullptr ? s.presence->counts().connections : 0;
  const char* host = std::getenv("INSTANCE_IP");
  json::object extra{{"host", host != nullptr && *host != '\0' ? host : "localhost"},
                     {"port", std::to_string(s.config.port)},
                     {"os", instance_os(instance)},
                     // RC names its runtime here; parley's is the server itself.
                     {"nodeVersion", "parley " PARLEY_VERSION},
                     {"conns", conns}};
  json::object record{{"_id", instance.id},
                      {"name", "parley"},
                      {"pid", static_cast<int64_t>(getpid())},
                      {"_createdAt", date(instance.started_at)},
                      // RC pings its record every 10 s; answering shows this one alive now.
                      {"_updatedAt", date(now)},
                      {"extraInformation", std::move(extra)}};
  json::object entry{
      {"address", "127.0.0.1"},
      {"currentStatus",
       json::object{{"connected", true}, {"lastHeartbeatTime", now}, {"local", true}}},
      {"instanceRecord", std::move(record)},
      {"broadcastAuth", true}};
  return success({{"instances", json::array{std::move(entry)}}});
}

// presence.getConnections (manage-user-status): {current, max}. Rocket.Chat CE stops
// broadcasting presence past 200 connections without a licence and answers max 200; parley
// never stops, so `max` is the most this process can hold: its open-file limit (each
// connection is a descriptor; the limit is raised to the hard limit at start).
net::HttpResponse presence_get_connections(Services& s, RestRequest& r) {
  if (!chat::has_permission(r.me(), "manage-user-status")) return failure(chat::forbidden());
  const int64_t current = s.presence != nullptr ? s.presence->counts().connections : 0;
  rlimit limit{};
  int64_t max = 0;
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    max = limit.rlim_cur == RLIM_INFINITY ? INT32_MAX : static_cast<int64_t>(limit.rlim_cur);
  }
  return success({{"current", current}, {"max", max}});
}

// presence.enableBroadcast (manage-user-status): turns presence broadcasting back on, as
// Rocket.Chat's toggleBroadcast(true) does: Presence_broadcast_disabled goes back to false
// (presence follows the setting, app/serve.cpp). Rocket.Chat CE turns broadcasting off by
// itself past 200 connections; parley only when an admin sets the setting. RC also asks for
// two-factor confirmation here; parley has no two-factor yet.
net::HttpResponse presence_enable_broadcast(Services& s, RestRequest& r) {
  if (!chat::has_permission(r.me(), "manage-user-status")) return failure(chat::forbidden());
  if (s.settings.boolean("Presence_broadcast_disabled")) {
    auto done = s.settings.set("Presence_broadcast_disabled", json::value(false));
    if (!done) return failure(done.error());
  }
  return success();
}

}  // namespace parley::rest::handlers
