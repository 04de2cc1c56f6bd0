#include "seed/text_maker.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string_view>

namespace parley::seed {
namespace {

constexpr std::array<std::string_view, 160> kWords = {
    "the",      "a",        "we",      "should",   "deploy",   "release",   "build",    "server",
    "client",   "meeting",  "today",   "tomorrow", "review",   "please",    "check",    "the",
    "logs",     "again",    "after",   "lunch",    "customer", "ticket",    "report",   "numbers",
    "look",     "good",     "bad",     "strange",  "because",  "database",  "backup",   "restore",
    "network",  "proxy",    "upload",  "file",     "image",    "slides",    "draft",    "budget",
    "plan",     "quarter",  "week",    "monday",   "friday",   "morning",   "evening",  "is",
    "are",      "was",      "will",    "can",      "could",    "would",     "might",    "and",
    "or",       "but",      "so",      "then",     "with",     "without",   "for",      "from",
    "into",     "about",    "over",    "under",    "team",     "project",   "issue",    "bug",
    "fix",      "patch",    "test",    "tests",    "passing",  "failing",   "green",    "red",
    "branch",   "merge",    "commit",  "version",  "update",   "install",   "config",   "setting",
    "password", "account",  "login",   "user",     "users",    "room",      "channel",  "group",
    "message",  "thread",   "reply",   "answer",   "question", "idea",      "agree",    "think",
    "know",     "need",     "want",    "try",      "tried",    "works",     "broke",    "slow",
    "fast",     "quickly",  "later",   "soon",     "now",      "yesterday", "already",  "still",
    "maybe",    "probably", "really",  "very",     "quite",    "enough",    "more",     "less",
    "office",   "remote",   "call",    "video",    "notes",    "agenda",    "deadline", "schedule",
    "coffee",   "holiday",  "travel",  "invoice",  "contract", "partner",   "vendor",   "support",
    "monitor",  "alert",    "metrics", "latency",  "memory",   "disk",      "cpu",      "cluster",
    "replica",  "primary",  "index",   "query",    "cache",    "queue",     "worker",   "timeout",
};

}  // namespace

std::size_t paragraph_length(Prng& prng) {
  const double extra = -std::log(1.0 - prng.uniform()) * 300.0;
  return std::min<std::size_t>(1200, 100 + static_cast<std::size_t>(extra));
}

std::string paragraph(Prng& prng, std::size_t length) {
  std::string text;
  text.reserve(length + 16);
  bool sentence_start = true;
  while (true) {
    std::string_view word = kWords[static_cast<std::size_t>(prng.below(kWords.size()))];
    // The sentence's end, the separating space and the word must all still fit.
    const std::size_t needed = word.size() + (text.empty() ? 0 : 1) + 1;
    if (text.size() + needed > length) break;
    if (!text.empty()) text += ' ';
    const std::size_t at = text.size();
    text += word;
    if (sentence_start)
      text[at] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[at])));
    sentence_start = prng.chance(0.1);
    if (sentence_start) text += prng.chance(0.2) ? '?' : '.';
  }
  if (!text.empty() && text.back() != '.' && text.back() != '?') text += '.';
  return text;
}

}  // namespace parley::seed
