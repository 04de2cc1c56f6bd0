// GET spotlight and GET directory (apps/meteor/app/api/server/v1/misc.ts): the REST faces of
// chat::Finder. Results are converted from EJSON to RC's ISO dates.
#include "chat/finder.hpp"
#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

// ?query=<text> -> {users, rooms}
net::HttpResponse spotlight(Services& s, RestRequest& r) {
  Reader p = r.params();
  if (!p.has("query")) p.fail("must have required property 'query'");
  std::string query = p.optional_string("query");
  if (p.error()) return failure(*p.error());
  chat::SpotlightRequest request;
  request.text = std::move(query);
  chat::Finder finder(s.store, s.rooms, &s.settings);
  return success(ejson_to_rest(finder.spotlight(r.me(), std::move(request))));
}

// ?text&type&workspace&sort={"field":1|-1}&offset&count -> {result, count, offset, total}.
// As in RC: one sort field at most; without one, by name descending (RC's sortDirection is
// "desc" unless the value is 1); a count of 0 means RC's default page of 10. The `query`
// parameter (RC's unsafe JSON query) is not read.
net::HttpResponse directory(Services& s, RestRequest& r) {
  Reader p = r.params();
  chat::DirectoryRequest request;
  request.text = p.optional_string("text");
  if (std::string type = p.optional_string("type"); !type.empty()) request.type = type;
  if (std::string ws = p.optional_string("workspace"); !ws.empty()) request.workspace = ws;
  Paging paging = read_paging(p, paging_limits(s));
  auto sort = read_sort(p);
  if (p.error()) return failure(*p.error());
  if (sort.size() > 1) return plain_failure("This method support only one \"sort\" parameter");
  request.sort_by = sort.empty() ? "name" : sort[0].first;
  request.descending = sort.empty() || sort[0].second != 1;
  request.offset = paging.offset;
  request.limit = paging.count > 0 ? paging.count : 10;
  chat::Finder finder(s.store, s.rooms, &s.settings);
  auto page = finder.directory(r.me(), request);
  if (!page) return plain_failure("Please verify the parameters");
  const auto count = static_cast<int64_t>(page->results.size());
  return success({{"result", ejson_to_rest(json::value(std::move(page->results)))},
                  {"count", count},
                  {"offset", paging.offset},
                  {"total", page->total}});
}

}  // namespace parley::rest::handlers
