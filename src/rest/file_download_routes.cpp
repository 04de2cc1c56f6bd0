// GET and HEAD /file-upload/:fileId/:name (rc-api.md §9; Rocket.Chat's
// file-upload/server/lib/requests.ts, FileUpload.requestCanAccessFiles and the stores' get()).
// Outside /api/v1, like /avatar: no rate limit, no REST envelope. The name in the path is
// ignored, as in Rocket.Chat: the id names the file.
//
// What is answered, in this order:
//  - no upload row with that id (or one still being written): 404, empty body;
//  - chat::FileAccess refuses (FileUpload_ProtectFiles and the room rules, credentials read by
//    rest/file_credentials in RC's order): 403, empty body;
//  - If-None-Match naming the ETag (or, without it, If-Modified-Since equal to Last-Modified):
//    304;
//  - a Range (rest/byte_range): 206 with Content-Range, or 416 with "Content-Range: bytes
//    */size"; an If-Range that no longer matches gets the whole file;
//  - otherwise 200 with the whole file.
// Headers as Rocket.Chat's: Content-Security-Policy "default-src 'none'", Cache-Control
// "max-age=31536000" (an id's content never changes), Last-Modified (uploadedAt), the type
// stored with the upload (sniffed from the bytes at upload time), Content-Disposition with
// the name as filename*. parley adds ETag, Accept-Ranges and X-Content-Type-Options nosniff.
//
// Disposition: Rocket.Chat's GridFS store (its default) answers inline, its FileSystem store
// attachment. parley answers inline only for types a browser shows without running anything
// (raster images, audio, video, PDF, plain text), so that an uploaded HTML page or SVG never
// renders on the server's origin, and attachment for everything else and with ?download.
//
// Bodies: files up to one piece (256 KiB) are read here, on the worker; larger ones are
// streamed by a BlobBodySource, so a 100 MB file is never held in memory.
#include "blob/blob_store.hpp"
#include "chat/file_access.hpp"
#include "rest/blob_body_source.hpp"
#include "rest/byte_range.hpp"
#include "rest/content_disposition.hpp"
#include "rest/file_credentials.hpp"
#include "rest/http_headers.hpp"
#include "rest/routes.hpp"

namespace parley::rest::handlers {

namespace {

net::HttpResponse empty(int status) {
  net::HttpResponse response;
  response.status = status;
  response.content_type.clear();
  return response;
}

bool has_query_key(const QueryParams& query, std::string_view key) {
  for (const auto& [k, v] : query) {
    if (k == key) return true;
  }
  return false;
}

bool shown_inline(std::string_view type) {
  static constexpr std::string_view kInline[] = {
      "image/png", "image/jpeg", "image/gif",  "image/webp",
      "image/bmp", "image/avif", "text/plain", "application/pdf",
  };
  for (std::string_view t : kInline) {
    if (type == t) return true;
  }
  return type.starts_with("audio/") || type.starts_with("video/");
}

// If-Range (RFC 7233 §3.2): the range applies only while the validator still names this
// content; an entity tag must match strongly, a date exactly.
bool if_range_holds(std::string_view if_range, std::string_view etag,
                    std::string_view last_modified) {
  if (if_range.empty()) return true;
  if (if_range.starts_with("W/")) return false;
  if (if_range.starts_with("\"")) return if_range == etag;
  return if_range == last_modified;
}

}  // namespace

net::HttpResponse file_upload(Services& s, RestRequest& r) {
  // RC's route: /file-upload/<id>/<anything>; the second slash is required.
  const std::string& tail = r.path_param;
  const auto slash = tail.find('/');
  if (slash == std::string::npos || slash == 0) return empty(404);
  const std::string file_id = tail.substr(0, slash);
  if (s.blobs == nullptr || s.file_access == nullptr) return empty(404);

  auto upload = s.store.upload_by_id(file_id);
  if (!upload || !upload->complete) return empty(404);

  const FileCredentials credentials = file_credentials(r.http, r.query);
  if (!s.file_access->may_download(credentials.user_id, credentials.token, upload->room_id)) {
    return empty(403);
  }

  // The stored bytes decide the length: one stat, and a row whose blob is gone is a 404 as
  // RC's FileSystem store answers a missing file.
  auto size = s.blobs->size(upload->blob_key);
  if (!size) return empty(404);

  const std::string etag = "\"" + upload->id + "\"";
  const std::string last_modified = http_date(upload->uploaded_at);
  const std::string type = upload->type.empty() ? "application/octet-stream" : upload->type;

  net::HttpResponse response;
  response.content_type.clear();
  response.headers = {
      {"Content-Security-Policy", "default-src 'none'"},
      {"Cache-Control", "max-age=31536000"},
      {"X-Content-Type-Options", "nosniff"},
      {"ETag", etag},
      {"Last-Modified", last_modified},
      {"Accept-Ranges", "bytes"},
  };

  const std::string_view if_none_match = r.http.header("if-none-match");
  if (if_none_match.empty() ? r.http.header("if-modified-since") == last_modified
                            : etag_matches(if_none_match, etag)) {
    response.status = 304;
    return response;
  }

  ByteRange range;
  if (if_range_holds(r.http.header("if-range"), etag, last_modified)) {
    range = parse_byte_range(r.http.header("range"), *size);
  }
  if (range.kind == ByteRange::Kind::kUnsatisfiable) {
    response.status = 416;
    response.headers.emplace_back("Content-Range", "bytes */" + std::to_string(*size));
    return response;
  }

  const bool download = has_query_key(r.query, "download");
  response.content_type = type;
  response.headers.emplace_back(
      "Content-Disposition",
      content_disposition(download || !shown_inline(type) ? "attachment" : "inline", upload->name));
  uint64_t offset = 0;
  uint64_t length = *size;
  if (range.kind == ByteRange::Kind::kPartial) {
    response.status = 206;
    offset = range.first;
    length = range.length();
    response.headers.emplace_back("Content-Range", "bytes " + std::to_string(range.first) + "-" +
                                                       std::to_string(range.last) + "/" +
                                                       std::to_string(*size));
  }
  if (r.http.method == "HEAD" || length > BlobBodySource::kPieceBytes) {
    // HEAD: net sends the headers with source_length as Content-Length and never reads.
    if (s.workers == nullptr) return empty(500);
    response.source =
        std::make_shared<BlobBodySource>(*s.blobs, *s.workers, upload->blob_key, offset, length);
    response.source_length = length;
    return response;
  }
  auto bytes = s.blobs->read_range(upload->blob_key, offset, length);
  if (!bytes || bytes->size() != length) return empty(404);
  response.body = std::move(*bytes);
  return response;
}

}  // namespace parley::rest::handlers
