#pragma once
// Image work on libvips: today the PNG/JPEG rendering of generated SVG avatars (RC answers
// /avatar?format=png|jpg|jpeg with sharp). Thumbnails of uploads: thumbnail.hpp.
//
// DESIGN
// - libvips is initialised once, on first use (std::call_once), with its operation cache kept
//   small and one thread per operation: the calling worker does the work, so libvips never
//   adds threads of its own to a 2-core machine.
// - Every call blocks (CPU): call from a worker, never from an event loop. Thread-safe.
// - Failures (libvips missing a loader, a bad document) are values: nullopt, logged once.
#include <optional>
#include <string>
#include <string_view>

namespace parley::image {

// "png", "jpg" or "jpeg": the SVG document rendered at its own size; nullopt if it cannot be.
std::optional<std::string> render_svg(std::string_view svg, std::string_view format);

}  // namespace parley::image
