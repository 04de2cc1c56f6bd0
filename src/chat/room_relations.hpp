#pragma once
// What rooms.info tells about a room's place among others (RC 7 apps/meteor/app/api/server/v1/
// rooms.ts `rooms.info`, with Team.getRoomInfo from server/services/team/service.ts):
//  - `team` {_id, name, roomId, type} when the room belongs to a team (its doc's teamId);
//  - `parent`: for a discussion, its parent room {_id, name, fname, t, prid, u, sidepanel} (the
//    fields RC projects, those the room has); otherwise, for a team room that is not the main
//    room, the team's main room {_id, name, fname, t}.
// Reads only; no permission check (the caller found the room readable).
#include <boost/json/object.hpp>

#include "store/store.hpp"

namespace parley::chat {

// {team?, parent?}: each key only when it applies, as RC spreads them into its answer.
boost::json::object room_relations(store::Store& store, const store::RoomRecord& room);

}  // namespace parley::chat
