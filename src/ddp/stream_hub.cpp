#include "ddp/stream_hub.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "ddp/frames.hpp"
#include "ddp/json_fields.hpp"

namespace parley::ddp {

namespace json = boost::json;

namespace {

constexpr std::string_view kMyMessages = "__my_messages__";
constexpr std::string_view kRoomsChanged = "/rooms-changed";
const std::string kEveryRoom = bus::kEveryRoomSubject;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// What one event looks like once parsed (chat/events.hpp).
struct Envelope {
  std::string_view stream;
  std::string_view event;
  std::string_view room_id;  // set on room events
  std::string_view room_type;
  std::string_view room_name;
  std::string_view origin;  // session id of the emitter to skip, if any
  const json::value* args = nullptr;
};

// The replacement key of a presence frame, or null for every other frame. Presence is
// last-value (issue 12): a user's newer status makes an older one still queued to a connection
// worthless, so these go out through WebSocketPeer::send_replaceable, keyed per stream and
// user (a connection hearing both streams gets both frames), and at low priority behind chat.
//  - notify-logged user-status: args [[uid, username, status, text, name, roles]].
//  - user-presence <uid>: the event name is the user.
using ReplaceKey = std::shared_ptr<const std::string>;
ReplaceKey presence_key(const Envelope& e) {
  if (e.stream == "user-presence")
    return std::make_shared<const std::string>("p\n" + std::string(e.event));
  if (e.stream != "notify-logged" || e.event != "user-status") return nullptr;
  const json::array& args = e.args->get_array();
  if (args.empty() || !args[0].is_array() || args[0].get_array().empty() ||
      !args[0].get_array()[0].is_string()) {
    return nullptr;
  }
  return std::make_shared<const std::string>("s\n" +
                                             std::string(args[0].get_array()[0].get_string()));
}

// Per-loop batches of (peer, frame, replacement key) to post.
class Batches {
 public:
  void add(const std::shared_ptr<net::WebSocketPeer>& peer, const Frame& frame,
           const ReplaceKey& key = nullptr) {
    auto& batch = by_loop_[peer->loop().get()];
    if (!batch.loop) batch.loop = peer->loop();
    batch.items.push_back({peer, frame, key});
    ++count_;
  }
  std::size_t count() const { return count_; }
  void post() {
    for (auto& [ptr, batch] : by_loop_) {
      batch.loop->run_on_loop([items = std::move(batch.items)] {
        for (const auto& item : items) {
          if (item.key) {
            item.peer->send_replaceable(item.frame, *item.key);
          } else {
            item.peer->send_text(item.frame);
          }
        }
      });
    }
  }

 private:
  struct Item {
    std::shared_ptr<net::WebSocketPeer> peer;
    Frame frame;
    ReplaceKey key;
  };
  struct Batch {
    std::shared_ptr<net::EventLoop> loop;
    std::vector<Item> items;
  };
  std::unordered_map<net::EventLoop*, Batch> by_loop_;
  std::size_t count_ = 0;
};

}  // namespace

StreamHub::StreamHub(bus::Bus& bus, chat::MembershipCache& members, metrics::Registry& metrics)
    : bus_(bus),
      members_(members),
      metrics_(metrics),
      events_routed_(metrics.counter("parley_ddp_stream_events_total",
                                     "Bus events routed to DDP stream subscriptions")) {}

StreamHub::StreamMetrics& StreamHub::metrics_for(std::string_view stream) {
  auto it = stream_metrics_.find(stream);
  if (it != stream_metrics_.end()) return it->second;
  // Stream names come from the fixed set the subscriptions accept and chat/ publishes, so
  // the label stays small.
  const std::string name = "stream-" + std::string(stream);
  StreamMetrics m{&metrics_.gauge("parley_ddp_stream_subscriptions",
                                  "Open DDP stream subscriptions", {{"stream", name}}),
                  &metrics_.counter("parley_ddp_stream_frames_total",
                                    "Stream frames queued to connections (messages delivered)",
                                    {{"stream", name}})};
  return stream_metrics_.emplace(std::string(stream), m).first->second;
}

StreamHub::~StreamHub() {
  std::lock_guard lock(mu_);
  for (const auto& [subject, interest] : interests_) bus_.unsubscribe(interest.id);
  interests_.clear();
}

std::string StreamHub::key(std::string_view stream, std::string_view event_name) {
  std::string k(stream);
  k += '\n';
  k += event_name;
  return k;
}

std::vector<std::string> StreamHub::subjects_for(std::string_view stream,
                                                 std::string_view event_name) {
  const std::string_view owner = event_name.substr(0, event_name.find('/'));
  if (stream == "room-messages") {
    if (event_name == kMyMessages) return {kEveryRoom};
    return {bus::room_subject(event_name)};
  }
  if (stream == "notify-room" || stream == "room-data") return {bus::room_subject(owner)};
  if (stream == "notify-user") {
    if (ends_with(event_name, kRoomsChanged)) return {bus::user_subject(owner), kEveryRoom};
    return {bus::user_subject(owner)};
  }
  if (stream == "notify-all") return {bus::kAllSubject};
  return {bus::kLoggedSubject};  // notify-logged, user-presence, roles
}

void StreamHub::retain(const std::string& subject) {
  Interest& interest = interests_[subject];
  if (interest.listeners++ == 0) {
    interest.id = bus_.subscribe(subject, [this, every_room = subject == kEveryRoom](
                                              const std::string&, const bus::Payload& p) {
      on_event(p, every_room ? Route::kEveryRoomListeners : Route::kExactListeners);
    });
  }
}

void StreamHub::release(const std::string& subject) {
  auto it = interests_.find(subject);
  if (it == interests_.end()) return;
  if (--it->second.listeners == 0) {
    bus_.unsubscribe(it->second.id);
    interests_.erase(it);
  }
}

void StreamHub::add(StreamListener listener) {
  auto ptr = std::make_shared<const StreamListener>(std::move(listener));
  std::lock_guard lock(mu_);
  for (const auto& subject : subjects_for(ptr->stream, ptr->event_name)) retain(subject);
  if (ptr->stream == "room-messages" && ptr->event_name == kMyMessages) {
    my_messages_.add(ptr);
    index_by_user(my_messages_by_user_, ptr);
  } else {
    if (ptr->stream == "notify-user" && ends_with(ptr->event_name, kRoomsChanged)) {
      index_by_user(rooms_changed_by_user_, ptr);
    }
    by_key_[key(ptr->stream, ptr->event_name)].add(ptr);
  }
  by_session_[ptr->session_id].push_back(ptr);
  metrics_for(ptr->stream).subscriptions->add(1);
}

void StreamHub::erase_listener(const ListenerPtr& listener) {
  auto drop = [&](Listeners& list) { list.remove(listener); };
  if (listener->stream == "room-messages" && listener->event_name == kMyMessages) {
    drop(my_messages_);
    unindex_by_user(my_messages_by_user_, listener);
  } else {
    if (listener->stream == "notify-user" && ends_with(listener->event_name, kRoomsChanged)) {
      unindex_by_user(rooms_changed_by_user_, listener);
    }
    auto it = by_key_.find(key(listener->stream, listener->event_name));
    if (it != by_key_.end()) {
      drop(it->second);
      if (it->second.empty()) by_key_.erase(it);
    }
  }
  for (const auto& subject : subjects_for(listener->stream, listener->event_name)) {
    release(subject);
  }
  metrics_for(listener->stream).subscriptions->add(-1);
}

void StreamHub::index_by_user(ByUser& index, const ListenerPtr& listener) {
  if (!listener->user_id.empty()) index[listener->user_id].add(listener);
}

void StreamHub::unindex_by_user(ByUser& index, const ListenerPtr& listener) {
  if (listener->user_id.empty()) return;
  auto it = index.find(listener->user_id);
  if (it == index.end()) return;
  it->second.remove(listener);
  if (it->second.empty()) index.erase(it);
}

template <class Fn>
void StreamHub::for_each_member_listener(std::string_view room_id, const ByUser& by_user, Fn&& fn) {
  members_.for_each_member_among(room_id, by_user, [&](const std::string& user_id) {
    for (const auto& l : by_user.find(user_id)->second) fn(l);
  });
}

void StreamHub::remove(std::string_view session_id, std::string_view sub_id) {
  std::lock_guard lock(mu_);
  auto it = by_session_.find(std::string(session_id));
  if (it == by_session_.end()) return;
  auto& list = it->second;
  for (auto l = list.begin(); l != list.end();) {
    if ((*l)->sub_id == sub_id) {
      erase_listener(*l);
      l = list.erase(l);
    } else {
      ++l;
    }
  }
  if (list.empty()) by_session_.erase(it);
}

void StreamHub::remove_event(std::string_view session_id, std::string_view stream,
                             std::string_view event_name) {
  std::lock_guard lock(mu_);
  auto it = by_session_.find(std::string(session_id));
  if (it == by_session_.end()) return;
  auto& list = it->second;
  for (auto l = list.begin(); l != list.end();) {
    if ((*l)->stream == stream && (*l)->event_name == event_name) {
      erase_listener(*l);
      l = list.erase(l);
    } else {
      ++l;
    }
  }
  if (list.empty()) by_session_.erase(it);
}

std::size_t StreamHub::count(std::string_view session_id, std::string_view stream,
                             std::string_view event_name) {
  std::lock_guard lock(mu_);
  auto it = by_session_.find(std::string(session_id));
  if (it == by_session_.end()) return 0;
  std::size_t n = 0;
  for (const auto& l : it->second) {
    n += l->stream == stream && (event_name.empty() || l->event_name == event_name);
  }
  return n;
}

void StreamHub::remove_session(std::string_view session_id) {
  std::lock_guard lock(mu_);
  auto it = by_session_.find(std::string(session_id));
  if (it == by_session_.end()) return;
  for (const auto& listener : it->second) erase_listener(listener);
  by_session_.erase(it);
}

void StreamHub::on_event(const bus::Payload& payload, Route route) {
  boost::system::error_code ec;
  json::value parsed = json::parse(*payload, ec);
  if (ec || !parsed.is_object()) {
    spdlog::warn("stream hub: dropping an event that is not a JSON object");
    return;
  }
  const json::object& o = parsed.get_object();
  Envelope e;
  e.stream = string_or_empty(o, "stream");
  e.event = string_or_empty(o, "event");
  e.room_id = string_or_empty(o, "rid");
  e.room_type = string_or_empty(o, "rt");
  e.room_name = string_or_empty(o, "rn");
  e.origin = string_or_empty(o, "origin");
  e.args = o.if_contains("args");
  if (e.stream.empty() || e.event.empty() || e.args == nullptr || !e.args->is_array()) {
    spdlog::warn("stream hub: dropping an event without stream, event or args");
    return;
  }
  const std::string args_text = json::serialize(*e.args);
  const bool room_event = !e.room_id.empty();
  const bool public_room = e.room_type == "c";

  std::lock_guard delivery(delivery_mu_);
  Batches batches;
  {
    std::lock_guard lock(mu_);
    // Who may read this room's event: members always; anyone holding view-c-room when the
    // room is a public channel and the event is a message (rc-api.md §3.2 read rules).
    auto may_read = [&](const StreamListener& l, bool public_allowed) {
      if (!room_event) return true;
      if (l.user_id.empty()) return false;
      if (public_allowed && public_room && l.can_view_public) return true;
      return members_.is_member(e.room_id, l.user_id);
    };

    const bool is_room_message = e.stream == "room-messages";
    const bool is_room_level_rooms_changed =
        e.stream == "notify-user" && e.event == "rooms-changed";

    // A room event reaches the hub once per interest that matches it: through "room.<rid>"
    // for the listeners of that room, and through "room.*" for those who follow every room.
    // Each delivery serves only its own listeners, so nobody gets a copy per interest.
    const bool exact = route == Route::kExactListeners;
    if (exact && !is_room_level_rooms_changed) {
      if (auto it = by_key_.find(key(e.stream, e.event)); it != by_key_.end()) {
        Frame frame;
        const ReplaceKey replace = presence_key(e);
        for (const auto& l : it->second) {
          if (l->session_id == e.origin || !may_read(*l, is_room_message)) continue;
          if (!frame) frame = stream_changed_frame(e.stream, e.event, args_text);
          batches.add(l->peer, frame, replace);
        }
      }
    }

    if (!exact && is_room_message && room_event && !my_messages_.empty()) {
      // args for __my_messages__: [message, {roomParticipant, roomType, roomName}].
      Frame as_participant, as_onlooker;
      auto frame_for = [&](bool participant) {
        Frame& f = participant ? as_participant : as_onlooker;
        if (!f) {
          json::array args = e.args->get_array();
          args.resize(1);
          args.push_back(json::object{{"roomParticipant", participant},
                                      {"roomType", e.room_type},
                                      {"roomName", e.room_name}});
          f = stream_changed_frame(e.stream, kMyMessages, json::serialize(args));
        }
        return f;
      };
      auto deliver = [&](const ListenerPtr& l, bool member) {
        if (l->session_id != e.origin) batches.add(l->peer, frame_for(member));
      };
      if (public_room) {
        // Rocket.Chat's rule: every user who may view public channels hears them.
        for (const auto& l : my_messages_) {
          if (l->user_id.empty()) continue;
          const bool member = members_.is_member(e.room_id, l->user_id);
          if (member || l->can_view_public) deliver(l, member);
        }
      } else {
        for_each_member_listener(e.room_id, my_messages_by_user_,
                                 [&](const ListenerPtr& l) { deliver(l, true); });
      }
    }

    if (!exact && is_room_level_rooms_changed && room_event) {
      for_each_member_listener(e.room_id, rooms_changed_by_user_, [&](const ListenerPtr& l) {
        batches.add(l->peer, stream_changed_frame(e.stream, l->event_name, args_text));
      });
    }
    // Counted under the lock routing already holds, not by taking it again per event.
    if (batches.count() > 0) metrics_for(e.stream).frames->inc(batches.count());
  }
  events_routed_.inc();
  batches.post();
}

}  // namespace parley::ddp
