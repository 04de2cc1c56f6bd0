#include "rest/multipart.hpp"

#include <algorithm>
#include <cctype>

namespace parley::rest {

namespace {

constexpr std::size_t kMaxBoundary = 70;  // RFC 2046 §5.1.1
constexpr std::size_t kMaxTransportPadding = 256;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 8187 ext-value: charset'language'percent-encoded. nullopt if malformed or a charset
// other than UTF-8 / ISO-8859-1 (which is widened to UTF-8).
std::optional<std::string> decode_ext_value(std::string_view value) {
  auto q1 = value.find('\'');
  if (q1 == std::string_view::npos) return std::nullopt;
  auto q2 = value.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) return std::nullopt;
  std::string charset = lower(value.substr(0, q1));
  std::string bytes;
  for (std::size_t i = q2 + 1; i < value.size(); ++i) {
    if (value[i] == '%') {
      if (i + 2 >= value.size()) return std::nullopt;
      int hi = hex_value(value[i + 1]);
      int lo = hex_value(value[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      bytes.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      bytes.push_back(value[i]);
    }
  }
  if (charset == "utf-8") return bytes;
  if (charset == "iso-8859-1") {
    std::string utf8;
    for (unsigned char c : bytes) {
      if (c < 0x80) {
        utf8.push_back(static_cast<char>(c));
      } else {
        utf8.push_back(static_cast<char>(0xC0 | (c >> 6)));
        utf8.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      }
    }
    return utf8;
  }
  return std::nullopt;
}

// Browsers send only a base name; some old ones sent a whole path. Keep what follows the last
// separator, as busboy (Rocket.Chat's parser) does by default.
std::string base_name(std::string_view name) {
  auto slash = name.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? name : name.substr(slash + 1));
}

struct Disposition {
  bool form_data = false;
  std::optional<std::string> name;
  std::optional<std::string> filename;
  std::optional<std::string> filename_ext;
  bool malformed = false;
};

// `form-data; name="a"; filename="b.png"; filename*=UTF-8''b.png`
Disposition parse_disposition(std::string_view value) {
  Disposition d;
  auto semi = value.find(';');
  d.form_data = iequals(trim(value.substr(0, semi)), "form-data");
  std::size_t i = semi == std::string_view::npos ? value.size() : semi + 1;
  while (i < value.size()) {
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t' || value[i] == ';')) ++i;
    if (i >= value.size()) break;
    std::size_t key_end = value.find_first_of("=;", i);
    std::string key = lower(trim(value.substr(i, key_end - i)));
    if (key_end == std::string_view::npos || value[key_end] == ';') {
      i = key_end == std::string_view::npos ? value.size() : key_end;
      continue;  // a parameter without a value: ignored
    }
    i = key_end + 1;
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    std::string param;
    if (i < value.size() && value[i] == '"') {
      ++i;
      bool closed = false;
      while (i < value.size()) {
        char c = value[i++];
        if (c == '\\' && i < value.size() && (value[i] == '"' || value[i] == '\\')) {
          param.push_back(value[i++]);
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          param.push_back(c);
        }
      }
      if (!closed) {
        d.malformed = true;
        return d;
      }
    } else {
      std::size_t end = value.find(';', i);
      param = std::string(trim(value.substr(i, end - i)));
      i = end == std::string_view::npos ? value.size() : end;
    }
    if (key == "name") {
      d.name = std::move(param);
    } else if (key == "filename") {
      d.filename = std::move(param);
    } else if (key == "filename*") {
      d.filename_ext = decode_ext_value(param);
    }
  }
  return d;
}

}  // namespace

std::string_view to_string(MultipartError error) {
  switch (error) {
    case MultipartError::kMalformed:
      return "malformed multipart body";
    case MultipartError::kBadPart:
      return "a part without Content-Disposition form-data and name";
    case MultipartError::kHeaderTooLarge:
      return "part headers too large";
    case MultipartError::kTooManyParts:
      return "too many parts";
    case MultipartError::kTruncated:
      return "multipart body ended before its closing boundary";
    case MultipartError::kStopped:
      return "stopped";
  }
  return "multipart error";
}

std::optional<std::string> MultipartParser::boundary_of(std::string_view content_type) {
  auto semi = content_type.find(';');
  if (!iequals(trim(content_type.substr(0, semi)), "multipart/form-data")) return std::nullopt;
  while (semi != std::string_view::npos) {
    std::size_t start = semi + 1;
    semi = content_type.find(';', start);
    std::string_view param = trim(content_type.substr(start, semi - start));
    auto eq = param.find('=');
    if (eq == std::string_view::npos || !iequals(trim(param.substr(0, eq)), "boundary")) continue;
    std::string_view value = trim(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (value.empty() || value.size() > kMaxBoundary) return std::nullopt;
    return std::string(value);
  }
  return std::nullopt;
}

MultipartParser::MultipartParser(std::string boundary, MultipartSink& sink, Limits limits)
    : delimiter_("\r\n--" + boundary), sink_(sink), limits_(limits), buf_("\r\n") {}

bool MultipartParser::fail(MultipartError error) {
  if (!error_) error_ = error;
  state_ = State::kFailed;
  buf_.clear();
  pos_ = 0;
  return false;
}

bool MultipartParser::feed(std::string_view chunk) {
  if (state_ == State::kFailed) return false;
  if (state_ == State::kEpilogue) return true;
  buf_.append(chunk);
  bool progressed = true;
  while (progressed) {
    switch (state_) {
      case State::kPreamble:
        progressed = step_preamble();
        break;
      case State::kAfterBoundary:
        progressed = step_after_boundary();
        break;
      case State::kHeaders:
        progressed = step_headers();
        break;
      case State::kBody:
        progressed = step_body();
        break;
      case State::kEpilogue:
        buf_.clear();
        pos_ = 0;
        return true;
      case State::kFailed:
        return false;
    }
  }
  if (state_ == State::kFailed) return false;
  buf_.erase(0, pos_);
  pos_ = 0;
  return true;
}

bool MultipartParser::finish() {
  if (state_ == State::kFailed) return false;
  if (state_ != State::kEpilogue) return fail(MultipartError::kTruncated);
  return true;
}

bool MultipartParser::step_preamble() {
  auto at = buf_.find(delimiter_, pos_);
  if (at == std::string::npos) {
    // Discard the preamble but what could start the delimiter.
    std::size_t keep = delimiter_.size() - 1;
    if (buf_.size() > pos_ + keep) pos_ = buf_.size() - keep;
    return false;
  }
  pos_ = at + delimiter_.size();
  state_ = State::kAfterBoundary;
  return true;
}

bool MultipartParser::step_after_boundary() {
  // RFC 2046 allows transport padding (spaces, tabs) between a boundary and its CRLF.
  std::size_t i = pos_;
  while (i < buf_.size() && (buf_[i] == ' ' || buf_[i] == '\t')) ++i;
  if (i - pos_ > kMaxTransportPadding) return fail(MultipartError::kMalformed);
  if (buf_.size() - i < 2) return false;
  if (buf_.compare(i, 2, "--") == 0) {
    state_ = State::kEpilogue;  // the closing delimiter; whatever follows is ignored
    pos_ = buf_.size();
    return true;
  }
  if (buf_.compare(i, 2, "\r\n") != 0) return fail(MultipartError::kMalformed);
  pos_ = i + 2;
  state_ = State::kHeaders;
  return true;
}

bool MultipartParser::step_headers() {
  std::size_t end;
  std::size_t block_end;
  if (buf_.compare(pos_, 2, "\r\n") == 0) {
    end = pos_;  // no header at all
    block_end = pos_ + 2;
  } else {
    auto at = buf_.find("\r\n\r\n", pos_);
    if (at == std::string::npos) {
      if (buf_.size() - pos_ > limits_.max_header_bytes + 3) {
        return fail(MultipartError::kHeaderTooLarge);
      }
      return false;
    }
    end = at;
    block_end = at + 4;
  }
  if (end - pos_ > limits_.max_header_bytes) return fail(MultipartError::kHeaderTooLarge);
  if (++parts_ > limits_.max_parts) return fail(MultipartError::kTooManyParts);
  MultipartPart part;
  if (!parse_headers(std::string_view(buf_).substr(pos_, end - pos_), part)) return false;
  pos_ = block_end;
  state_ = State::kBody;
  if (!sink_.on_part_begin(part)) return fail(MultipartError::kStopped);
  return true;
}

bool MultipartParser::parse_headers(std::string_view block, MultipartPart& part) {
  std::optional<std::string> disposition;
  std::string* last = nullptr;  // for obsolete line folding
  std::string content_type;
  bool have_content_type = false;
  while (!block.empty()) {
    auto eol = block.find("\r\n");
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view{} : block.substr(eol + 2);
    if (line.empty()) continue;
    if (line.front() == ' ' || line.front() == '\t') {
      if (last == nullptr) return fail(MultipartError::kMalformed);
      last->push_back(' ');
      last->append(trim(line));
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return fail(MultipartError::kMalformed);
    std::string name = lower(trim(line.substr(0, colon)));
    std::string value(trim(line.substr(colon + 1)));
    last = nullptr;
    if (name == "content-disposition" && !disposition) {
      disposition = std::move(value);
      last = &*disposition;
    } else if (name == "content-type" && !have_content_type) {
      content_type = std::move(value);
      have_content_type = true;
      last = &content_type;
    }
  }
  if (!disposition) return fail(MultipartError::kBadPart);
  Disposition d = parse_disposition(*disposition);
  if (d.malformed) return fail(MultipartError::kMalformed);
  if (!d.form_data || !d.name) return fail(MultipartError::kBadPart);
  part.name = std::move(*d.name);
  part.has_filename = d.filename.has_value() || d.filename_ext.has_value();
  if (d.filename_ext) {
    part.filename = base_name(*d.filename_ext);
  } else if (d.filename) {
    part.filename = base_name(*d.filename);
  }
  part.content_type = std::move(content_type);
  return true;
}

bool MultipartParser::step_body() {
  auto at = buf_.find(delimiter_, pos_);
  if (at != std::string::npos) {
    if (at > pos_ && !sink_.on_part_data(std::string_view(buf_).substr(pos_, at - pos_))) {
      return fail(MultipartError::kStopped);
    }
    pos_ = at + delimiter_.size();
    state_ = State::kAfterBoundary;
    if (!sink_.on_part_end()) return fail(MultipartError::kStopped);
    return true;
  }
  // Hold back the longest tail that could begin the delimiter; the next chunk decides.
  std::size_t hold = buf_.size();
  std::size_t from =
      buf_.size() > pos_ + delimiter_.size() - 1 ? buf_.size() - (delimiter_.size() - 1) : pos_;
  for (std::size_t p = from; p < buf_.size(); ++p) {
    if (buf_[p] == '\r' && delimiter_.compare(0, buf_.size() - p, buf_, p) == 0) {
      hold = p;
      break;
    }
  }
  if (hold > pos_ && !sink_.on_part_data(std::string_view(buf_).substr(pos_, hold - pos_))) {
    return fail(MultipartError::kStopped);
  }
  pos_ = hold;
  return false;
}

}  // namespace parley::rest
