#pragma once
// DESIGN: the few fields the load generator needs from a DDP frame, without building a DOM.
// A load run at 10,000 clients receives tens of thousands of frames a second; each is walked
// once, left to right, and only these fields are kept, as views into the frame's own bytes:
//   msg, id, collection, error (present or not), subs (ready: how many, and the first),
//   fields.eventName, fields.args[0] (a string, or an object's _id and rid),
//   fields.args[1] (an object's _id and lastMessage._id: rooms-changed).
// Anything else is skipped by bracket matching. Malformed or truncated input, absurd nesting
// (over kMaxDepth) or strings with escapes where an id is expected give `ok == false` or an
// empty view, never a read past the end: the input is whatever a server sent.
#include <cstddef>
#include <string_view>

namespace parley::load {

struct FrameFields {
  bool ok = false;  // the frame was one well-formed JSON object (as far as it was walked)
  std::string_view msg;
  std::string_view id;
  std::string_view collection;
  bool has_error = false;  // a top-level "error" member (result, nosub, error frames)
  std::size_t subs_count = 0;
  std::string_view first_sub;
  std::string_view event_name;
  std::string_view arg0_string;  // fields.args[0] when it is a string ("updated", "inserted")
  std::string_view arg0_id;      // fields.args[0]._id (a message)
  std::string_view arg0_rid;     // fields.args[0].rid
  std::string_view arg1_id;      // fields.args[1]._id (rooms-changed: the room)
  std::string_view arg1_last_message_id;  // fields.args[1].lastMessage._id
};

FrameFields scan_frame(std::string_view frame);

}  // namespace parley::load
