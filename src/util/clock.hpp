#pragma once
// Time as an injectable dependency, so expiry, rate limits and timeouts are tested without
// sleeping (STYLE.md idea 10).
#include <atomic>
#include <cstdint>
#include <string>

namespace parley::util {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t now_ms() const override;
};

// A clock that only moves when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t start_ms = 1'700'000'000'000) : now_(start_ms) {}
  int64_t now_ms() const override { return now_.load(); }
  void advance_ms(int64_t delta) { now_.fetch_add(delta); }
  void set_ms(int64_t value) { now_.store(value); }

 private:
  std::atomic<int64_t> now_;
};

// "2024-05-01T10:00:00.000Z", the form Rocket.Chat's REST API uses for dates.
std::string iso8601(int64_t ms);

}  // namespace parley::util
