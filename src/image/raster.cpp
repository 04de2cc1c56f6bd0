#include "image/raster.hpp"

#include <spdlog/spdlog.h>
#include <vips/vips.h>

#include "image/vips_handle.hpp"

namespace parley::image {

std::optional<std::string> render_svg(std::string_view svg, std::string_view format) {
  const bool png = format == "png";
  if (!png && format != "jpg" && format != "jpeg") return std::nullopt;
  if (!vips_ready()) return std::nullopt;
  ImageRef loaded;
  if (vips_svgload_buffer(const_cast<char*>(svg.data()), svg.size(), &loaded.image, nullptr) != 0) {
    spdlog::warn("rendering an SVG failed: {}", vips_error_buffer());
    vips_error_clear();
    return std::nullopt;
  }
  void* out = nullptr;
  std::size_t size = 0;
  int failed = 0;
  if (png) {
    failed = vips_pngsave_buffer(loaded.image, &out, &size, nullptr);
  } else {
    // JPEG has no alpha: flatten onto white, as a browser shows a transparent corner.
    ImageRef flat;
    VipsArrayDouble* white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
    failed = vips_flatten(loaded.image, &flat.image, "background", white, nullptr);
    vips_area_unref(VIPS_AREA(white));
    if (failed == 0) failed = vips_jpegsave_buffer(flat.image, &out, &size, "Q", 90, nullptr);
  }
  if (failed != 0) {
    spdlog::warn("encoding a rendered SVG as {} failed: {}", format, vips_error_buffer());
    vips_error_clear();
    g_free(out);
    return std::nullopt;
  }
  std::string bytes(static_cast<const char*>(out), size);
  g_free(out);
  return bytes;
}

}  // namespace parley::image
