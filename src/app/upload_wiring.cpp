#include "app/upload_wiring.hpp"

#include "image/thumbnail.hpp"

namespace parley::app {

chat::ImageTools upload_image_tools() {
  chat::ImageTools t;
  t.probe = [](std::string_view bytes) -> std::optional<store::ImageIdentity> {
    auto p = image::probe(bytes);
    if (!p) return std::nullopt;
    return store::ImageIdentity{p->format, p->width, p->height};
  };
  t.thumbnail = [](std::string_view bytes, int w, int h) -> std::optional<chat::ImageTools::Thumb> {
    auto made = image::make_thumbnail(bytes, w, h);
    if (!made) return std::nullopt;
    return chat::ImageTools::Thumb{std::move(made->bytes), made->content_type, made->width,
                                   made->height};
  };
  t.preview_base64 = [](std::string_view bytes) { return image::make_preview_base64(bytes); };
  return t;
}

chat::UploadObserver upload_metrics(metrics::Registry& metrics) {
  auto& files = metrics.counter("parley_uploads_total", "Files stored by uploads");
  auto& bytes = metrics.counter("parley_upload_bytes_total", "Bytes stored by uploads");
  auto& thumbnails =
      metrics.counter("parley_upload_thumbnails_total", "Thumbnails made for uploaded images");
  auto& seconds =
      metrics.histogram("parley_upload_seconds", "From an upload's first check to its stored rows");
  chat::UploadObserver o;
  o.stored = [&files, &bytes, &seconds](int64_t size, double took) {
    files.inc();
    bytes.inc(static_cast<uint64_t>(size));
    seconds.observe(took);
  };
  o.thumbnail_made = [&thumbnails] { thumbnails.inc(); };
  o.refused = [&metrics](std::string_view reason) {
    metrics
        .counter("parley_upload_refusals_total", "Uploads refused, by error",
                 {{"reason", std::string(reason)}})
        .inc();
  };
  return o;
}

}  // namespace parley::app
