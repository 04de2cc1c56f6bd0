#pragma once
// A small deterministic generator (xoshiro256**, seeded through splitmix64) so that
// `parley seed --seed N` writes the same dataset on every machine and library version:
// std::mt19937 is portable too, but the std:: distributions on top of it are not.
#include <cmath>
#include <cstdint>
#include <string>

namespace parley::seed {

class Prng {
 public:
  explicit Prng(uint64_t seed) {
    for (auto& word : state_) {
      seed += 0x9e3779b97f4a7c15ULL;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }

  uint64_t next() {
    const uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // [0, 1)
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return uniform() < p; }
  // [0, n); n > 0.
  int64_t below(int64_t n) { return static_cast<int64_t>(uniform() * static_cast<double>(n)); }
  // [lo, hi]
  int64_t between(int64_t lo, int64_t hi) { return lo + below(hi - lo + 1); }
  // [0, n), most often near 0: the larger `skew`, the more (skew 1 is uniform).
  int64_t skewed_below(int64_t n, double skew) {
    return static_cast<int64_t>(std::pow(uniform(), skew) * static_cast<double>(n));
  }

  // A Meteor-style id: 17 characters of Meteor's alphabet (no 0/1/I/O/l).
  std::string meteor_id(std::size_t length = 17) {
    static constexpr char kAlphabet[] = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz";
    std::string id(length, ' ');
    for (auto& c : id) c = kAlphabet[below(sizeof(kAlphabet) - 1)];
    return id;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4]{};
};

}  // namespace parley::seed
