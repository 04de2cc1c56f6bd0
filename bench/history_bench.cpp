// History pages on a seeded database, timed at the store (SqliteStore::room_history), the
// part of a room open that grows with the room. Usage:
//   history_bench <data dir of `parley seed`> [rooms=1000] [pages=20]
// Prints p50 / p99 / max per mode:
//  - "first page": loadHistory's first call (no `latest`, 50 rows) for `rooms` rooms picked
//    at random, each weighted by its messages (a busy room is opened more often);
//  - "walk back": the 5 biggest rooms paged back `pages` times by `latest` (infinite scroll);
// each without the total (what loadHistory and channels.history ask since issue 12) and with
// it (channels.messages, and every history query before).
// The database is only read. Run it twice: the first run also measures a cold page cache.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "metrics/registry.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

using parley::store::HistoryQuery;
using parley::store::SqliteStore;
using Clock = std::chrono::steady_clock;

struct Room {
  std::string id;
  int64_t messages = 0;
};

// The rooms and their message counts, read straight from the file (the store has no such
// listing).
std::vector<Room> rooms_of(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    throw std::runtime_error("cannot open " + path);
  }
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT id, msgs FROM rooms WHERE msgs > 0 ORDER BY msgs DESC", -1, &stmt,
                     nullptr);
  std::vector<Room> rooms;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    rooms.push_back({reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
                     sqlite3_column_int64(stmt, 1)});
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rooms;
}

struct Timings {
  std::vector<double> ms;
  void add(Clock::time_point start) {
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  void print(const char* what) {
    if (ms.empty()) return;
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) { return ms[std::min(ms.size() - 1, std::size_t(q * ms.size()))]; };
    std::printf("%-32s n=%-6zu p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms\n", what, ms.size(),
                at(0.5), at(0.99), ms.back());
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <data dir> [rooms=1000] [pages=20]\n", argv[0]);
    return 2;
  }
  const std::string path = std::string(argv[1]) + "/parley.sqlite";
  const int opens = argc > 2 ? std::stoi(argv[2]) : 1000;
  const int pages = argc > 3 ? std::stoi(argv[3]) : 20;

  const std::vector<Room> rooms = rooms_of(path);
  if (rooms.empty()) {
    std::fprintf(stderr, "no room with messages in %s\n", path.c_str());
    return 1;
  }
  parley::metrics::Registry metrics;
  parley::store::SqliteOptions options;
  options.path = path;
  SqliteStore store(options, metrics);
  std::printf("%zu rooms with messages; the biggest has %lld\n", rooms.size(),
              static_cast<long long>(rooms.front().messages));

  std::mt19937_64 random(1);
  std::vector<double> weights;
  for (const auto& r : rooms) weights.push_back(static_cast<double>(r.messages));
  std::discrete_distribution<std::size_t> pick(weights.begin(), weights.end());

  for (const bool total : {false, true}) {
    Timings first;
    for (int i = 0; i < opens; ++i) {
      HistoryQuery q;
      q.room_id = rooms[pick(random)].id;
      q.count = 50;
      q.count_total = total;
      const auto start = Clock::now();
      store.room_history(q);
      first.add(start);
    }
    first.print(total ? "first page, with total" : "first page, no total");

    Timings walk;
    for (std::size_t r = 0; r < std::min<std::size_t>(5, rooms.size()); ++r) {
      HistoryQuery q;
      q.room_id = rooms[r].id;
      q.count = 50;
      q.count_total = total;
      for (int p = 0; p < pages; ++p) {
        const auto start = Clock::now();
        auto page = store.room_history(q);
        walk.add(start);
        if (page.messages.empty()) break;
        q.latest = page.messages.back().ts;
      }
    }
    walk.print(total ? "walk back 5 biggest, with total" : "walk back 5 biggest, no total");
  }
  return 0;
}
