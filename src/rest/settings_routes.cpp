// settings.public, settings, settings/:_id (rc-api.md §6.1; Rocket.Chat's
// apps/meteor/app/api/server/v1/settings.ts) and statistics, statistics.list.
#include "chat/permissions.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"
#include "rest/routes.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

// Rocket.Chat's API.v1.failure() with no argument: 400 {success:false}.
net::HttpResponse bare_failure() {
  return json_response(400, {{"success", false}});
}

// {settings:[{_id, value, enterprise:false}], count, offset, total}, in id order.
net::HttpResponse settings_page(Services& s, RestRequest& r, bool include_private) {
  Reader p(r.query);
  Paging paging = read_paging(p, paging_limits(s));
  read_sort(p);
  auto ids = split_comma_list(p.optional_string("_id"));
  if (p.error()) return failure(*p.error());
  std::vector<chat::SettingValue> matching;
  for (auto& v : s.settings.list(include_private)) {
    if (!ids.empty() && std::ranges::find(ids, v.definition->id) == ids.end()) continue;
    matching.push_back(std::move(v));
  }
  json::array page;
  const auto total = static_cast<int64_t>(matching.size());
  for (int64_t i = paging.offset; i < total; ++i) {
    if (paging.count > 0 && static_cast<int64_t>(page.size()) >= paging.count) break;
    const auto& v = matching[static_cast<std::size_t>(i)];
    page.push_back(
        json::object{{"_id", v.definition->id}, {"value", v.value}, {"enterprise", false}});
  }
  auto count = static_cast<int64_t>(page.size());
  return success({{"settings", std::move(page)},
                  {"count", count},
                  {"offset", paging.offset},
                  {"total", total}});
}

}  // namespace

net::HttpResponse settings_public(Services& s, RestRequest& r) {
  return settings_page(s, r, false);
}

// Everything for those with view-privileged-setting; the public ones for everyone else.
net::HttpResponse settings_list(Services& s, RestRequest& r) {
  return settings_page(s, r, chat::has_permission(r.me(), "view-privileged-setting"));
}

// -> {_id, value}. Rocket.Chat asks view-privileged-setting even for a public setting.
net::HttpResponse setting_get(Services& s, RestRequest& r) {
  if (!chat::has_permission(r.me(), "view-privileged-setting")) return unauthorized();
  auto v = s.settings.get(r.path_param);
  if (!v) return bare_failure();
  return success({{"_id", v->definition->id}, {"value", v->value}});
}

// {value} -> {}. Needs edit-privileged-setting.
net::HttpResponse setting_set(Services& s, RestRequest& r) {
  if (!chat::has_permission(r.me(), "edit-privileged-setting")) return unauthorized();
  if (!s.settings.get(r.path_param)) return bare_failure();
  const json::value* value = r.body.if_contains("value");
  if (value == nullptr) {
    return failure(chat::invalid_params("The parameter \"value\" is required"));
  }
  auto done = s.settings.set(r.path_param, *value);
  if (!done) return failure(done.error());
  return success();
}

// ?refresh=true makes a new snapshot; otherwise the newest one. Needs view-statistics.
net::HttpResponse statistics(Services& s, RestRequest& r) {
  if (!chat::has_permission(r.me(), "view-statistics")) return unauthorized();
  Reader p(r.query);
  std::string refresh = p.optional_string("refresh");
  if (p.error()) return failure(*p.error());
  if (s.statistics == nullptr) return failure(chat::internal_error());
  return success(s.statistics->latest(refresh == "true"));
}

// -> {statistics:[...], count, offset, total}, newest first. Needs view-statistics.
net::HttpResponse statistics_list(Services& s, RestRequest& r) {
  if (!chat::has_permission(r.me(), "view-statistics")) return unauthorized();
  Reader p(r.query);
  Paging paging = read_paging(p, paging_limits(s));
  read_sort(p);
  if (p.error()) return failure(*p.error());
  if (s.statistics == nullptr) return failure(chat::internal_error());
  auto page = s.statistics->list(paging.offset, paging.count);
  json::array list;
  for (auto& o : page.statistics) list.push_back(std::move(o));
  auto count = static_cast<int64_t>(list.size());
  return success({{"statistics", std::move(list)},
                  {"count", count},
                  {"offset", paging.offset},
                  {"total", page.total}});
}

}  // namespace parley::rest::handlers
