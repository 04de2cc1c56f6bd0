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
}  // namespace

net::HttpResponse info(Services&, RestRequest& r) {
  json::object body{
      {"version", kCompatVersionShort},
      {"minimumClientVersions", json::object{{"desktop", "3.9.6"}, {"mobile", "4.39.0"}}},
  };
  if (r.user && chat::has_permission(*r.user, "view-statistics")) {
    body["version"] = kCompatVersion;
    body["info"] = json::object{{"version", kCompatVersion},
                                {"parley", PARLEY_VERSION}};
  }
  return success(std::move(body));
}

net::HttpResponse info_v1(Services&, RestRequest&) {
  return success({{"info", json::object{{"version", kCompatVersion}}}});
}

}  // namespace parley::rest::handlers
