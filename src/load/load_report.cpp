#include "load/load_report.hpp"

#include <boost/json/value.hpp>
#include <cstdio>

namespace parley::load {
namespace {

namespace json = boost::json;

const json::value& at(const json::object& o, std::string_view path) {
  static const json::value kNull;
  const json::object* cur = &o;
  while (true) {
    const auto dot = path.find('.');
    const json::value* v = cur->if_contains(path.substr(0, dot));
    if (!v) return kNull;
    if (dot == std::string_view::npos) return *v;
    if (!v->is_object()) return kNull;
    cur = &v->get_object();
    path.remove_prefix(dot + 1);
  }
}

double num(const json::object& o, std::string_view path) {
  const json::value& v = at(o, path);
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return -1;
}

std::string str(const json::object& o, std::string_view path) {
  const json::value& v = at(o, path);
  return v.is_string() ? std::string(v.get_string()) : std::string();
}

void line(std::string& out, const char* fmt, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  out += buf;
}

void latency_line(std::string& out, const char* label, const json::object& r,
                  std::string_view path) {
  const std::string p(path);
  line(out, "%-22s p50 %.1f  p95 %.1f  p99 %.1f  max %.1f ms  (%.0f samples)\n", label,
       num(r, p + ".p50"), num(r, p + ".p95"), num(r, p + ".p99"), num(r, p + ".max"),
       num(r, p + ".count"));
}

}  // namespace

std::string render_report_text(const json::object& r) {
  std::string out;
  line(out, "\n== parley load: %s against %s ==\n", str(r, "profile").c_str(),
       str(r, "url").c_str());
  line(out, "command                %s\n", str(r, "command").c_str());
  if (!str(r, "label").empty()) line(out, "label                  %s\n", str(r, "label").c_str());
  line(out, "machine                %.0f cores, %s, %s\n", num(r, "machine.cores"),
       str(r, "machine.cpu").c_str(), str(r, "machine.kernel").c_str());
  line(out, "clients                %.0f of %.0f connected (%.0f active)",
       num(r, "clients.connected"), num(r, "clients.requested"), num(r, "clients.active"));
  if (const auto* kinds = at(r, "clients.by_kind").if_object()) {
    for (const auto& [k, v] : *kinds) {
      line(out, "; %s %.0f/%.0f", std::string(k).c_str(), num(v.as_object(), "connected"),
           num(v.as_object(), "requested"));
    }
  }
  out += "\n";
  line(out, "login + subscribe      all ready in %.2f s\n", num(r, "login_subscribe.all_ready_s"));
  latency_line(out, "  per client", r, "login_subscribe");
  line(out,
       "messages               offered %.1f/s, achieved %.1f/s (%.0f sent, %.0f confirmed, "
       "%.0f failed, %.0f unanswered)\n",
       num(r, "messages.offered_per_s"), num(r, "messages.achieved_per_s"), num(r, "messages.sent"),
       num(r, "messages.confirmed"), num(r, "messages.failed"), num(r, "messages.unconfirmed"));
  line(out,
       "copies                 %.0f delivered of %.0f expected, %.0f LOST, %.0f excused "
       "(reconnecting), %.0f duplicates, %.0f unexpected\n",
       num(r, "copies.delivered"), num(r, "copies.expected"), num(r, "copies.lost"),
       num(r, "copies.excused"), num(r, "copies.duplicates"), num(r, "copies.unexpected"));
  if (const auto* kinds = at(r, "copies.by_kind").if_object()) {
    for (const auto& [k, v] : *kinds) {
      const auto& o = v.as_object();
      line(out, "  %-20s %.0f/%.0f, lost %.0f, superseded %.0f, p50 %.1f p99 %.1f max %.1f ms\n",
           std::string(k).c_str(), num(o, "delivered"), num(o, "expected"), num(o, "lost"),
           num(o, "superseded"), num(o, "latency_ms.p50"), num(o, "latency_ms.p99"),
           num(o, "latency_ms.max"));
    }
  }
  latency_line(out, "delivery latency", r, "copies.latency_ms");
  latency_line(out, "history page (50)", r, "history_ms");
  line(out,
       "activity               %.0f typing calls, %.0f room opens, %.0f presence changes; "
       "uploads: none (not generated)\n",
       num(r, "activity.typing_calls"), num(r, "activity.room_opens"),
       num(r, "activity.presence_changes"));
  line(out,
       "errors                 %.0f (method %.0f, nosub %.0f, error frames %.0f, "
       "disconnects %.0f, connect %.0f, login %.0f, bad frames %.0f, unanswered %.0f)\n",
       num(r, "errors.total"), num(r, "errors.method"), num(r, "errors.nosub"),
       num(r, "errors.error_frame"), num(r, "errors.disconnect"), num(r, "errors.connect"),
       num(r, "errors.login"), num(r, "errors.bad_frame"), num(r, "errors.timeout"));
  if (const auto* samples = at(r, "error_samples").if_array()) {
    for (const auto& s : *samples) {
      if (s.is_string()) line(out, "  %.400s\n", s.get_string().c_str());
    }
  }
  if (at(r, "storm.enabled").is_bool() && at(r, "storm.enabled").get_bool()) {
    line(out, "storm                  at %.1f s: %.0f dropped, %.0f back, last back after %.2f s\n",
         num(r, "storm.at_s"), num(r, "storm.dropped"), num(r, "storm.back"),
         num(r, "storm.back_s"));
    latency_line(out, "  re-login+subscribe", r, "storm.login_subscribe_ms");
    latency_line(out, "  chat during storm", r, "storm.chat_latency_ms");
  }
  line(out, "frames received        %.0f (%.1f MiB)\n", num(r, "frames.total"),
       num(r, "frames.bytes") / 1048576.0);
  line(out, "generator              %.2f CPU-s in the window (%.0f threads)\n",
       num(r, "generator.cpu_s"), num(r, "generator.threads"));
  if (at(r, "server.cpu_s").is_number()) {
    line(out,
         "server                 %.2f CPU-s, %.4f CPU-s per 1,000 copies, peak RSS %.1f MiB, "
         "peak fds %.0f\n",
         num(r, "server.cpu_s"), num(r, "server.cpu_s_per_1000_copies"),
         num(r, "server.peak_rss_mib"), num(r, "server.peak_fds"));
  } else {
    out += "server                 CPU, RSS, fds unknown (pass --server-pid for a local server)\n";
  }
  return out;
}

}  // namespace parley::load
