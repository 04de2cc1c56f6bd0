#pragma once
// What an uploaded image gets (Rocket.Chat's FileUpload: identify, createImageThumbnail,
// resizeImagePreview, done there with sharp): its format and size, a thumbnail when it is
// larger than the Message_Attachments_Thumbnails box, and `image_preview`, a tiny blurred
// JPEG that clients show (base64) while the real image loads.
//
// Same rules as raster.hpp: libvips, initialised once with one thread per operation, so the
// calling upload worker does all the work; blocking, never on an event loop; thread-safe;
// failures are nullopt (a broken image is still a file, just without pictures of itself).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley::image {

struct Probe {
  std::string format;  // "jpeg", "png", "gif", "webp", ...
  int64_t width = 0;   // as displayed: swapped for EXIF orientations 5-8, as RC does
  int64_t height = 0;
};

// Reads only the header. nullopt when libvips cannot load it.
std::optional<Probe> probe(std::string_view bytes);

struct Thumbnail {
  std::string bytes;
  std::string content_type;  // the original's format; GIF (and anything else) becomes PNG
  int64_t width = 0;
  int64_t height = 0;
};

// The image shrunk to fit inside max_width x max_height (never enlarged), EXIF rotation
// applied. nullopt when it cannot be made.
std::optional<Thumbnail> make_thumbnail(std::string_view bytes, int max_width, int max_height);

// RC's image_preview: at most 32x32, mildly blurred, JPEG, base64 (no data: prefix).
std::optional<std::string> make_preview_base64(std::string_view bytes);

}  // namespace parley::image
