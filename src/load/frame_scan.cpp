#include "load/frame_scan.hpp"

#include <cstdint>

namespace parley::load {
namespace {

constexpr int kMaxDepth = 64;

// A cursor over the frame. Every accessor checks the end; a failure sets `bad` and the walk
// unwinds, so callers only test `bad` after each step that could fail.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  bool bad = false;

  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t'))
      ++i_;
  }
  bool at_end() {
    skip_ws();
    return i_ >= s_.size();
  }
  char peek() {
    skip_ws();
    return i_ < s_.size() ? s_[i_] : '\0';
  }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  void expect(char c) {
    if (!eat(c)) bad = true;
  }

  // A string's raw contents (between the quotes). `escaped` says whether it held a backslash:
  // then the view is not the decoded value, and callers that want an id ignore it.
  std::string_view string(bool* escaped = nullptr) {
    if (!eat('"')) {
      bad = true;
      return {};
    }
    const std::size_t start = i_;
    bool esc = false;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '"') {
        std::string_view out = s_.substr(start, i_ - start);
        ++i_;
        if (escaped) *escaped = esc;
        return out;
      }
      if (c == '\\') {
        esc = true;
        i_ += 2;  // the escaped character (a \uXXXX's digits are plain characters after it)
        continue;
      }
      ++i_;
    }
    bad = true;
    return {};
  }

  // An id-like string: empty unless it is a plain string without escapes.
  std::string_view plain_string_or_skip() {
    if (peek() != '"') {
      skip_value(0);
      return {};
    }
    bool escaped = false;
    std::string_view v = string(&escaped);
    return escaped ? std::string_view{} : v;
  }

  void skip_value(int depth) {
    if (depth > kMaxDepth) {
      bad = true;
      return;
    }
    const char c = peek();
    if (c == '"') {
      string();
    } else if (c == '{') {
      ++i_;
      if (eat('}')) return;
      do {
        string();
        expect(':');
        if (bad) return;
        skip_value(depth + 1);
        if (bad) return;
      } while (eat(','));
      expect('}');
    } else if (c == '[') {
      ++i_;
      if (eat(']')) return;
      do {
        skip_value(depth + 1);
        if (bad) return;
      } while (eat(','));
      expect(']');
    } else if (c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n') {
      // A number or literal: its characters up to the next delimiter. Not validated: a frame
      // with a malformed number still yields the fields around it, which is all we read.
      while (i_ < s_.size()) {
        const char d = s_[i_];
        if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\n' || d == '\r' || d == '\t')
          break;
        ++i_;
      }
    } else {
      bad = true;
    }
  }

  // Walks an object, calling on_member(key) with the cursor at each value; on_member must
  // consume the value. Returns false (and sets bad) on malformed input.
  template <class F>
  void object(int depth, F&& on_member) {
    if (depth > kMaxDepth || !eat('{')) {
      bad = true;
      return;
    }
    if (eat('}')) return;
    do {
      std::string_view key = string();
      expect(':');
      if (bad) return;
      on_member(key);
      if (bad) return;
    } while (eat(','));
    expect('}');
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

// fields.args[0] or [1] when it is an object: _id, rid, lastMessage._id.
void scan_arg_object(Cursor& c, int depth, std::string_view* id, std::string_view* rid,
                     std::string_view* last_message_id) {
  c.object(depth, [&](std::string_view key) {
    if (key == "_id" && id) {
      *id = c.plain_string_or_skip();
    } else if (key == "rid" && rid) {
      *rid = c.plain_string_or_skip();
    } else if (key == "lastMessage" && last_message_id && c.peek() == '{') {
      scan_arg_object(c, depth + 1, last_message_id, nullptr, nullptr);
    } else {
      c.skip_value(depth + 1);
    }
  });
}

void scan_args(Cursor& c, int depth, FrameFields& f) {
  if (c.peek() != '[') {
    c.skip_value(depth);
    return;
  }
  c.expect('[');
  if (c.eat(']')) return;
  int index = 0;
  do {
    if (index == 0 && c.peek() == '"') {
      f.arg0_string = c.plain_string_or_skip();
    } else if (index == 0 && c.peek() == '{') {
      scan_arg_object(c, depth + 1, &f.arg0_id, &f.arg0_rid, nullptr);
    } else if (index == 1 && c.peek() == '{') {
      scan_arg_object(c, depth + 1, &f.arg1_id, nullptr, &f.arg1_last_message_id);
    } else {
      c.skip_value(depth + 1);
    }
    if (c.bad) return;
    ++index;
  } while (c.eat(','));
  c.expect(']');
}

}  // namespace

FrameFields scan_frame(std::string_view frame) {
  FrameFields f;
  Cursor c(frame);
  c.object(0, [&](std::string_view key) {
    if (key == "msg") {
      f.msg = c.plain_string_or_skip();
    } else if (key == "id") {
      f.id = c.plain_string_or_skip();
    } else if (key == "collection") {
      f.collection = c.plain_string_or_skip();
    } else if (key == "error") {
      f.has_error = true;
      c.skip_value(1);
    } else if (key == "subs" && c.peek() == '[') {
      c.expect('[');
      if (c.eat(']')) return;
      do {
        std::string_view sub = c.plain_string_or_skip();
        if (f.subs_count++ == 0) f.first_sub = sub;
      } while (!c.bad && c.eat(','));
      c.expect(']');
    } else if (key == "fields" && c.peek() == '{') {
      c.object(1, [&](std::string_view field) {
        if (field == "eventName") {
          f.event_name = c.plain_string_or_skip();
        } else if (field == "args") {
          scan_args(c, 2, f);
        } else {
          c.skip_value(2);
        }
      });
    } else {
      c.skip_value(1);
    }
  });
  f.ok = !c.bad && c.at_end();
  return f;
}

}  // namespace parley::load
