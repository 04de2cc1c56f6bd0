#pragma once
// What every client of one load run shares: the options, the ledger, the audience and the
// counters the report is made of. Counters are atomics (clients on many threads bump them);
// the histograms and the error log sit behind one mutex, touched a few times per client and
// per room open, never per frame.
#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "load/audience.hpp"
#include "load/delivery_ledger.hpp"
#include "load/histogram.hpp"
#include "load/load_options.hpp"
#include "load/ws_connection.hpp"

namespace parley::load {

enum class ErrorKind : unsigned char {
  kMethod,      // a method answered with an error
  kNosub,       // a subscription refused
  kErrorFrame,  // {"msg":"error"}: the server did not understand a frame
  kDisconnect,  // a connection ended that the generator did not end
  kConnect,     // TCP connect or WebSocket handshake failed
  kLogin,       // login refused
  kBadFrame,    // a frame that is not one JSON object
  kTimeout,     // a method with no answer for 60 s
};
inline constexpr int kErrorKinds = 8;
inline constexpr std::array<const char*, kErrorKinds> kErrorNames{
    "method", "nosub", "error_frame", "disconnect", "connect", "login", "bad_frame", "timeout"};

struct RunStats {
  std::array<std::atomic<uint64_t>, kErrorKinds> errors{};
  std::atomic<uint64_t> frames{0}, bytes{0};
  std::atomic<uint64_t> room_stream_frames{0}, my_messages_frames{0}, rooms_changed_frames{0},
      presence_frames{0}, activity_frames{0}, user_status_frames{0}, other_changed_frames{0};
  std::atomic<uint64_t> sends{0}, typing_calls{0}, room_opens{0}, presence_changes{0};
  std::atomic<int64_t> calls_outstanding{0};  // methods sent and not answered yet
  std::atomic<int> ready{0};                  // clients ready now
  std::atomic<int> ever_ready{0};             // clients that were ready at least once

  std::mutex mu;
  Histogram history;      // loadHistory round trip, microseconds
  Histogram login;        // connect to every subscription ready, first time, microseconds
  Histogram storm_login;  // the same after the storm's drop
  int64_t last_ready_ns = 0;
  int storm_back = 0;
  int64_t storm_last_back_ns = 0;
  std::vector<std::string> error_log;  // the first few, with the client that saw them

  void error(ErrorKind kind, const std::string& detail) {
    errors[static_cast<std::size_t>(kind)].fetch_add(1);
    std::lock_guard lock(mu);
    if (error_log.size() < 20) error_log.push_back(detail);
  }
  uint64_t error_total() const {
    uint64_t n = 0;
    for (const auto& e : errors) n += e.load();
    return n;
  }
};

struct RunContext {
  RunContext(const LoadOptions& o, const Target& t, DeliveryLedger& l, Audience& a, RunStats& s)
      : options(o), target(t), ledger(l), audience(a), stats(s) {}

  const LoadOptions& options;
  const Target& target;
  DeliveryLedger& ledger;
  Audience& audience;
  RunStats& stats;
  double send_rate_per_client = 0;  // messages/s of one active client
  int64_t epoch_ns = 0;             // steady clock at the start of the run
  std::atomic<bool> activity{false};
  std::atomic<int64_t> storm_ns{0};  // when the storm dropped everyone; 0 = no storm yet

  std::mutex rooms_mu;
  std::vector<std::string> room_lines;  // --write-rooms: userId<TAB>roomId<TAB>type
};

int64_t steady_now_ns();

}  // namespace parley::load
