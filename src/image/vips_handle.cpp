#include "image/vips_handle.hpp"

#include <spdlog/spdlog.h>

#include <mutex>

namespace parley::image {

bool vips_ready() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    if (VIPS_INIT("parley") != 0) {
      spdlog::error("libvips failed to start: {}", vips_error_buffer());
      vips_error_clear();
      return;
    }
    // The calling worker does the work: libvips adds no threads of its own.
    vips_concurrency_set(1);
    vips_cache_set_max(16);
    vips_cache_set_max_mem(16 * 1024 * 1024);
    ok = true;
  });
  return ok;
}

}  // namespace parley::image
