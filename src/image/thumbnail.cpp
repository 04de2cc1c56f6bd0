#include "image/thumbnail.hpp"

#include <spdlog/spdlog.h>

#include <cstring>

#include "image/vips_handle.hpp"
#include "util/hash.hpp"

namespace parley::image {

namespace {

// Decompression bombs: a small file can declare a huge canvas. Above this many pixels an image
// is still stored and described (probe reads only the header) but gets no thumbnail and no
// preview, which would cost seconds of a worker.
constexpr int64_t kMaxPixels = 100'000'000;

void log_vips_failure(const char* what) {
  spdlog::warn("image: {} failed: {}", what, vips_error_buffer());
  vips_error_clear();
}

// "jpeg" from the loader libvips picked ("jpegload_buffer"); "" when it says nothing.
std::string loader_format(VipsImage* image) {
  const char* loader = nullptr;
  if (vips_image_get_string(image, "vips-loader", &loader) != 0 || loader == nullptr) {
    vips_error_clear();
    return "";
  }
  std::string name(loader);
  const auto at = name.find("load");
  return at == std::string::npos ? name : name.substr(0, at);
}

bool too_large(int64_t width, int64_t height) {
  return width <= 0 || height <= 0 || width * height > kMaxPixels;
}

// Encodes `image` as `format` ("jpeg", "png" or "webp"); nullopt on failure.
std::optional<std::string> encode(VipsImage* image, const std::string& format) {
  void* out = nullptr;
  std::size_t size = 0;
  int failed = 0;
  if (format == "jpeg") {
    failed = vips_jpegsave_buffer(image, &out, &size, "Q", 80, nullptr);
  } else if (format == "webp") {
    failed = vips_webpsave_buffer(image, &out, &size, nullptr);
  } else {
    failed = vips_pngsave_buffer(image, &out, &size, nullptr);
  }
  if (failed != 0) {
    log_vips_failure("encoding");
    g_free(out);
    return std::nullopt;
  }
  std::string bytes(static_cast<const char*>(out), size);
  g_free(out);
  return bytes;
}

// vips_thumbnail_buffer: shrink-on-load where the format allows (JPEG), EXIF rotation applied,
// never enlarged.
bool shrink(std::string_view bytes, int max_width, int max_height, ImageRef& out) {
  if (vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), &out.image, max_width,
                            "height", max_height, "size", VIPS_SIZE_DOWN, nullptr) != 0) {
    log_vips_failure("shrinking");
    return false;
  }
  return true;
}

}  // namespace

std::optional<Probe> probe(std::string_view bytes) {
  if (bytes.empty() || !vips_ready()) return std::nullopt;
  ImageRef image;
  // Opening reads the header only; pixels are decoded on demand, and nothing here asks.
  image.image = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
  if (image.image == nullptr) {
    log_vips_failure("probing");
    return std::nullopt;
  }
  Probe p;
  p.format = loader_format(image.image);
  p.width = vips_image_get_width(image.image);
  p.height = vips_image_get_height(image.image);
  int orientation = 1;
  if (vips_image_get_typeof(image.image, VIPS_META_ORIENTATION) != 0 &&
      vips_image_get_int(image.image, VIPS_META_ORIENTATION, &orientation) == 0 &&
      orientation >= 5 && orientation <= 8) {
    std::swap(p.width, p.height);  // a quarter turn: shown the other way round
  }
  return p;
}

std::optional<Thumbnail> make_thumbnail(std::string_view bytes, int max_width, int max_height) {
  if (max_width <= 0 || max_height <= 0) return std::nullopt;
  auto probed = probe(bytes);
  if (!probed || too_large(probed->width, probed->height)) return std::nullopt;
  ImageRef small;
  if (!shrink(bytes, max_width, max_height, small)) return std::nullopt;
  // As sharp's default: the input's format, but GIF (and what has no encoder here) as PNG.
  const std::string format =
      probed->format == "jpeg" || probed->format == "webp" ? probed->format : "png";
  auto encoded = encode(small.image, format);
  if (!encoded) return std::nullopt;
  return Thumbnail{std::move(*encoded), "image/" + format, vips_image_get_width(small.image),
                   vips_image_get_height(small.image)};
}

std::optional<std::string> make_preview_base64(std::string_view bytes) {
  auto probed = probe(bytes);
  if (!probed || too_large(probed->width, probed->height)) return std::nullopt;
  ImageRef small;
  if (!shrink(bytes, 32, 32, small)) return std::nullopt;
  ImageRef flat;
  VipsImage* opaque = small.image;
  if (vips_image_hasalpha(small.image)) {
    // JPEG has no alpha: flatten onto white, as a browser shows a transparent corner.
    VipsArrayDouble* white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
    const int failed = vips_flatten(small.image, &flat.image, "background", white, nullptr);
    vips_area_unref(VIPS_AREA(white));
    if (failed != 0) {
      log_vips_failure("flattening a preview");
      return std::nullopt;
    }
    opaque = flat.image;
  }
  ImageRef blurred;
  if (vips_gaussblur(opaque, &blurred.image, 1.0, nullptr) != 0) {
    log_vips_failure("blurring a preview");
    return std::nullopt;
  }
  auto jpeg = encode(blurred.image, "jpeg");
  if (!jpeg) return std::nullopt;
  return util::base64_encode(*jpeg);
}

}  // namespace parley::image
