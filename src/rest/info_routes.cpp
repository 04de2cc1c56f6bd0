// /api/info and the legacy /api/v1/info (rc-api.md §6.1). parley reports a 7.x-era version
// because no examined client gates features on it (§11) and 7.x is what parley's surface
// follows.
#include "chat/permissions.hpp"
#include "rest/response.hpp"
#include "rest/routes.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {
constexpr const char* kCompatVersion = "7.4.0";
constexpr const char* kCompatVersionShort = "7.4";

// Node's process.arch for uname's machine (RC's build.arch is Node's name).
std::string node_arch(std::string machine) {
  if (machine == "x86_64") return "x64";
  if (machine == "aarch64") return "arm64";
  return machine;
}

// RC 7's Info.build: {date, nodeVersion, arch, platform, osRelease, totalMemory, freeMemory,
// cpus}. RC writes it on the build machine when it builds; parley's date is when the build was
// configured (CMake), and the machine figures are this machine's now, which is what an admin
// reading them wants to know. nodeVersion names the compiler that built parley.
json::object build_info(const Services& s) {
  json::object os = s.instance != nullptr && s.instance->os ? s.instance->os() : json::object{};
  auto text = [&os](const char* key) {
    const auto* v = os.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  auto number = [&os](const char* key) -> json::value {
    const auto* v = os.if_contains(key);
    return v && v->is_number() ? *v : json::value(0);
  };
  const auto* cpus = os.if_contains("cpus");
  return {{"date", PARLEY_BUILD_DATE},
          {"nodeVersion", "g++ " __VERSION__},
          {"arch", node_arch(text("arch"))},
          {"platform", "linux"},
          {"osRelease", text("release")},
          {"totalMemory", number("totalmem")},
          {"freeMemory", number("freemem")},
          {"cpus", cpus && cpus->is_array() ? static_cast<int64_t>(cpus->get_array().size()) : 0}};
}

}  // namespace

net::HttpResponse info(Services& s, RestRequest& r) {
  json::object body{
      {"version", kCompatVersionShort},
      {"minimumClientVersions", json::object{{"desktop", "3.9.6"}, {"mobile", "4.39.0"}}},
  };
  if (r.user && chat::has_permission(*r.user, "view-statistics")) {
    body["version"] = kCompatVersion;
    body["info"] = json::object{
        {"version", kCompatVersion}, {"build", build_info(s)}, {"parley", PARLEY_VERSION}};
  }
  return success(std::move(body));
}

net::HttpResponse info_v1(Services&, RestRequest&) {
  return success({{"info", json::object{{"version", kCompatVersion}}}});
}

}  // namespace parley::rest::handlers
