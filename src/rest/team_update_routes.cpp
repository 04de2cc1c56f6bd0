// teams.update (RC 7 apps/meteor/app/api/server/v1/teams.ts): {teamId | teamName, data: {name?,
// type?}} -> {}. RC validates the body with ajv (isTeamsUpdateProps): exactly one of teamId /
// teamName, `data` an object with `name` (a string) or `type` (0 or 1) and nothing else; its
// top-level `updateRoom` is accepted and, as in RC (Team.update reads it from `data`, which may
// not hold it), changes nothing. Unknown team: 400 team-does-not-exist; no edit-team: 403.
#include "chat/teams.hpp"
#include "rest/response.hpp"
#include "rest/team_routes.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

chat::TeamUpdate read_update(Reader& p, const json::object& body) {
  chat::TeamUpdate update;
  const json::value* data = body.if_contains("data");
  if (data == nullptr || !data->is_object()) {
    p.fail("must have required property 'data'");
    return update;
  }
  for (const auto& [key, value] : data->get_object()) {
    if (key == "name") {
      if (!value.is_string()) p.fail("must be string");
      if (value.is_string()) update.name = std::string(value.get_string());
    } else if (key == "type") {
      const bool known = value.is_int64() && (value.get_int64() == chat::kTeamPublic ||
                                              value.get_int64() == chat::kTeamPrivate);
      if (!known) p.fail("must be equal to one of the allowed values");
      if (known) update.type = static_cast<int>(value.get_int64());
    } else {
      p.fail("must NOT have additional properties");
    }
  }
  if (!data->get_object().contains("name") && !data->get_object().contains("type")) {
    p.fail("must have required property 'name'");
  }
  return update;
}

}  // namespace

net::HttpResponse teams_update(Services& s, RestRequest& r) {
  Reader p(r.body);
  chat::TeamRef ref{p.optional_string("teamId"), p.optional_string("teamName")};
  if (p.has("teamId") && p.has("teamName")) p.fail("must match exactly one schema in oneOf");
  if (!p.has("teamId") && !p.has("teamName")) p.fail("must have required property 'teamId'");
  if (const json::value* v = r.body.if_contains("updateRoom");
      v && !v->is_bool() && !v->is_null()) {
    p.fail("must be boolean");
  }
  chat::TeamUpdate update = read_update(p, r.body);
  if (p.error()) return failure(*p.error());
  auto team = s.teams->find(ref);
  if (!team) return failure(team.error());
  auto updated = s.teams->update(r.me(), *team, update);
  if (!updated) return failure(updated.error());
  return success();
}

}  // namespace parley::rest::handlers
