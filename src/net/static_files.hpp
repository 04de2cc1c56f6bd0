#pragma once
// Serves a directory of built web files (a single-page app) over HTTP GET/HEAD.
//
// DESIGN
// - What it guarantees: no file outside the root is ever read. The request path arrives
//   percent-decoded (net/server.cpp); a path with a `..` or `.` segment, a backslash or a NUL is
//   refused before touching the disk, and the file actually opened is checked again after
//   resolving symlinks (std::filesystem::canonical) to lie under the canonical root.
// - Caching: files under `assets/` carry a content hash in their names (Vite) and are sent
//   `immutable` for a year; everything else (index.html first) is `no-cache`, revalidated
//   through a strong ETag (size, mtime and encoding), answered 304 on If-None-Match.
// - Compression: a precompressed sibling (`x.js.br`, `x.js.gz`, written by the build) is sent
//   with Content-Encoding when Accept-Encoding allows it (br before gzip); every response
//   says `Vary: Accept-Encoding`. Nothing is compressed at request time.
// - SPA routes: a path that names no file and does not look like a file (its last segment has
//   no dot, and it is not under /assets/) is answered with index.html, so a reload on
//   /channel/general works. A missing asset is a real 404.
// - Threads: serve() reads the disk (stat and a whole-file read). It is blocking work: call it
//   on a worker, never on an event loop. The object is immutable after construction, so any
//   number of threads may call serve() at once.
// net/ knows nothing about chat: which paths belong to the app and which to the API is decided
// by the caller (app/application.cpp).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "net/http_types.hpp"

namespace parley::net {

class StaticFiles {
 public:
  // Throws std::invalid_argument when `root` is not a directory holding an index.html, so a
  // wrong --web-root stops the start instead of serving 404s.
  explicit StaticFiles(const std::filesystem::path& root);

  // Answers a GET or HEAD for `request.path` (decoded, starting with '/').
  HttpResponse serve(const HttpRequest& request) const;

  const std::filesystem::path& root() const { return root_; }

  // Exposed for tests. Whether Accept-Encoding allows `coding` ("br", "gzip"): listed by name
  // or by `*`, with a q-value above zero.
  static bool accepts(std::string_view accept_encoding, std::string_view coding);
  // The Content-Type for a file name, by extension; application/octet-stream when unknown.
  static std::string_view content_type_for(std::string_view filename);
  // Whether a decoded request path may be mapped onto the root at all.
  static bool is_safe_path(std::string_view path);

  // Files larger than this are refused (500): the directory holds a built web app, not uploads.
  static constexpr std::uintmax_t kMaxFileBytes = 64u << 20;

 private:
  std::filesystem::path root_;  // canonical
};

}  // namespace parley::net
