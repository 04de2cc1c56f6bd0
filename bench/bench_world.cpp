#include "bench_world.hpp"

#include <cstdio>

namespace parley::bench {

std::string user_id(int n) {
  char id[18];
  std::snprintf(id, sizeof id, "u%016d", n);
  return id;
}

store::UserRecord World::member(int n) {
  return *db.store().user_by_id(user_id(n));
}

void World::ensure_users(int count) {
  for (; users_ < count; ++users_) {
    store::UserRecord u;
    u.id = user_id(users_);
    u.username = "user" + std::to_string(users_);
    u.name = "User " + std::to_string(users_);
    u.roles = {"user"};
    u.created_at = u.updated_at = clock.now_ms();
    db.store().insert_user(u);
  }
}

store::RoomRecord World::room_with_members(const std::string& type, int members) {
  ensure_users(members);
  store::RoomRecord room;
  room.id = "r" + std::string(16 - std::to_string(rooms_).size(), '0') + std::to_string(rooms_);
  room.type = type;
  room.name = type == "d" ? "" : "room" + std::to_string(rooms_);
  ++rooms_;
  room.created_at = room.updated_at = clock.now_ms();
  room.doc = {{"fname", room.name}, {"u", {{"_id", user_id(0)}, {"username", "user0"}}}};
  std::vector<store::SubscriptionRecord> subs;
  for (int i = 0; i < members; ++i) {
    store::SubscriptionRecord s;
    s.id = "s" + room.id.substr(9) + user_id(i).substr(9);
    s.room_id = room.id;
    s.user_id = user_id(i);
    s.username = "user" + std::to_string(i);
    s.room_type = type;
    s.name = s.fname = room.name;
    s.created_at = s.updated_at = room.created_at;
    if (i == 0) s.roles = {"owner"};
    subs.push_back(std::move(s));
  }
  db.store().insert_room(room, subs);
  return *db.store().room_by_id(room.id);
}

std::string paragraph(std::size_t bytes) {
  static const std::string kWords =
      "Hello @user1, the **deploy** of `parley` went fine; see https://example.com/notes and "
      "the _follow-up_ items below. We moved the queue, checked the metrics, and ";
  std::string out;
  while (out.size() < bytes) out += kWords;
  out.resize(bytes);
  return out;
}

}  // namespace parley::bench
