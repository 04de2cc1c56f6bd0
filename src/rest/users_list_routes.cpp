// users.listByStatus (RC 7's admin user list) and users.autocomplete (the user pickers), in
// Rocket.Chat's shapes (apps/meteor/app/api/server/lib/users.ts).
#include <algorithm>
#include <boost/json/parse.hpp>

#include "chat/permissions.hpp"
#include "chat/user_views.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"
#include "rest/routes.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

// `roles[]=a&roles[]=b` (qs's form, what RC's clients send) or `roles=a`.
std::vector<std::string> query_list(const QueryParams& query, std::string_view key) {
  std::vector<std::string> out;
  const std::string bracketed = std::string(key) + "[]";
  for (const auto& [k, v] : query) {
    if (k == key || k == bracketed) out.push_back(v);
  }
  return out;
}

store::UserSearch::Sort sort_of(const std::string& field) {
  if (field == "name") return store::UserSearch::Sort::kName;
  if (field == "createdAt") return store::UserSearch::Sort::kCreatedAt;
  if (field == "emails" || field == "emails.address") return store::UserSearch::Sort::kEmail;
  if (field == "status" || field == "active") return store::UserSearch::Sort::kActive;
  return store::UserSearch::Sort::kUsername;
}

}  // namespace

// ?status=active|deactivated &hasLoggedIn= &type= &roles[]= &searchTerm= &count &offset &sort
// -> {users, count, offset, total}
net::HttpResponse users_list_by_status(Services& s, RestRequest& r) {
  if (!chat::has_permission(r.me(), "view-d-room")) return failure(chat::forbidden());
  Reader p(r.query);
  Paging paging = read_paging(p, paging_limits(s));
  auto sort = read_sort(p);
  const std::string status = p.optional_string("status");
  const std::optional<bool> has_logged_in = p.optional_bool("hasLoggedIn");
  const std::string type = p.optional_string("type");
  const std::string term = p.optional_string("searchTerm");
  if (!p.error() && !status.empty() && status != "active" && status != "deactivated") {
    p.fail("must be equal to one of the allowed values");
  }
  if (p.error()) return failure(*p.error());

  const bool privileged = chat::has_permission(r.me(), "view-full-other-user-info");
  store::UserSearch search;
  search.active = status.empty() ? std::nullopt : std::optional<bool>(status == "active");
  search.has_logged_in = has_logged_in;
  search.type = type;
  search.any_role = query_list(r.query, "roles");
  // RC: a list holding "all" filters nothing.
  if (std::ranges::find(search.any_role, "all") != search.any_role.end()) search.any_role.clear();
  search.text = term;
  search.match_email = privileged;  // only those who may see emails search them
  if (!sort.empty()) {
    search.sort = sort_of(sort.front().first);
    search.descending = sort.front().second < 0;
  }
  search.offset = paging.offset;
  search.count = paging.count;
  auto page = s.store.search_users(search);
  auto definition =
      chat::parse_custom_fields_definition(s.settings.string("Accounts_CustomFields"));
  const chat::CustomFieldsDefinition custom_fields =
      definition ? std::move(*definition) : chat::CustomFieldsDefinition{};
  json::array users;
  for (const auto& u : page.users) {
    users.emplace_back(chat::user_seen_by(u, r.me(), custom_fields, chat::DateStyle::kIso));
  }
  const auto count = static_cast<int64_t>(users.size());
  return success({{"users", std::move(users)},
                  {"count", count},
                  {"offset", paging.offset},
                  {"total", page.total}});
}

// ?selector={"term": "...", "exceptions": ["username", ...]} -> {items: [{_id, name, username,
// nickname?, status, avatarETag?}]}: at most 10 active users whose username or name contains
// the term, by username. Without `view-outside-room` only people the caller shares a room
// with, as RC's findConnectedUsersExcept.
net::HttpResponse users_autocomplete(Services& s, RestRequest& r) {
  Reader p(r.query);
  const std::string raw = p.required_string("selector");
  if (p.error()) return failure(*p.error());
  boost::system::error_code ec;
  json::value selector = json::parse(raw, ec);
  if (ec || !selector.is_object()) {
    return failure(chat::invalid_params("The parameter \"selector\" must be a JSON object"));
  }
  const json::object& o = selector.get_object();
  store::UserSearch search;
  if (const json::value* term = o.if_contains("term"); term && term->is_string()) {
    search.text = std::string(term->get_string());
  }
  if (const json::value* ex = o.if_contains("exceptions"); ex && ex->is_array()) {
    for (const auto& name : ex->get_array()) {
      if (name.is_string()) search.exclude_usernames.emplace_back(name.get_string());
    }
  }
  if (!chat::has_permission(r.me(), "view-outside-room")) {
    std::vector<std::string> known;
    for (const auto& mine : s.store.subscriptions_of_user(r.me().id, std::nullopt)) {
      for (auto& id : s.store.room_member_ids(mine.room_id)) {
        if (id != r.me().id) known.push_back(std::move(id));
      }
    }
    search.among_ids = std::move(known);
  }
  search.count = 10;
  json::array items;
  for (const auto& u : s.store.search_users(search).users) {
    json::object item{
        {"_id", u.id}, {"name", u.name}, {"username", u.username}, {"status", u.status}};
    if (!u.nickname.empty()) item["nickname"] = u.nickname;
    if (u.avatar) item["avatarETag"] = u.avatar->etag;
    items.emplace_back(std::move(item));
  }
  return success({{"items", std::move(items)}});
}

}  // namespace parley::rest::handlers
