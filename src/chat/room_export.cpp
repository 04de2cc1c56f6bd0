#include "chat/room_export.hpp"

#include <boost/json/serialize.hpp>

#include "util/clock.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

std::string text_of(const json::object& doc, std::string_view key) {
  const auto* v = doc.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string username_of(const json::object& doc) {
  const auto* u = doc.if_contains("u");
  return u && u->is_object() ? text_of(u->get_object(), "username") : std::string();
}

// A system message ("uj", "r", ...) reads as its type and argument, as RC's export writes the
// translated notice; parley has no translations, so it writes what it knows.
std::string message_text(const json::object& doc) {
  std::string text = text_of(doc, "msg");
  if (auto t = text_of(doc, "t"); !t.empty()) text = "[" + t + "] " + text;
  if (const auto* atts = doc.if_contains("attachments"); atts && atts->is_array()) {
    for (const auto& a : atts->get_array()) {
      if (!a.is_object()) continue;
      auto title = text_of(a.get_object(), "title");
      if (!title.empty()) text += (text.empty() ? "" : "\n") + ("[" + title + "]");
    }
  }
  return text;
}

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\n':
        out += "<br/>";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace

RoomExport export_room(store::Store& store, const store::RoomRecord& room, ExportFormat format,
                       int64_t from_ms, int64_t to_ms) {
  store::HistoryQuery query;
  query.room_id = room.id;
  query.oldest = from_ms;
  query.latest = to_ms;
  query.inclusive = true;
  query.count = 0;
  query.oldest_first = true;
  query.count_total = false;  // every message comes back anyway
  const auto page = store.room_history(query);

  RoomExport out;
  out.messages = static_cast<int64_t>(page.messages.size());
  if (format == ExportFormat::kJson) {
    // RC names a JSON export after the room (a DM has no name: its id).
    out.file_name = (room.name.empty() ? room.id : room.name) + ".json";
    out.content_type = "application/json";
    json::array messages;
    for (const auto& m : page.messages) {
      messages.emplace_back(json::object{{"msg", message_text(m.doc)},
                                         {"username", username_of(m.doc)},
                                         {"ts", util::iso8601(m.ts)}});
    }
    out.body = json::serialize(messages);
  } else {
    out.file_name = room.id + ".html";
    out.content_type = "text/html";
    std::string title = room.name.empty() ? room.id : room.name;
    out.body =
        "<!DOCTYPE html>\n<meta charset=\"utf-8\">\n<title>" + escape_html(title) + "</title>\n";
    for (const auto& m : page.messages) {
      out.body += "<p><strong>" + escape_html(username_of(m.doc)) + "</strong> (" +
                  util::iso8601(m.ts) + "):<br/>\n" + escape_html(message_text(m.doc)) + "\n</p>\n";
    }
  }
  return out;
}

}  // namespace parley::chat
