// rooms.info's team and parent: see room_relations.hpp.
#include "chat/room_relations.hpp"

#include <initializer_list>
#include <string_view>

namespace parley::chat {

namespace json = boost::json;

namespace {

std::string doc_string(const json::object& doc, std::string_view key) {
  const json::value* v = doc.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// RC's projections: _id and t always, name when the room has one, then the listed doc fields
// the room has.
json::object projected(const store::RoomRecord& room, std::initializer_list<const char*> fields) {
  json::object out{{"_id", room.id}, {"t", room.type}};
  if (!room.name.empty()) out["name"] = room.name;
  for (const char* key : fields) {
    if (const json::value* v = room.doc.if_contains(key)) out[key] = *v;
  }
  return out;
}

}  // namespace

json::object room_relations(store::Store& store, const store::RoomRecord& room) {
  json::object out;
  if (const std::string team_id = doc_string(room.doc, "teamId"); !team_id.empty()) {
    if (auto team = store.team_by_id(team_id)) {
      out["team"] = json::object{
          {"_id", team->id}, {"name", team->name}, {"roomId", team->room_id}, {"type", team->type}};
      const json::value* main = room.doc.if_contains("teamMain");
      const bool is_main = main != nullptr && main->is_bool() && main->get_bool();
      if (!is_main) {
        if (auto main_room = store.room_by_id(team->room_id)) {
          out["parent"] = projected(*main_room, {"fname"});
        }
      }
    }
  }
  // A discussion's parent wins over the team's main room, as RC's `discussionParent ||
  // parentRoom`.
  if (const std::string prid = doc_string(room.doc, "prid"); !prid.empty()) {
    if (auto parent = store.room_by_id(prid)) {
      out["parent"] = projected(*parent, {"fname", "prid", "u", "sidepanel"});
    }
  }
  return out;
}

}  // namespace parley::chat
