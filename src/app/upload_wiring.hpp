#pragma once
// What chat::Uploads gets from outside chat/: libvips (image/) for probing, thumbnails and
// previews, and the metrics it feeds (parley_uploads_total, parley_upload_bytes_total,
// parley_upload_refusals_total{reason}, parley_upload_thumbnails_total,
// parley_upload_seconds).
#include "chat/uploads.hpp"
#include "metrics/registry.hpp"

namespace parley::app {

chat::ImageTools upload_image_tools();
chat::UploadObserver upload_metrics(metrics::Registry& metrics);

}  // namespace parley::app
