// settings.public, settings, settings/:_id, settings.oauth (rc-api.md §6.1; Rocket.Chat's
// apps/meteor/app/api/server/v1/settings.ts) and statistics, statistics.list.
#include <algorithm>
#include <boost/json/serialize.hpp>

#include "chat/permissions.hpp"
#include "chat/setting_documents.hpp"
#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"
#include "rest/routes.hpp"
#include "rest/settings_query.hpp"
#include "util/clock.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

// Rocket.Chat's API.v1.failure() with no argument: 400 {success:false}.
net::HttpResponse bare_failure() {
  return json_response(400, {{"success", false}});
}

// Orders documents by the sort fields ({"group":1,"_id":-1}); _id ascending when there are none
// and as the last tie-breaker, so pages never overlap.
void sort_documents(std::vector<json::object>& docs,
                    std::vector<std::pair<std::string, int>> sort) {
  sort.emplace_back("_id", 1);
  auto rank = [](const json::value* v) {
    if (v == nullptr || v->is_null()) return 0;
    if (v->is_number()) return 1;
    if (v->is_string()) return 2;
    return 3;
  };
  auto less = [&](const json::object& a, const json::object& b) {
    for (const auto& [key, direction] : sort) {
      const json::value* x = a.if_contains(key);
      const json::value* y = b.if_contains(key);
      int order = rank(x) - rank(y);
      if (order == 0 && rank(x) == 1) {
        const double dx = x->to_number<double>(), dy = y->to_number<double>();
        order = dx < dy ? -1 : dx > dy ? 1 : 0;
      } else if (order == 0 && rank(x) == 2) {
        order = x->get_string().subview().compare(y->get_string().subview());
      } else if (order == 0 && rank(x) == 3) {
        order = json::serialize(*x).compare(json::serialize(*y));
      }
      if (order != 0) return direction > 0 ? order < 0 : order > 0;
    }
    return false;
  };
  std::ranges::stable_sort(docs, less);
}

// {settings:[{_id, value, enterprise, ...fields}], count, offset, total}, in id order unless
// `sort` says otherwise. Rocket.Chat projects {_id, value, enterprise} plus what `fields` asks
// for; `query` and `updatedSince` narrow the set, and so does `_id` (a comma-separated list).
net::HttpResponse settings_page(Services& s, RestRequest& r, bool include_private) {
  Reader p(r.query);
  Paging paging = read_paging(p, paging_limits(s));
  auto sort = read_sort(p);
  auto ids = split_comma_list(p.optional_string("_id"));
  auto since = read_iso_date(p, "updatedSince");
  std::string query_text = p.optional_string("query");
  std::string fields_text = p.optional_string("fields");
  if (p.error()) return failure(*p.error());
  auto query = parse_settings_query(query_text);
  if (!query) return failure(query.error());
  auto fields = parse_settings_fields(fields_text);
  if (!fields) return failure(fields.error());

  std::vector<json::object> matching;
  for (const auto& v : s.settings.list(include_private)) {
    if (!ids.empty() && std::ranges::find(ids, v.definition->id) == ids.end()) continue;
    if (since && v.updated_at <= *since) continue;
    json::object doc = chat::setting_document(v);
    if (v.updated_at > 0) doc["_updatedAt"] = util::iso8601(v.updated_at);
    if (!settings_query_matches(query->query, doc)) continue;
    matching.push_back(std::move(doc));
  }
  sort_documents(matching, std::move(sort));

  json::array page;
  const auto total = static_cast<int64_t>(matching.size());
  for (int64_t i = paging.offset; i < total; ++i) {
    if (paging.count > 0 && static_cast<int64_t>(page.size()) >= paging.count) break;
    const json::object& doc = matching[static_cast<std::size_t>(i)];
    json::object out{
        {"_id", doc.at("_id")}, {"value", doc.at("value")}, {"enterprise", doc.at("enterprise")}};
    for (const auto& [field, include] : *fields) {
      if (!include) {
        out.erase(field);
      } else if (const json::value* f = doc.if_contains(field)) {
        out[field] = *f;
      }
    }
    page.push_back(ejson_to_rest(std::move(out)));
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

// -> {services:[...]}: the OAuth services a login page offers buttons for. parley has no OAuth
// providers (the OAuth group's settings are stored, with no effect yet), so the list is empty,
// as Rocket.Chat answers when none is configured.
net::HttpResponse settings_oauth(Services&, RestRequest&) {
  return success({{"services", json::array{}}});
}

// -> {_id, value}. Rocket.Chat asks view-privileged-setting even for a public setting, and
// answers a hidden setting as it answers an unknown one.
net::HttpResponse setting_get(Services& s, RestRequest& r) {
  if (!chat::has_permission(r.me(), "view-privileged-setting")) return unauthorized();
  auto v = s.settings.get(r.path_param);
  if (!v || v->definition->hidden) return bare_failure();
  return success({{"_id", v->definition->id}, {"value", ejson_to_rest(v->value)}});
}

// {value} -> {}; {execute:true} runs an action setting (none has an effect in parley yet).
// Needs edit-privileged-setting.
net::HttpResponse setting_set(Services& s, RestRequest& r) {
  if (!chat::has_permission(r.me(), "edit-privileged-setting")) return unauthorized();
  auto current = s.settings.get(r.path_param);
  if (!current || current->definition->hidden) return bare_failure();
  if (current->definition->type == chat::SettingType::kAction) {
    const json::value* execute = r.body.if_contains("execute");
    if (execute != nullptr && execute->is_bool() && execute->get_bool()) return success();
  }
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
