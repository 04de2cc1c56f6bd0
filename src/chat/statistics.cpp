#include "chat/statistics.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "chat/user_views.hpp"
#include "util/ids.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

int64_t counter(const std::map<std::string, int64_t>& counters, const std::string& name) {
  auto it = counters.find(name);
  return it == counters.end() ? 0 : it->second;
}

// RC's Team.getStatistics: teams, the rooms inside them (main rooms not counted) and those
// members join automatically. One read per team: statistics run rarely, and teams are few.
json::object team_statistics(store::Store& store) {
  const auto teams = store.list_teams(0, 0);
  int64_t rooms = 0;
  int64_t auto_join = 0;
  for (const auto& team : teams.teams) {
    for (const auto& room : store.team_rooms(team.id)) {
      ++rooms;
      const json::value* v = room.doc.if_contains("teamDefault");
      if (v != nullptr && v->is_bool() && v->get_bool()) ++auto_join;
    }
  }
  return {{"totalTeams", teams.total},
          {"totalRoomsInsideTeams", rooms},
          {"totalDefaultRoomsInsideTeams", auto_join}};
}

// Discussions and their messages, as RC's statistics count them: rooms with a prid, and the
// msgs of those rooms (which RC takes out of the channel and private group totals). One read
// of every discussion room, like RC's; statistics are an admin's occasional request.
struct DiscussionTotals {
  int64_t rooms = 0;
  int64_t messages = 0;
  int64_t channel_messages = 0;  // of discussions that are channels ("c")
  int64_t group_messages = 0;    // of discussions that are private groups ("p")
};

DiscussionTotals discussion_totals(store::Store& store) {
  store::RoomSearch search;
  search.also_discussions = true;  // no types: only the discussions
  DiscussionTotals totals;
  auto page = store.search_rooms(search);
  totals.rooms = page.total;
  for (const auto& room : page.rooms) {
    totals.messages += room.msgs;
    if (room.type == "c") totals.channel_messages += room.msgs;
    if (room.type == "p") totals.group_messages += room.msgs;
  }
  return totals;
}

}  // namespace

Statistics::Statistics(store::Store& store, Presence& presence, Settings& settings,
                       const util::Clock& clock, RuntimeFields runtime)
    : store_(store),
      presence_(presence),
      settings_(settings),
      clock_(clock),
      runtime_(std::move(runtime)) {}

json::object Statistics::generate() {
  const int64_t now = clock_.now_ms();
  const auto c = store_.counters();
  auto n = [&c](const std::string& name) { return counter(c, name); };

  json::object s;
  s["_id"] = util::random_id();
  s["createdAt"] = date_value(now, DateStyle::kIso);
  if (auto id = settings_.get("uniqueID")) {
    s["uniqueId"] = id->value;
    if (id->updated_at > 0) s["installedAt"] = date_value(id->updated_at, DateStyle::kIso);
  }

  // Users. Statuses are as stored by the presence flush (every instance's users), so the four
  // add up to totalUsers.
  const int64_t total_users = n("users");
  s["totalUsers"] = total_users;
  s["activeUsers"] = n("users_active");
  s["activeGuests"] = 0;  // parley has no guest role
  s["nonActiveUsers"] = total_users - n("users_active");
  s["appUsers"] = n("users_type_app");
  s["onlineUsers"] = n("users_status_online");
  s["awayUsers"] = n("users_status_away");
  s["busyUsers"] = n("users_status_busy");
  s["offlineUsers"] = n("users_status_offline");
  s["totalConnectedUsers"] = presence_.counts().connected_users;
  s["userLanguages"] = json::object{};

  // Rooms and messages by room type: c channel, p private group, d direct, l livechat.
  s["totalRooms"] = n("rooms_c") + n("rooms_p") + n("rooms_d") + n("rooms_l");
  s["totalChannels"] = n("rooms_c");
  s["totalPrivateGroups"] = n("rooms_p");
  s["totalDirect"] = n("rooms_d");
  s["totalLivechat"] = n("rooms_l");
  const DiscussionTotals discussions = discussion_totals(store_);
  s["totalDiscussions"] = discussions.rooms;
  s["totalThreads"] = n("threads");
  s["teams"] = team_statistics(store_);
  s["totalMessages"] = n("messages_c") + n("messages_p") + n("messages_d") + n("messages_l");
  s["totalChannelMessages"] = n("messages_c") - discussions.channel_messages;
  s["totalPrivateGroupMessages"] = n("messages_p") - discussions.group_messages;
  s["totalDirectMessages"] = n("messages_d");
  s["totalLivechatMessages"] = n("messages_l");
  s["totalDiscussionsMessages"] = discussions.messages;

  // Activity: the latest login and message anywhere (maxima kept by the same triggers).
  if (n("last_login_at") > 0) s["lastLogin"] = date_value(n("last_login_at"), DateStyle::kIso);
  if (n("last_message_at") > 0) {
    s["lastMessageSentAt"] = date_value(n("last_message_at"), DateStyle::kIso);
  }

  s["uploadsTotal"] = n("uploads");
  s["uploadsTotalSize"] = n("uploads_size");
  s["fileStoreType"] = "FileSystem";

  if (runtime_) {
    for (auto& [key, value] : runtime_()) s[key] = value;
  }

  store_.add_statistics({std::string(s["_id"].as_string()), now, json::serialize(s)});
  return s;
}

json::object Statistics::latest(bool refresh) {
  if (!refresh) {
    auto page = store_.list_statistics(0, 1);
    if (!page.statistics.empty()) {
      try {
        auto v = json::parse(page.statistics.front().doc);
        if (v.is_object()) return v.as_object();
      } catch (const std::exception&) {
        // A damaged snapshot: fall through and make a new one.
      }
    }
  }
  return generate();
}

StatisticsPage Statistics::list(int64_t offset, int64_t count) {
  auto page = store_.list_statistics(offset, count);
  StatisticsPage out;
  out.total = page.total;
  for (const auto& record : page.statistics) {
    try {
      auto v = json::parse(record.doc);
      if (v.is_object()) {
        out.statistics.push_back(v.as_object());
        continue;
      }
    } catch (const std::exception&) {
    }
    // Listed, not skipped, so count and total still agree.
    out.statistics.push_back(json::object{{"_id", record.id}});
  }
  return out;
}

int64_t Statistics::newest_at() {
  auto page = store_.list_statistics(0, 1);
  return page.statistics.empty() ? 0 : page.statistics.front().created_at;
}

}  // namespace parley::chat
