// libFuzzer target for rest/multipart (STYLE.md idea 12). Besides "no crash, no sanitizer
// report", it checks the property uploads rely on: the parse does not depend on how the body
// was split into reads. The input's first byte picks a chunk size; the rest is the body under
// a fixed boundary, parsed once whole and once in chunks, and both must see the same parts,
// bytes and outcome.
//
//   CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DPARLEY_FUZZ=ON
//   cmake --build build-fuzz --target parley_fuzz_multipart
//   build-fuzz/tests/fuzz/parley_fuzz_multipart -max_total_time=60 tests/fuzz/corpus/multipart
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "rest/multipart.hpp"

namespace {

using parley::rest::MultipartParser;
using parley::rest::MultipartPart;

struct Trace : parley::rest::MultipartSink {
  std::vector<std::string> events;
  bool on_part_begin(const MultipartPart& p) override {
    events.push_back("begin " + p.name + "|" + p.filename + "|" + std::to_string(p.has_filename) +
                     "|" + p.content_type);
    events.emplace_back("data ");
    return true;
  }
  bool on_part_data(std::string_view bytes) override {
    if (bytes.empty()) std::abort();  // never an empty run
    events.back().append(bytes);
    return true;
  }
  bool on_part_end() override {
    events.emplace_back("end");
    return true;
  }
};

std::string run(std::string_view body, std::size_t chunk, Trace& trace) {
  MultipartParser::Limits limits;
  limits.max_header_bytes = 256;
  limits.max_parts = 8;
  MultipartParser parser("b0undary", trace, limits);
  bool ok = true;
  for (std::size_t at = 0; ok && at < body.size(); at += chunk)
    ok = parser.feed(body.substr(at, chunk));
  ok = ok && parser.finish();
  return ok ? "ok" : std::string(parley::rest::to_string(*parser.error()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 17;
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  Trace whole;
  Trace split;
  const std::string a = run(body, body.size() + 1, whole);
  const std::string b = run(body, chunk, split);
  if (a != b || whole.events != split.events) std::abort();
  return 0;
}
