#include "chat/file_message.hpp"

#include "chat/upload_types.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

json::object files_entry(const store::UploadRecord& up) {
  return {{"_id", up.id},
          {"name", up.name},
          {"type", up.type.empty() ? "file" : up.type},
          {"size", up.size},
          {"format", up.identify ? up.identify->format : ""},
          {"typeGroup", up.type_group}};
}

// What every file attachment has; RC leaves description out when there is none.
json::object attachment_base(const store::UploadRecord& up, const std::string& url) {
  json::object a{{"title", up.name},
                 {"type", "file"},
                 {"title_link", url},
                 {"title_link_download", true},
                 {"fileId", up.id}};
  if (!up.description.empty()) a["description"] = up.description;
  return a;
}

bool has_prefix(const std::string& type, std::string_view prefix) {
  return type.size() > prefix.size() && type.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

std::string file_url(std::string_view id, std::string_view name) {
  return "/file-upload/" + std::string(id) + "/" + encode_uri(name);
}

FileMessageParts file_message_parts(const store::UploadRecord& up,
                                    const std::optional<store::UploadRecord>& thumbnail,
                                    const std::string& preview) {
  FileMessageParts parts;
  parts.files.push_back(files_entry(up));
  const std::string url = file_url(up.id, up.name);
  json::object a = attachment_base(up, url);
  if (has_prefix(up.type, "image/")) {
    a["image_url"] = url;
    a["image_type"] = up.type;
    a["image_size"] = up.size;
    if (up.identify) {
      a["image_dimensions"] = {{"width", up.identify->width}, {"height", up.identify->height}};
    }
    if (!preview.empty()) a["image_preview"] = preview;
    if (thumbnail) {
      // The message shows the thumbnail; its URL carries the original's name, as in RC.
      a["image_url"] = file_url(thumbnail->id, up.name);
      a["image_type"] = thumbnail->type;
      if (thumbnail->identify) {
        a["image_dimensions"] = {{"width", thumbnail->identify->width},
                                 {"height", thumbnail->identify->height}};
      }
      parts.files.push_back(files_entry(*thumbnail));
    }
  } else if (has_prefix(up.type, "audio/")) {
    a["audio_url"] = url;
    a["audio_type"] = up.type;
    a["audio_size"] = up.size;
  } else if (has_prefix(up.type, "video/")) {
    a["video_url"] = url;
    a["video_type"] = up.type;
    a["video_size"] = up.size;
  } else {
    a["format"] = file_extension(up.name);
    a["size"] = up.size;
  }
  parts.attachments.push_back(std::move(a));
  parts.file = parts.files.front().as_object();
  return parts;
}

}  // namespace parley::chat
