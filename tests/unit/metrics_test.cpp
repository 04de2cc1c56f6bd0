#include <gtest/gtest.h>

#include "metrics/registry.hpp"

namespace parley::metrics {
namespace {

TEST(MetricsTest, RendersCountersWithLabelsInPrometheusText) {
  Registry r;
  r.counter("parley_x_total", "Things", {{"route", "/a\"b"}}).inc(3);
  r.counter("parley_x_total", "Things", {{"route", "/c"}}).inc();
  std::string text = r.render();
  EXPECT_NE(text.find("# TYPE parley_x_total counter"), std::string::npos);
  EXPECT_NE(text.find("parley_x_total{route=\"/a\\\"b\"} 3"), std::string::npos) << text;
  EXPECT_NE(text.find("parley_x_total{route=\"/c\"} 1"), std::string::npos);
}

TEST(MetricsTest, SameNameAndLabelsIsTheSameCounter) {
  Registry r;
  Counter& a = r.counter("c", "h", {{"k", "v"}});
  Counter& b = r.counter("c", "h", {{"k", "v"}});
  EXPECT_EQ(&a, &b);
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Registry r;
  Histogram& h = r.histogram("lat_seconds", "latency", {}, {0.1, 1.0});
  h.observe(0.05);
  h.observe(0.5);
  h.observe(5);
  auto counts = h.cumulative_counts();
  ASSERT_EQ(counts.size(), 3u);
  EXPECT_EQ(counts[0], 1u);
  EXPECT_EQ(counts[1], 2u);
  EXPECT_EQ(counts[2], 3u);
  std::string text = r.render();
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"+Inf\"} 3"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_seconds_count 3"), std::string::npos);
}

TEST(MetricsTest, OneNameCannotBeTwoKinds) {
  Registry r;
  r.counter("m", "h");
  EXPECT_THROW(r.gauge("m", "h"), std::logic_error);
}

}  // namespace
}  // namespace parley::metrics
