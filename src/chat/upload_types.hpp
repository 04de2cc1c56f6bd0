#pragma once
// The small pure rules of uploads: what a file is (sniffed from its first bytes, never the
// client's word), whether the MediaType lists accept it, and what it may be called.
#include <string>
#include <string_view>

namespace parley::chat {

// How many leading bytes sniff_file_type looks at.
inline constexpr std::size_t kSniffBytes = 4096;

// The MIME type of a file from its first bytes: known signatures (images, PDF, archives,
// audio, video), SVG and HTML (so the blacklist and downloads can treat them as the active
// content they are), text/plain for other valid UTF-8 without NULs, else
// application/octet-stream.
std::string sniff_file_type(std::string_view head);

// RC's fileUploadIsValidContentType: the comma-separated lists hold types ("image/png") or
// wildcards ("image/*"); the blacklist wins; an empty whitelist accepts everything else.
bool media_type_allowed(std::string_view type, std::string_view whitelist,
                        std::string_view blacklist);

// A client's file name made safe to store and show: the last path segment only, no control
// characters (C0, DEL, C1) or invalid UTF-8, trimmed, at most kMaxFileNameBytes (the
// extension kept), never empty, "." or "..". Unicode letters stay.
inline constexpr std::size_t kMaxFileNameBytes = 255;
std::string sanitize_file_name(std::string_view name);

// "pdf" from "Report.PDF"; "" when the name has no extension.
std::string file_extension(std::string_view name);

// typeGroup: "image" from "image/png".
std::string type_group_of(std::string_view type);

// JavaScript's encodeURI, which RC applies to the name in /file-upload/<id>/<name>.
std::string encode_uri(std::string_view text);

}  // namespace parley::chat
