// StaticFiles: paths that could leave the root never reach the disk, symlinks out of the root are
// not followed, precompressed siblings follow Accept-Encoding, cache headers by kind of file,
// ETag revalidation, and the client-side route fallback to index.html.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "net/static_files.hpp"

namespace parley::net {
namespace {
namespace fs = std::filesystem;

std::string header_of(const HttpResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("parley-static-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    root_ = base_ / "dist";
    fs::create_directories(root_ / "assets");
    write(root_ / "index.html", "<!doctype html>app");
    write(root_ / "assets" / "index-abc123.js", "console.log(1)");
    write(root_ / "assets" / "index-abc123.js.br", "BR");
    write(root_ / "assets" / "index-abc123.js.gz", "GZ");
    write(root_ / "assets" / "style-1.css", "body{}");
    write(root_ / "favicon.svg", "<svg/>");
    write(base_ / "secret.txt", "secret");
  }
  void TearDown() override { fs::remove_all(base_); }

  static void write(const fs::path& p, const std::string& body) {
    std::ofstream(p, std::ios::binary) << body;
  }
  HttpResponse get(std::string path, std::string accept_encoding = "",
                   std::string if_none_match = "") {
    HttpRequest request;
    request.method = "GET";
    request.path = std::move(path);
    if (!accept_encoding.empty()) request.headers.emplace_back("accept-encoding", accept_encoding);
    if (!if_none_match.empty()) request.headers.emplace_back("if-none-match", if_none_match);
    return StaticFiles(root_).serve(request);
  }

  fs::path base_;
  fs::path root_;
};

TEST_F(StaticFilesTest, RootIsIndexHtmlWithNoCache) {
  auto r = get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<!doctype html>app");
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header_of(r, "Cache-Control"), "no-cache");
  EXPECT_EQ(header_of(r, "Vary"), "Accept-Encoding");
  EXPECT_FALSE(header_of(r, "ETag").empty());
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutable) {
  auto r = get("/assets/index-abc123.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "console.log(1)");
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header_of(r, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header_of(r, "Content-Encoding"), "");
  EXPECT_EQ(get("/assets/style-1.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(get("/favicon.svg").content_type, "image/svg+xml");
  EXPECT_EQ(header_of(get("/favicon.svg"), "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, PrecompressedSiblingFollowsAcceptEncoding) {
  auto br = get("/assets/index-abc123.js", "gzip, deflate, br");
  EXPECT_EQ(br.body, "BR");
  EXPECT_EQ(header_of(br, "Content-Encoding"), "br");
  EXPECT_EQ(br.content_type, "text/javascript; charset=utf-8");
  auto gz = get("/assets/index-abc123.js", "gzip");
  EXPECT_EQ(gz.body, "GZ");
  EXPECT_EQ(header_of(gz, "Content-Encoding"), "gzip");
  auto refused = get("/assets/index-abc123.js", "br;q=0, gzip;q=0");
  EXPECT_EQ(refused.body, "console.log(1)");
  auto star = get("/assets/index-abc123.js", "*");
  EXPECT_EQ(star.body, "BR");
  // Each representation has its own tag, or a cache could hand gzip to a client without it.
  EXPECT_NE(header_of(br, "ETag"), header_of(gz, "ETag"));
  EXPECT_NE(header_of(gz, "ETag"), header_of(refused, "ETag"));
  // No sibling: the file as it is.
  EXPECT_EQ(get("/assets/style-1.css", "br").body, "body{}");
}

TEST_F(StaticFilesTest, MatchingETagIs304WithoutBody) {
  auto first = get("/assets/index-abc123.js", "br");
  auto again = get("/assets/index-abc123.js", "br", header_of(first, "ETag"));
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(get("/assets/index-abc123.js", "br", "\"other\"").status, 200);
  EXPECT_EQ(get("/", "", "W/" + header_of(get("/"), "ETag")).status, 304);
}

TEST_F(StaticFilesTest, ClientRoutesFallBackToIndexButMissingFilesAre404) {
  for (const char* route :
       {"/channel/general", "/group/x", "/direct/abc", "/admin/users/edit", "/home", "/channel/"}) {
    auto r = get(route);
    EXPECT_EQ(r.status, 200) << route;
    EXPECT_EQ(r.body, "<!doctype html>app") << route;
    EXPECT_EQ(header_of(r, "Cache-Control"), "no-cache") << route;
  }
  EXPECT_EQ(get("/assets/missing.js").status, 404);
  EXPECT_EQ(get("/assets/missing").status, 404);
  EXPECT_EQ(get("/robots.txt").status, 404);
}

TEST_F(StaticFilesTest, TraversalIsRefusedBeforeTheDisk) {
  // Paths arrive percent-decoded, so %2e%2e arrives as "..".
  for (const char* bad : {"/../secret.txt", "/assets/../../secret.txt", "/./index.html",
                          "/assets/..", "/..\\secret.txt", "relative"}) {
    EXPECT_EQ(get(bad).status, 400) << bad;
  }
  EXPECT_FALSE(StaticFiles::is_safe_path(std::string("/a\0b", 4)));
  EXPECT_TRUE(StaticFiles::is_safe_path("/assets/a..b.js"));
  EXPECT_EQ(get("/assets/a..b.js").status, 404);
}

TEST_F(StaticFilesTest, SymlinksOutOfTheRootAreNotFollowed) {
  fs::create_symlink(base_ / "secret.txt", root_ / "leak.txt");
  fs::create_directory_symlink(base_, root_ / "up");
  EXPECT_EQ(get("/leak.txt").status, 404);
  EXPECT_EQ(get("/up/secret.txt").status, 404);
  // A link that stays inside is fine.
  fs::create_symlink(root_ / "favicon.svg", root_ / "icon.svg");
  EXPECT_EQ(get("/icon.svg").body, "<svg/>");
}

TEST_F(StaticFilesTest, ARootWithoutIndexHtmlStopsTheStart) {
  EXPECT_THROW(StaticFiles(base_ / "nowhere"), std::invalid_argument);
  EXPECT_THROW(StaticFiles(root_ / "assets"), std::invalid_argument);
}

TEST(StaticFilesAccepts, ParsesQValues) {
  EXPECT_TRUE(StaticFiles::accepts("gzip, br", "br"));
  EXPECT_TRUE(StaticFiles::accepts("GZIP;q=0.5", "gzip"));
  EXPECT_FALSE(StaticFiles::accepts("gzip;q=0", "gzip"));
  EXPECT_FALSE(StaticFiles::accepts("gzip;q=0.000", "gzip"));
  EXPECT_FALSE(StaticFiles::accepts("", "gzip"));
  EXPECT_FALSE(StaticFiles::accepts("identity", "br"));
  EXPECT_TRUE(StaticFiles::accepts("*;q=0.1", "br"));
  EXPECT_FALSE(StaticFiles::accepts("*, br;q=0", "br"));
}

}  // namespace
}  // namespace parley::net
