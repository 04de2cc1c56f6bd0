#pragma once
// The Store conformance suite: every Store implementation must pass it unchanged. The tests
// (store_conformance.cpp) see only the Store interface and the metrics registry; an
// implementation's test file instantiates them with a factory that makes a fresh, empty store:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance,
//                            ::testing::Values(StoreFactory{"sqlite", make_sqlite_store}),
//                            StoreConformance::name_of);
//
// Implementations report parley_store_writes_total and parley_store_commits_total to the
// registry they are given; the group-commit test reads them there. They take their write
// stamps (store.hpp) from the clock they are given: a fake one that tests move with at().
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "metrics/registry.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::store::conformance {

struct StoreFactory {
  std::string name;  // used in test names: letters, digits, underscores
  std::function<std::unique_ptr<Store>(metrics::Registry&, const util::Clock&)> make;
};

class StoreConformance : public ::testing::TestWithParam<StoreFactory> {
 public:
  static std::string name_of(const ::testing::TestParamInfo<StoreFactory>& info) {
    return info.param.name;
  }

 protected:
  void SetUp() override { store_ = GetParam().make(registry_, clock_); }
  void TearDown() override { store_.reset(); }

  Store& store() { return *store_; }
  metrics::Registry& registry() { return registry_; }
  // The store's clock reads `ms` from now on: the next write's stamp is ms, or one more than
  // the last stamp if that is not earlier.
  void at(int64_t ms) { clock_.set_ms(ms); }

  // The registry and the clock outlive the store, which points into them.
  metrics::Registry registry_;
  util::FakeClock clock_;
  std::unique_ptr<Store> store_;
};

}  // namespace parley::store::conformance
