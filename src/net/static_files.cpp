#include "net/static_files.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace parley::net {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kNoCache = "no-cache";

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// q=0 refuses a coding; anything else (or no q) accepts it.
bool q_positive(std::string_view params) {
  while (!params.empty()) {
    const auto semi = params.find(';');
    std::string_view param = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      std::string_view value = param.substr(2);
      for (char c : value) {
        if (c >= '1' && c <= '9') return true;
      }
      return false;
    }
  }
  return true;
}

struct Found {
  fs::path path;
  std::uintmax_t size = 0;
  int64_t mtime_ns = 0;
};

// The regular file at `path` if it exists and, symlinks resolved, lies inside `root`.
std::optional<Found> find_file(const fs::path& root, const fs::path& path) {
  std::error_code ec;
  fs::path real = fs::canonical(path, ec);
  if (ec) return std::nullopt;
  auto [root_end, real_it] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
  if (root_end != root.end()) return std::nullopt;  // outside the root
  if (!fs::is_regular_file(real, ec) || ec) return std::nullopt;
  Found found;
  found.size = fs::file_size(real, ec);
  if (ec) return std::nullopt;
  auto mtime = fs::last_write_time(real, ec);
  if (ec) return std::nullopt;
  found.mtime_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
  found.path = std::move(real);
  return found;
}

bool read_whole(const fs::path& path, std::uintmax_t size, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.resize(static_cast<std::size_t>(size));
  in.read(out.data(), static_cast<std::streamsize>(size));
  out.resize(static_cast<std::size_t>(in.gcount()));
  return !in.bad();
}

std::string etag_for(const Found& file, std::string_view coding) {
  std::array<char, 64> buf{};
  std::snprintf(buf.data(), buf.size(), "\"%jx-%llx", file.size,
                static_cast<unsigned long long>(file.mtime_ns));
  std::string tag(buf.data());
  if (!coding.empty()) {
    tag += '-';
    tag += coding;
  }
  tag += '"';
  return tag;
}

// If-None-Match holds `etag` (or `*`), comparing weakly as RFC 9110 asks for this header.
bool none_match_hits(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view tag = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

HttpResponse plain(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::move(body);
  return response;
}

}  // namespace

StaticFiles::StaticFiles(const fs::path& root) {
  std::error_code ec;
  root_ = fs::canonical(root, ec);
  if (ec || !fs::is_directory(root_, ec)) {
    throw std::invalid_argument("web root " + root.string() + " is not a directory");
  }
  if (!fs::is_regular_file(root_ / "index.html", ec)) {
    throw std::invalid_argument("web root " + root.string() +
                                " has no index.html (build the client: cd web && npm ci && "
                                "npm run build)");
  }
}

bool StaticFiles::accepts(std::string_view accept_encoding, std::string_view coding) {
  bool star = false;
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    std::string_view item = trim(accept_encoding.substr(0, comma));
    accept_encoding =
        comma == std::string_view::npos ? std::string_view{} : accept_encoding.substr(comma + 1);
    const auto semi = item.find(';');
    std::string_view name = trim(item.substr(0, semi));
    std::string_view params = semi == std::string_view::npos ? "" : item.substr(semi + 1);
    if (iequals(name, coding)) return q_positive(params);
    if (name == "*") star = q_positive(params);
  }
  return star;
}

std::string_view StaticFiles::content_type_for(std::string_view filename) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".avif", "image/avif"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".otf", "font/otf"},
      {".wasm", "application/wasm"},
      {".mp3", "audio/mpeg"},
  }};
  const auto slash = filename.find_last_of('/');
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  const auto dot = filename.find_last_of('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  const std::string_view ext = filename.substr(dot);
  for (const auto& [e, type] : kTypes) {
    if (iequals(e, ext)) return type;
  }
  return "application/octet-stream";
}

bool StaticFiles::is_safe_path(std::string_view path) {
  if (!path.starts_with('/')) return false;
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) {
    return false;
  }
  std::string_view rest = path.substr(1);
  while (true) {
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment == ".." || segment == ".") return false;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return true;
}

HttpResponse StaticFiles::serve(const HttpRequest& request) const {
  const std::string_view path = request.path;
  if (!is_safe_path(path)) return plain(400, "Bad path\n");

  std::string_view relative = path.substr(1);
  const bool is_asset = relative.starts_with("assets/");
  std::optional<Found> file;
  if (!relative.empty() && !relative.ends_with('/')) file = find_file(root_, root_ / relative);
  if (!file) {
    const std::string_view last = relative.substr(relative.find_last_of('/') + 1);
    const bool looks_like_file = last.find('.') != std::string_view::npos;
    if (is_asset || looks_like_file) return plain(404, "Not found\n");
    file = find_file(root_, root_ / "index.html");  // a client-side route
    if (!file) return plain(404, "Not found\n");
  }
  if (file->size > kMaxFileBytes) return plain(500, "File too large to serve\n");

  // A precompressed sibling the client accepts, br first (smaller).
  const std::string_view accept = request.header("accept-encoding");
  std::string_view coding;
  Found chosen = *file;
  for (const auto& [name, suffix] :
       {std::pair<std::string_view, std::string_view>{"br", ".br"}, {"gzip", ".gz"}}) {
    if (!accepts(accept, name)) continue;
    fs::path sibling = file->path;
    sibling += suffix;
    if (auto compressed = find_file(root_, sibling)) {
      coding = name;
      chosen = std::move(*compressed);
      break;
    }
  }

  HttpResponse response;
  response.content_type = std::string(content_type_for(file->path.filename().string()));
  // is_asset is only still true here when the asset itself was found (a missing one is a 404).
  response.headers.emplace_back("Cache-Control", is_asset ? kImmutable : kNoCache);
  response.headers.emplace_back("Vary", "Accept-Encoding");
  const std::string etag = etag_for(chosen, coding);
  response.headers.emplace_back("ETag", etag);
  if (!coding.empty()) response.headers.emplace_back("Content-Encoding", std::string(coding));
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");

  if (none_match_hits(request.header("if-none-match"), etag)) {
    response.status = 304;
    return response;
  }
  if (!read_whole(chosen.path, chosen.size, response.body)) {
    return plain(500, "Cannot read file\n");
  }
  return response;
}

}  // namespace parley::net
