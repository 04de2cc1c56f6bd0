#pragma once
// An incremental multipart/form-data parser (RFC 7578 over RFC 2046's multipart syntax).
//
// DESIGN
// - Push-based: the caller feeds the body in whatever chunks the network delivers and the
//   parser calls its Sink once per part start, per run of part bytes, and per part end. It
//   never holds a part's content: its buffer is at most one chunk plus the delimiter's length,
//   or plus the part-header limit while a header block is read. So an upload can stream
//   through it into a blob::BlobWriter (and be refused mid-stream) without being in memory.
// - The delimiter is CRLF "--" boundary. The first boundary of a body may come without the
//   CRLF (nothing precedes it), so the parser starts as if a CRLF had been read. A delimiter
//   split across chunks (even one byte per chunk) is found because the bytes that could be its
//   start are held back until the next chunk decides. Content that only looks like the
//   boundary (no CRLF before it, or a longer line) is data.
// - Bounded: part headers over `max_header_bytes`, or more than `max_parts` parts, stop the
//   parse with an error. The first error sticks (STYLE.md idea 9): later feeds do nothing and
//   return false. finish() is an error unless the closing delimiter was seen, so a body cut
//   short is never mistaken for a complete upload.
// - Lives in rest/ because it parses request bodies, as the router does for JSON and forms, and
//   only REST routes (users.setAvatar now, rooms.upload/rooms.media later) read multipart. It
//   depends on nothing but the standard library, so a fuzzer can link it alone.
// - Not thread-safe; one parser per request, used by one thread at a time.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace parley::rest {

struct MultipartPart {
  std::string name;           // Content-Disposition name
  std::string filename;       // filename* (decoded to UTF-8) if present, else filename
  bool has_filename = false;  // a file part (even with an empty filename), not a plain field
  std::string content_type;   // as sent, empty if absent (RFC 7578: then text/plain)
};

class MultipartSink {
 public:
  virtual ~MultipartSink() = default;
  // Each returns false to stop the parse (error kStopped), e.g. a file over the size limit.
  virtual bool on_part_begin(const MultipartPart& part) = 0;
  virtual bool on_part_data(std::string_view bytes) = 0;
  virtual bool on_part_end() = 0;
};

enum class MultipartError {
  kMalformed,       // bytes after a boundary that are neither "--" nor CRLF, or a bad header line
  kBadPart,         // a part without Content-Disposition: form-data; name="..."
  kHeaderTooLarge,  // one part's header block over the limit
  kTooManyParts,
  kTruncated,  // the body ended before the closing delimiter
  kStopped,    // the sink returned false
};

std::string_view to_string(MultipartError error);

class MultipartParser {
 public:
  struct Limits {
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_parts = 64;
  };

  // The boundary of a Content-Type header (`multipart/form-data; boundary=...`), unquoted;
  // nullopt unless it is multipart/form-data with a boundary of 1-70 characters.
  static std::optional<std::string> boundary_of(std::string_view content_type);

  MultipartParser(std::string boundary, MultipartSink& sink, Limits limits);
  MultipartParser(std::string boundary, MultipartSink& sink)
      : MultipartParser(std::move(boundary), sink, Limits{}) {}

  // Feeds the next bytes of the body. False once the parse has failed (see error()).
  bool feed(std::string_view chunk);
  // The body has ended. True only if it was complete.
  bool finish();
  // Whether the closing delimiter has been seen (the rest is epilogue).
  bool done() const { return state_ == State::kEpilogue; }
  std::optional<MultipartError> error() const { return error_; }

 private:
  enum class State { kPreamble, kAfterBoundary, kHeaders, kBody, kEpilogue, kFailed };

  bool fail(MultipartError error);
  // Each consumes from buf_ at pos_; false when it needs more bytes (or failed).
  bool step_preamble();
  bool step_after_boundary();
  bool step_headers();
  bool step_body();
  bool parse_headers(std::string_view block, MultipartPart& part);

  std::string delimiter_;  // CRLF "--" boundary
  MultipartSink& sink_;
  Limits limits_;
  State state_ = State::kPreamble;
  std::optional<MultipartError> error_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::size_t parts_ = 0;
};

}  // namespace parley::rest
