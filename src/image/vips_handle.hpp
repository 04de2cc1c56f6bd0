#pragma once
// Internal to image/: the one libvips start-up and an owning VipsImage reference, shared by
// raster.cpp and thumbnail.cpp.
#include <vips/vips.h>

namespace parley::image {

// Starts libvips on first use (std::call_once): one thread per operation (the caller's), a
// small operation cache. False when libvips could not start (logged once).
bool vips_ready();

// Owns a VipsImage reference.
struct ImageRef {
  VipsImage* image = nullptr;
  ImageRef() = default;
  ImageRef(const ImageRef&) = delete;
  ImageRef& operator=(const ImageRef&) = delete;
  ~ImageRef() {
    if (image != nullptr) g_object_unref(image);
  }
};

}  // namespace parley::image
