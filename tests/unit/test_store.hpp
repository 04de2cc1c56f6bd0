#pragma once
// A real SQLite store in a fresh temporary directory, removed afterwards. Tests of chat/,
// rest/ and ddp/ run on it rather than on a mock: it is what users run.
#include <sodium.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "metrics/registry.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/clock.hpp"

namespace parley::testing {

class TempStore {
 public:
  // `clock` (if given, it must outlive the store) stamps the store's writes; tests on a fake
  // clock pass theirs, so the stamps follow it.
  explicit TempStore(const util::Clock* clock = nullptr) {
    if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("parley-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    store::SqliteOptions options;
    options.path = (dir_ / "parley.sqlite").string();
    options.synchronous = store::SqliteOptions::Synchronous::kNormal;
    options.clock = clock;
    store_ = std::make_unique<store::SqliteStore>(options, metrics_);
  }
  ~TempStore() {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  store::Store& store() { return *store_; }
  metrics::Registry& metrics() { return metrics_; }

 private:
  std::filesystem::path dir_;
  metrics::Registry metrics_;
  std::unique_ptr<store::SqliteStore> store_;
};

}  // namespace parley::testing
