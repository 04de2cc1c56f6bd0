#pragma once
// teams.* and channels./groups.convertToTeam (team_routes.cpp), registered by routes.cpp when
// Services has a Teams. Declared apart from routes.hpp so that teams.hpp reaches only the files
// that use it.
#include "rest/routes.hpp"

namespace parley::rest::handlers {

net::HttpResponse teams_create(Services&, RestRequest&);
net::HttpResponse teams_info(Services&, RestRequest&);
net::HttpResponse teams_list(Services&, RestRequest&);
net::HttpResponse teams_list_all(Services&, RestRequest&);
net::HttpResponse users_list_teams(Services&, RestRequest&);
net::HttpResponse teams_autocomplete(Services&, RestRequest&);
net::HttpResponse teams_members(Services&, RestRequest&);
net::HttpResponse teams_add_members(Services&, RestRequest&);
net::HttpResponse teams_update_member(Services&, RestRequest&);
net::HttpResponse teams_remove_member(Services&, RestRequest&);
net::HttpResponse teams_leave(Services&, RestRequest&);
net::HttpResponse teams_add_rooms(Services&, RestRequest&);
net::HttpResponse teams_remove_room(Services&, RestRequest&);
net::HttpResponse teams_update_room(Services&, RestRequest&);
net::HttpResponse teams_list_rooms(Services&, RestRequest&);
net::HttpResponse teams_list_rooms_of_user(Services&, RestRequest&);
net::HttpResponse teams_delete(Services&, RestRequest&);
net::HttpResponse teams_convert_to_channel(Services&, RestRequest&);
net::HttpResponse teams_update(Services&, RestRequest&);         // team_update_routes.cpp
net::HttpResponse teams_list_children(Services&, RestRequest&);  // team_children_routes.cpp
net::HttpResponse room_convert_to_team(Services&, RestRequest&, Family);

}  // namespace parley::rest::handlers
