// commands.list (rc-api.md §6.7; Rocket.Chat's apps/meteor/app/api/server/v1/commands.ts).
// parley runs no slash commands yet (no commands.run), so the list is honestly empty, in RC's
// paged shape. EmbeddedChat asks for it at sign-in to offer completions after "/", and a 404
// there was the only unexpected refusal it met (tests/interop/embeddedchat).
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"
#include "rest/routes.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

net::HttpResponse commands_list(Services& s, RestRequest& r) {
  Reader p(r.query);
  Paging paging = read_paging(p, paging_limits(s));
  read_sort(p);
  if (p.error()) return failure(*p.error());
  return success({{"commands", json::array{}},
                  {"offset", paging.offset},
                  {"count", 0},
                  {"total", 0}});
}

}  // namespace parley::rest::handlers
