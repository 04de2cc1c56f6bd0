#pragma once
// The Range header of a download (RFC 7233 §2.1, §3.1), reduced to what parley serves: one
// byte range, or the whole file.
//
// - "bytes=a-b", "bytes=a-" and "bytes=-n" select one range; b past the end is clamped to it.
// - A range that starts at or past the end, "-0", or any range of an empty file cannot be
//   satisfied: 416 with "Content-Range: bytes */size".
// - Several ranges ("bytes=0-1,5-6") get the whole file with 200, which RFC 7233 allows
//   (a multipart/byteranges reply is optional, and no Rocket.Chat client asks for one).
// - Anything malformed (another unit, b < a, junk) is ignored as the RFC says: the whole file.
//
// Rocket.Chat's own parser (file-upload/server/lib/ranges.ts) only knows "a-b" and refuses a
// one-byte "a-a"; media players send "bytes=0-" and "bytes=a-", which parley honours.
#include <cstdint>
#include <string_view>

namespace parley::rest {

struct ByteRange {
  enum class Kind { kWhole, kPartial, kUnsatisfiable };
  Kind kind = Kind::kWhole;
  uint64_t first = 0;  // for kPartial: the first and last byte, inclusive
  uint64_t last = 0;

  uint64_t length() const { return last - first + 1; }
};

ByteRange parse_byte_range(std::string_view header, uint64_t size);

}  // namespace parley::rest
