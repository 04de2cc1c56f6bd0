#include "seed/seeder.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <future>
#include <unordered_set>
#include <vector>

#include "chat/message_parser.hpp"
#include "chat/user_views.hpp"
#include "seed/prng.hpp"
#include "seed/text_maker.hpp"
#include "util/hash.hpp"

namespace parley::seed {
namespace {

namespace json = boost::json;

constexpr int64_t kSecondMs = 1000;
constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kHistoryMs = 548 * kDayMs;       // 18 months
constexpr int64_t kTokenLifetimeMs = 90 * kDayMs;  // Accounts_LoginExpiration's default

// How often a message is a thread reply, mentions someone, was edited, has reactions.
constexpr double kThreadReply = 0.04;
constexpr double kMention = 0.05;
constexpr double kEdited = 0.02;
constexpr double kReacted = 0.03;

struct SeedUser {
  std::string id;
  std::string username;
  std::string name;
  bool active = true;
};

json::value date(int64_t ms) {
  return chat::date_value(ms, chat::DateStyle::kEjson);
}

json::object short_user(const SeedUser& u) {
  return {{"_id", u.id}, {"username", u.username}};
}

std::string status_name(store::WriteStatus status) {
  switch (status) {
    case store::WriteStatus::kDuplicateUsername:
      return "duplicate username";
    case store::WriteStatus::kDuplicateEmail:
      return "duplicate email";
    case store::WriteStatus::kDuplicateId:
      return "duplicate id";
    case store::WriteStatus::kDuplicateName:
      return "duplicate room name";
    case store::WriteStatus::kDuplicateSubscription:
      return "duplicate subscription";
    case store::WriteStatus::kNotFound:
      return "missing user";
    default:
      return "write refused";
  }
}

constexpr const char* kFirstNames[] = {"Ana",   "Ben",  "Chen",  "Dara",  "Emil",  "Fatima",
                                       "Goran", "Hana", "Ivo",   "Jana",  "Kofi",  "Lea",
                                       "Mateo", "Nora", "Oskar", "Priya", "Quinn", "Rosa",
                                       "Sami",  "Tara", "Uma",   "Vito",  "Wen",   "Yusuf"};
constexpr const char* kLastNames[] = {"Adler",   "Berg",   "Costa",  "Dimitrov", "Eriksen",
                                      "Fischer", "Garcia", "Horvat", "Ivanova",  "Jensen",
                                      "Kim",     "Lopez",  "Moreau", "Novak",    "Okafor",
                                      "Petrov",  "Rossi",  "Silva",  "Tanaka",   "Weber"};

class DatasetWriter {
 public:
  DatasetWriter(store::Store& store, const SeedOptions& options, Progress& progress)
      : store_(store),
        options_(options),
        progress_(progress),
        plan_(plan_for_scale(options.scale)),
        prng_(options.seed),
        token_prng_(options.seed ^ 0x5eedULL),
        start_ms_(options.now_ms - kHistoryMs) {}

  SeedReport run() {
    const auto started = std::chrono::steady_clock::now();
    if (store_.list_users(0, 1).total > 0) {
      throw SeedError(
          "the store already holds users: seed fills a new data directory (--data-dir)");
    }
    report_.plan = plan_;
    make_users();
    progress_.start("rooms and messages", plan_.messages());
    make_channels();
    make_groups();
    make_directs();
    flush();
    wait_for_pending();
    progress_.finish();
    // The messages went in without their search index; it is built here in one pass.
    progress_.start("search index", report_.messages);
    progress_.advance_to(store_.finish_import());
    progress_.finish();
    report_.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report_;
  }

 private:
  // --- users -------------------------------------------------------------------------------
  void make_users() {
    progress_.start("users", plan_.users);
    const std::string hash =
        chat::hash_password_digest(util::sha256_hex(options_.password), options_.hash_cost);
    std::vector<std::size_t> inactive_pick(static_cast<std::size_t>(plan_.users - 1));
    for (std::size_t i = 0; i < inactive_pick.size(); ++i) inactive_pick[i] = i + 1;
    shuffle_prefix(inactive_pick, static_cast<std::size_t>(plan_.deactivated));
    std::vector<bool> inactive(static_cast<std::size_t>(plan_.users), false);
    for (int64_t i = 0; i < plan_.deactivated; ++i) inactive[inactive_pick[i]] = true;

    for (int64_t i = 0; i < plan_.users; ++i) {
      SeedUser u;
      u.id = prng_.meteor_id();
      u.username = i == 0 ? "admin" : "user" + std::to_string(i);
      u.name = i == 0 ? "Administrator"
                      : std::string(kFirstNames[prng_.below(std::size(kFirstNames))]) + " " +
                            kLastNames[prng_.below(std::size(kLastNames))];
      u.active = !inactive[static_cast<std::size_t>(i)];
      store::UserRecord record;
      record.id = u.id;
      record.username = u.username;
      record.name = u.name;
      record.emails = {{u.username + "@example.com", true}};
      record.roles =
          i == 0 ? std::vector<std::string>{"admin", "user"} : std::vector<std::string>{"user"};
      record.active = u.active;
      record.password_hash = hash;
      record.created_at = start_ms_ + prng_.below(30 * kDayMs);
      record.updated_at = record.created_at;
      batch_.users.push_back(std::move(record));
      if (u.active) active_.push_back(users_.size());
      users_.push_back(std::move(u));
    }
    // Who DMs whom is skewed: a few people are in many conversations.
    popularity_.resize(users_.size());
    for (std::size_t i = 0; i < users_.size(); ++i) popularity_[i] = i;
    shuffle_prefix(popularity_, popularity_.size());
    make_tokens();
    flush();
    wait_for_pending();
    progress_.finish();
  }

  void make_tokens() {
    if (options_.tokens_path.empty()) return;
    std::ofstream out(options_.tokens_path, std::ios::trunc);
    if (!out) throw SeedError("cannot write " + options_.tokens_path);
    out << "# parley seed resume tokens: username<TAB>userId<TAB>token\n";
    for (std::size_t index : active_) {
      const SeedUser& u = users_[index];
      const std::string token = token_prng_.meteor_id(43);
      batch_.tokens.push_back(
          {util::sha256_base64(token), u.id, options_.now_ms, options_.now_ms + kTokenLifetimeMs});
      out << u.username << '\t' << u.id << '\t' << token << '\n';
    }
    if (!out.flush()) throw SeedError("cannot write " + options_.tokens_path);
    report_.tokens = static_cast<int64_t>(batch_.tokens.size());
  }

  // --- rooms -------------------------------------------------------------------------------
  void make_channels() {
    auto counts = split(plan_.channel_messages, plan_.channels);
    // #general first, as Rocket.Chat's first start makes it: every active user is in it.
    store::RoomRecord general = named_room("GENERAL", "c", "general", start_ms_);
    general.is_default = true;
    general.doc = {{"fname", "general"}, {"usernames", json::array{}}};
    make_room(std::move(general), active_, counts[0], false);
    for (int64_t i = 1; i < plan_.channels; ++i) {
      auto size = static_cast<std::size_t>(50 + prng_.skewed_below(1951, 3.0));
      auto members = sample(active_, size);
      store::RoomRecord room = named_room(prng_.meteor_id(), "c", "channel-" + std::to_string(i),
                                          start_ms_ + prng_.below(90 * kDayMs));
      make_room(std::move(room), std::move(members), counts[static_cast<std::size_t>(i)], true);
    }
  }

  void make_groups() {
    auto counts = split(plan_.group_messages, plan_.groups);
    std::vector<std::size_t> everyone(users_.size());
    for (std::size_t i = 0; i < everyone.size(); ++i) everyone[i] = i;
    for (int64_t i = 0; i < plan_.groups; ++i) {
      auto size = static_cast<std::size_t>(3 + prng_.skewed_below(58, 2.5));
      auto members = sample(everyone, size);
      store::RoomRecord room = named_room(prng_.meteor_id(), "p", "group-" + std::to_string(i + 1),
                                          start_ms_ + prng_.below(kHistoryMs / 2));
      make_room(std::move(room), std::move(members), counts[static_cast<std::size_t>(i)], true);
    }
  }

  void make_directs() {
    auto counts = split(plan_.direct_messages, plan_.directs);
    std::unordered_set<uint64_t> pairs;
    const auto n = static_cast<int64_t>(users_.size());
    for (int64_t i = 0; i < plan_.directs; ++i) {
      std::size_t a = 0, b = 0;
      // plan_for_scale keeps directs at or below the number of pairs; the skew makes some
      // pairs likelier, so fall back to a uniform draw after a few repeats.
      for (int attempt = 0;; ++attempt) {
        a = attempt < 8 ? popularity_[static_cast<std::size_t>(prng_.skewed_below(n, 2.0))]
                        : static_cast<std::size_t>(prng_.below(n));
        b = static_cast<std::size_t>(prng_.below(n));
        if (a == b) continue;
        if (users_[a].id > users_[b].id) std::swap(a, b);
        if (pairs.insert(static_cast<uint64_t>(a) << 32 | b).second) break;
      }
      // The id chat/ gives a 1:1 DM: the two user ids, sorted.
      store::RoomRecord room;
      room.id = users_[a].id + users_[b].id;
      room.type = "d";
      room.created_at = start_ms_ + prng_.below(kHistoryMs * 4 / 5);
      room.doc = {{"usernames",
                   json::array{json::string(users_[a].username), json::string(users_[b].username)}},
                  {"uids", json::array{json::string(users_[a].id), json::string(users_[b].id)}},
                  {"u", short_user(users_[a])}};
      make_room(std::move(room), {a, b}, counts[static_cast<std::size_t>(i)], false);
    }
  }

  store::RoomRecord named_room(std::string id, std::string type, std::string name,
                               int64_t created) {
    store::RoomRecord room;
    room.id = std::move(id);
    room.type = std::move(type);
    room.name = std::move(name);
    room.created_at = created;
    return room;
  }

  // Writes one room with its members' subscriptions and its `count` messages. With
  // `has_owner` the first member created the room and owns it.
  void make_room(store::RoomRecord room, std::vector<std::size_t> members, int64_t count,
                 bool has_owner) {
    if (has_owner) {
      room.doc = {{"fname", room.name}, {"u", short_user(users_[members[0]])}, {"sysMes", true}};
    }
    auto messages = make_messages(room, members, count);
    room.msgs = count;
    room.users_count = static_cast<int64_t>(members.size());
    room.updated_at = room.created_at;
    if (!messages.empty()) {
      room.last_message_at = messages.back().ts;
      room.last_message = messages.back().doc;
      room.updated_at = messages.back().ts;
    }
    for (std::size_t i = 0; i < members.size(); ++i) {
      const SeedUser& u = users_[members[i]];
      store::SubscriptionRecord s;
      s.id = prng_.meteor_id();
      s.room_id = room.id;
      s.user_id = u.id;
      s.username = u.username;
      s.room_type = room.type;
      if (room.type == "d") {
        const SeedUser& other = users_[members[1 - i]];
        s.name = other.username;
        s.fname = other.name;
      } else {
        s.name = room.name;
        s.fname = room.name;
      }
      s.created_at = room.created_at;
      s.last_seen = room.updated_at;  // everything read: the load run makes the unread
      s.updated_at = room.updated_at;
      if (has_owner && i == 0) s.roles = {"owner"};
      batch_.subscriptions.push_back(std::move(s));
    }
    report_.subscriptions += static_cast<int64_t>(members.size());
    batch_messages_ += static_cast<int64_t>(messages.size());
    batch_.rooms.push_back(std::move(room));
    for (auto& m : messages) batch_.messages.push_back(std::move(m));
    if (batch_.messages.size() + batch_.subscriptions.size() >= options_.batch_rows) flush();
  }

  std::vector<store::MessageRecord> make_messages(const store::RoomRecord& room,
                                                  const std::vector<std::size_t>& members,
                                                  int64_t count) {
    std::vector<int64_t> times(static_cast<std::size_t>(count));
    const int64_t from = room.created_at + kSecondMs;
    const int64_t span = std::max<int64_t>(1, options_.now_ms - kSecondMs - from);
    for (auto& t : times) t = from + prng_.below(span);
    std::sort(times.begin(), times.end());

    std::vector<store::MessageRecord> messages;
    messages.reserve(times.size());
    std::vector<std::size_t> roots;  // messages that may get thread replies
    for (int64_t ts : times) {
      const SeedUser& author = users_[members[static_cast<std::size_t>(
          prng_.below(static_cast<int64_t>(members.size())))]];
      std::string text = paragraph(prng_, paragraph_length(prng_));
      json::array mentions;
      if (members.size() > 1 && prng_.chance(kMention)) {
        const SeedUser& named = users_[members[static_cast<std::size_t>(
            prng_.below(static_cast<int64_t>(members.size())))]];
        if (named.id != author.id) {
          text = "@" + named.username + " " + text;
          mentions.push_back(json::object{{"_id", named.id},
                                          {"username", named.username},
                                          {"name", named.name},
                                          {"type", "user"}});
        }
      }
      store::MessageRecord m;
      m.id = prng_.meteor_id();
      m.room_id = room.id;
      m.user_id = author.id;
      m.ts = ts;
      m.updated_at = ts;
      json::object& doc = m.doc;
      doc["_id"] = m.id;
      doc["rid"] = room.id;
      doc["msg"] = text;
      doc["ts"] = date(ts);
      doc["u"] =
          json::object{{"_id", author.id}, {"username", author.username}, {"name", author.name}};
      doc["mentions"] = std::move(mentions);
      doc["channels"] = json::array{};
      doc["md"] = chat::parse_message(text);
      doc["urls"] = json::array{};
      if (roots.size() >= 5 && prng_.chance(kThreadReply)) {
        // A reply to one of the last few messages, as threads happen.
        const std::size_t window = std::min<std::size_t>(roots.size(), 30);
        store::MessageRecord& parent =
            messages[roots[roots.size() - 1 - static_cast<std::size_t>(prng_.below(window))]];
        m.thread_id = parent.id;
        doc["tmid"] = parent.id;
        add_reply(parent, author, ts);
        ++report_.thread_replies;
      }
      if (prng_.chance(kEdited)) {
        m.updated_at =
            std::min(options_.now_ms - 1, ts + prng_.between(5 * kSecondMs, 600 * kSecondMs));
        doc["editedAt"] = date(m.updated_at);
        doc["editedBy"] = short_user(author);
      }
      if (prng_.chance(kReacted)) {
        json::array usernames;
        const int64_t reactors =
            std::min<int64_t>(prng_.between(1, 3), static_cast<int64_t>(members.size()));
        for (int64_t r = 0; r < reactors; ++r) {
          json::string name(users_[members[static_cast<std::size_t>(r)]].username);
          usernames.push_back(std::move(name));
        }
        doc["reactions"] =
            json::object{{":+1:", json::object{{"usernames", std::move(usernames)}}}};
      }
      doc["_updatedAt"] = date(m.updated_at);
      if (m.thread_id.empty()) roots.push_back(messages.size());
      messages.push_back(std::move(m));
    }
    report_.messages += count;
    return messages;
  }

  // Rocket.Chat's thread parent fields: tcount, tlm and the repliers' ids.
  static void add_reply(store::MessageRecord& parent, const SeedUser& author, int64_t ts) {
    json::object& doc = parent.doc;
    const json::value* tcount = doc.if_contains("tcount");
    doc["tcount"] = (tcount && tcount->is_int64() ? tcount->as_int64() : 0) + 1;
    doc["tlm"] = date(ts);
    json::value& replies = doc["replies"];
    if (!replies.is_array()) replies = json::array{};
    json::array& ids = replies.as_array();
    if (std::find(ids.begin(), ids.end(), json::value(author.id)) == ids.end()) {
      ids.push_back(json::string(author.id));
    }
    parent.updated_at = std::max(parent.updated_at, ts);
    doc["_updatedAt"] = date(parent.updated_at);
  }

  // --- sampling ----------------------------------------------------------------------------
  // Fisher-Yates on the first `count` places only.
  void shuffle_prefix(std::vector<std::size_t>& items, std::size_t count) {
    for (std::size_t i = 0; i < count && i + 1 < items.size(); ++i) {
      auto j = i + static_cast<std::size_t>(prng_.below(static_cast<int64_t>(items.size() - i)));
      std::swap(items[i], items[j]);
    }
  }

  // `size` distinct entries of `pool` (all of it when it is smaller).
  std::vector<std::size_t> sample(const std::vector<std::size_t>& pool, std::size_t size) {
    if (size >= pool.size()) return pool;
    if (size * 3 < pool.size()) {
      std::unordered_set<std::size_t> seen;
      std::vector<std::size_t> picked;
      while (picked.size() < size) {
        std::size_t p =
            pool[static_cast<std::size_t>(prng_.below(static_cast<int64_t>(pool.size())))];
        if (seen.insert(p).second) picked.push_back(p);
      }
      return picked;
    }
    std::vector<std::size_t> copy = pool;
    shuffle_prefix(copy, size);
    copy.resize(size);
    return copy;
  }

  // `total` spread over `parts` with a heavy tail: most rooms are quiet, a few are busy.
  std::vector<int64_t> split(int64_t total, int64_t parts) {
    std::vector<int64_t> counts(static_cast<std::size_t>(std::max<int64_t>(parts, 1)), 0);
    if (parts <= 0 || total <= 0) return counts;
    std::vector<double> weights(counts.size());
    double sum = 0;
    for (auto& w : weights) {
      w = std::pow(std::max(prng_.uniform(), 1e-4), -0.7);
      sum += w;
    }
    int64_t given = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      counts[i] = static_cast<int64_t>(static_cast<double>(total) * weights[i] / sum);
      given += counts[i];
    }
    for (; given < total; ++given) ++counts[static_cast<std::size_t>(prng_.below(parts))];
    return counts;
  }

  // --- batches -----------------------------------------------------------------------------
  void flush() {
    if (batch_.users.empty() && batch_.tokens.empty() && batch_.rooms.empty()) return;
    wait_for_pending();
    pending_messages_ = batch_messages_;
    pending_ = std::async(std::launch::async,
                          [this, batch = std::move(batch_)] { return store_.import_batch(batch); });
    batch_ = {};
    batch_messages_ = 0;
  }

  void wait_for_pending() {
    if (!pending_.valid()) return;
    const store::WriteStatus status = pending_.get();
    if (status != store::WriteStatus::kOk) {
      throw SeedError("the store refused a batch: " + status_name(status));
    }
    committed_messages_ += pending_messages_;
    progress_.advance_to(committed_messages_);
  }

  store::Store& store_;
  const SeedOptions& options_;
  Progress& progress_;
  const SeedPlan plan_;
  Prng prng_;
  Prng token_prng_;  // apart, so that asking for tokens changes nothing else
  const int64_t start_ms_;

  std::vector<SeedUser> users_;
  std::vector<std::size_t> active_;      // indexes into users_
  std::vector<std::size_t> popularity_;  // users_ indexes, most popular first

  store::ImportBatch batch_;
  int64_t batch_messages_ = 0;
  std::future<store::WriteStatus> pending_;
  int64_t pending_messages_ = 0;
  int64_t committed_messages_ = 0;
  SeedReport report_;
};

}  // namespace

SeedReport run_seed(store::Store& store, const SeedOptions& options, Progress& progress) {
  return DatasetWriter(store, options, progress).run();
}

}  // namespace parley::seed
