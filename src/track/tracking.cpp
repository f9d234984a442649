#include "track/tracking.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "util/slug.hpp"

namespace st {
namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view kResultNames[] = {"none", "stored", "unchanged", "not-modified",
                                             "failed"};

json time_json(UnixSeconds t) {
  return t == 0 ? json(nullptr) : json(format_time(t));
}

Result<UnixSeconds> time_from(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return UnixSeconds{0};
  if (!it->is_string()) return fail("\"{}\" is not a time", key);
  return parse_time(it->get<std::string>());
}

std::string string_from(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int int_from(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int>() : 0;
}

json check_json(const CheckState& c) {
  return {{"added_at", time_json(c.added_at)},
          {"last_check", time_json(c.last_check)},
          {"last_change", time_json(c.last_change)},
          {"next_check", time_json(c.next_check)},
          {"last_result", check_result_name(c.last_result)},
          {"last_error", c.last_error},
          {"failures", c.failures},
          {"gone", c.gone},
          {"etag", c.etag},
          {"last_modified", c.last_modified},
          {"active", c.active},
          {"stopped", c.stopped}};
}

Result<CheckState> check_from(const json& j) {
  CheckState c;
  for (const auto& [field, key] :
       {std::pair{&c.added_at, "added_at"}, std::pair{&c.last_check, "last_check"},
        std::pair{&c.last_change, "last_change"}, std::pair{&c.next_check, "next_check"}}) {
    auto t = time_from(j, key);
    if (!t) return std::move(t).error();
    *field = *t;
  }
  const std::string result = string_from(j, "last_result");
  const auto* name = std::find(std::begin(kResultNames), std::end(kResultNames), result);
  c.last_result = name == std::end(kResultNames)
                      ? CheckResult::none
                      : static_cast<CheckResult>(name - std::begin(kResultNames));
  c.last_error = string_from(j, "last_error");
  c.failures = int_from(j, "failures");
  c.gone = int_from(j, "gone");
  c.etag = string_from(j, "etag");
  c.last_modified = string_from(j, "last_modified");
  const auto active = j.find("active");
  c.active = active == j.end() || !active->is_boolean() || active->get<bool>();
  c.stopped = string_from(j, "stopped");
  return c;
}

}  // namespace

std::string_view check_result_name(CheckResult result) {
  return kResultNames[static_cast<int>(result)];
}

TrackedStory* TrackingState::find_story_by_url(std::string_view url) {
  for (TrackedStory& s : stories) {
    if (s.url == url) return &s;
  }
  return nullptr;
}

TrackedStory* TrackingState::find_story(std::string_view story) {
  for (TrackedStory& s : stories) {
    if (s.story == story) return &s;
  }
  return nullptr;
}

TrackedFeed* TrackingState::find_feed(std::string_view url) {
  for (TrackedFeed& f : feeds) {
    if (f.url == url) return &f;
  }
  return nullptr;
}

std::optional<std::string> free_story_name(std::string_view base, const TrackingState& state,
                                           const std::set<std::string>& taken) {
  for (int n = 1; n < 1000; ++n) {
    std::string name = n == 1 ? std::string(base)
                              : fmt::format("{}-{}", base.substr(0, kMaxSlugLength - 4), n);
    const bool used = taken.contains(name) || std::ranges::any_of(state.stories, [&](const auto& s) {
                        return s.story == name;
                      });
    if (!used) return name;
  }
  return std::nullopt;
}

std::string tracking_to_json(const TrackingState& state) {
  json stories = json::array();
  for (const TrackedStory& s : state.stories) {
    json j = {{"story", s.story},
              {"url", s.url},
              {"canonical_url", s.canonical_url},
              {"feed", s.feed},
              {"revisions", s.revisions}};
    j.update(check_json(s.check));
    stories.push_back(std::move(j));
  }
  json feeds = json::array();
  for (const TrackedFeed& f : state.feeds) {
    json j = {{"url", f.url}, {"title", f.title}, {"entries", f.entries}};
    j.update(check_json(f.check));
    feeds.push_back(std::move(j));
  }
  return json{{"version", 1}, {"stories", std::move(stories)}, {"feeds", std::move(feeds)}}.dump(
             2) +
         "\n";
}

Result<TrackingState> tracking_from_json(std::string_view text) {
  TrackingState state;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return state;
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return fail("the tracking document is not a JSON object");
  }
  if (doc.value("version", 0) != 1) {
    return fail("the tracking document has version {}; this storytrail reads version 1",
                doc.contains("version") ? doc["version"].dump() : "none");
  }
  for (const char* list : {"stories", "feeds"}) {
    const auto it = doc.find(list);
    if (it == doc.end()) continue;
    if (!it->is_array()) return fail("\"{}\" in the tracking document is not a list", list);
    for (const json& j : *it) {
      if (!j.is_object()) return fail("an entry of \"{}\" is not an object", list);
      auto check = check_from(j);
      if (!check) return fail("tracking document: {}", check.error().message);
      if (std::string_view(list) == "stories") {
        state.stories.push_back({string_from(j, "story"), string_from(j, "url"),
                                 string_from(j, "canonical_url"), string_from(j, "feed"),
                                 int_from(j, "revisions"), std::move(*check)});
      } else {
        state.feeds.push_back({string_from(j, "url"), string_from(j, "title"),
                               int_from(j, "entries"), std::move(*check)});
      }
    }
  }
  return state;
}

UnixSeconds story_interval(UnixSeconds since_change) {
  constexpr UnixSeconds kHour = 3600;
  if (since_change < 3 * kHour) return 15 * 60;
  if (since_change < 24 * kHour) return kHour;
  if (since_change < 7 * 24 * kHour) return 3 * kHour;
  return 12 * kHour;
}

void record_check(CheckState& state, CheckResult result, UnixSeconds now,
                  const ScheduleOptions& options, double random, bool feed,
                  std::optional<UnixSeconds> retry_after, bool gone, std::string_view error) {
  state.last_check = now;
  state.last_result = result;
  if (result == CheckResult::stored) state.last_change = now;
  if (result == CheckResult::failed) {
    ++state.failures;
    state.gone = gone ? state.gone + 1 : 0;
    state.last_error = std::string(error);
  } else {
    state.failures = 0;
    state.gone = 0;
  }
  // Since it last changed, or was (re)added: tracking a story again starts its pace afresh.
  const UnixSeconds changed = std::max(state.last_change, state.added_at);
  UnixSeconds interval = feed ? options.feed_interval : story_interval(now - changed);
  if (state.failures > 0) {
    const int doublings = std::min(state.failures, 20);
    interval = std::min<UnixSeconds>(interval << doublings, options.max_backoff);
  }
  // Jitter: spread checks that were due together, so they do not stay in step.
  const double stretch = 1.0 + options.jitter * (2.0 * random - 1.0);
  interval = std::max<UnixSeconds>(1, std::llround(static_cast<double>(interval) * stretch));
  state.next_check = now + interval;
  if (retry_after) {
    // A server's wait is honoured up to max_retry_after, so no answer can push a check past
    // the times a tracking document can hold.
    const UnixSeconds wait = std::clamp<UnixSeconds>(*retry_after, 0, options.max_retry_after);
    state.next_check = std::max(state.next_check, now + wait);
  }

  if (state.gone >= options.gone_limit) {
    state.active = false;
    state.stopped = fmt::format("gone: HTTP 410 {} times in a row", state.gone);
  } else if (now - changed >= options.quiet_period && (!feed || result == CheckResult::failed)) {
    // No change for the quiet period: a story has settled. A feed is read as long as it
    // answers, but one failing for that long is given up too.
    state.active = false;
    const UnixSeconds days = options.quiet_period / (24 * 3600);
    const std::string period = days * 24 * 3600 == options.quiet_period
                                   ? fmt::format("{} day{}", days, days == 1 ? "" : "s")
                                   : fmt::format("{} s", options.quiet_period);
    state.stopped = result == CheckResult::failed
                        ? fmt::format("failing, and no change for {}", period)
                        : fmt::format("quiet for {}", period);
  }
}

bool is_due(const CheckState& state, UnixSeconds now) {
  return state.active && state.next_check <= now;
}

}  // namespace st
