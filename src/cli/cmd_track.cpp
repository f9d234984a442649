// `storytrail track`, `untrack`, `feed`, `watch` and `status`: tracking live stories.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <sstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/app.hpp"
#include "cli/capture.hpp"
#include "cli/tracker.hpp"
#include "util/slug.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

namespace st::cli {
namespace {

// ---- signals ---------------------------------------------------------------------------------

// Set by SIGINT and SIGTERM: `watch` starts nothing new, finishes the revision it is storing,
// writes the tracking document and exits (130 after SIGINT, 0 after SIGTERM).
std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};

extern "C" void on_stop_signal(int signal) {
  g_signal.store(signal);
  g_stop.store(true);
}

void catch_stop_signals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// ---- shared options ----------------------------------------------------------------------------

struct FetchFlags {
  double timeout = 30;      // seconds, whole request
  double max_size_mb = 10;  // megabytes, decoded body
  std::size_t concurrency = 8;
  double host_gap = 1;  // seconds between two requests to one host
};

// Seconds, megabytes, days: a number from `low` to `high`. (CLI::Range alone lets "nan" by,
// as every comparison with it is false.)
CLI::Validator number_from(double low, double high) {
  return CLI::Validator(
      [low, high](std::string& text) -> std::string {
        const CLI::Range range(low, high);
        if (text.find_first_of("nN") != std::string::npos) {
          return fmt::format("{} is not a number from {} to {}", text, low, high);
        }
        return range(text);
      },
      "");
}

void add_fetch_flags(CLI::App& sub, FetchFlags& flags) {
  sub.add_option("--timeout", flags.timeout, "Give up a request after this many seconds")
      ->type_name("SECONDS")
      ->check(number_from(0.1, 3600.0));
  sub.add_option("--max-size", flags.max_size_mb, "Refuse pages larger than this, in megabytes")
      ->type_name("MB")
      ->check(number_from(0.01, 1024.0));
  sub.add_option("--concurrency", flags.concurrency, "Requests in flight at once, overall")
      ->type_name("N")
      ->check(CLI::Range(1, 64));
  sub.add_option("--host-gap", flags.host_gap,
                 "Seconds to wait between two requests to the same host (one at a time per host)")
      ->type_name("SECONDS")
      ->check(number_from(0.0, 3600.0));
}

TrackerOptions tracker_options(const FetchFlags& flags) {
  TrackerOptions options;
  options.fetch.total_timeout = std::chrono::milliseconds(static_cast<long>(flags.timeout * 1000));
  options.fetch.connect_timeout =
      std::min(options.fetch.connect_timeout, options.fetch.total_timeout);
  options.fetch.max_body_bytes = static_cast<std::size_t>(flags.max_size_mb * 1024 * 1024);
  options.politeness.max_concurrent = flags.concurrency;
  options.politeness.min_host_gap =
      std::chrono::milliseconds(static_cast<long>(flags.host_gap * 1000));
  return options;
}

// --at TIME, or now.
Result<UnixSeconds> time_now(const std::string& at) {
  if (at.empty()) return now_seconds();
  auto parsed = parse_time(at);
  if (!parsed) return as_usage(fail("--at: {}", parsed.error().message));
  if (auto ok = check_capture_time(*parsed); !ok)
    return as_usage(fail("--at: {}", ok.error().message));
  return *parsed;
}

// ---- reporting ----------------------------------------------------------------------------------

nlohmann::ordered_json event_json(const CheckEvent& e) {
  nlohmann::ordered_json j{
      {"event", e.deferred ? std::string_view("deferred") : check_result_name(e.result)},
      {"time", format_time(e.time)},
      {"kind", e.kind},
      {e.kind == "feed" ? "feed" : "story", e.name},
      {"url", e.url}};
  if (e.kind == "story" && e.revision > 0) j["revision"] = e.revision;
  if (e.kind == "feed" && (e.result == CheckResult::stored || e.result == CheckResult::unchanged)) {
    j["new_stories"] = e.revision;
  }
  if (e.status != 0) j["status"] = e.status;
  if (!e.reason.empty()) j["reason"] = e.reason;
  if (e.refused) j["refused"] = true;
  j["ms"] = e.elapsed.count();
  return j;
}

std::string event_line(const CheckEvent& e, const Style& style) {
  const std::string name = e.kind == "feed" ? "feed " + e.name : e.name;
  // The label is padded before it is coloured: colour codes would count as width.
  const std::string label =
      fmt::format("{:<12}", e.deferred ? std::string_view("deferred")
                            : e.kind == "feed" && e.result == CheckResult::stored
                                ? std::string_view("new")
                                : check_result_name(e.result));
  if (e.deferred) return fmt::format("{}  {}: {}", style.yellow(label), name, e.reason);
  switch (e.result) {
    case CheckResult::stored:
      return e.kind == "feed"
                 ? fmt::format("{}  {}: {}", style.green(label), name, e.reason)
                 : fmt::format("{}  {}@{}", style.green(label), style.bold(name), e.revision);
    case CheckResult::unchanged:
      return e.kind == "feed" ? fmt::format("{}  {}: {}", style.dim(label), name, e.reason)
                              : fmt::format("{}  {}: same text as revision {}", style.dim(label),
                                            name, e.revision);
    case CheckResult::not_modified:
      return fmt::format("{}  {}", style.dim(label), name);
    default:
      return fmt::format("{}  {}: {}", style.red(label), name, e.reason);
  }
}

// Prints each event as `watch` and `track` report them: a line, or a JSON object a line.
// Keeps them, when asked, for `track` and `feed add` to judge their first checks.
struct Reporter {
  bool json = false;
  bool quiet = false;  // only new revisions and failures
  Style style{false};
  std::vector<CheckEvent>* events = nullptr;  // when set, each event is kept there too

  void operator()(const CheckEvent& e) const {
    if (json) {
      fmt::print("{}\n", event_json(e).dump());
    } else if (!quiet || e.result == CheckResult::stored || e.result == CheckResult::failed) {
      fmt::print("{}\n", event_line(e, style));
    }
    std::fflush(stdout);
    if (events != nullptr) events->push_back(e);
  }
};

std::string pass_line(const PassSummary& s) {
  std::string line = fmt::format("{} checked: {} stored, {} unchanged, {} not modified, {} failed",
                                 s.checked, s.stored, s.unchanged, s.not_modified, s.failed);
  if (s.deferred > 0) line += fmt::format("; {} deferred (Retry-After)", s.deferred);
  if (s.new_stories > 0) line += fmt::format("; {} new from feeds", s.new_stories);
  if (s.interrupted) line += "; interrupted";
  return line;
}

// The store for a command that changes what is tracked: written with fsync like any write, but
// never created by a mistyped --store (only `track` and `feed add` start a store).
Result<RevisionStore> existing_store(const Context& context) {
  if (auto probe = context.open_store(RevisionStore::Access::read); !probe) {
    return std::move(probe).error();
  }
  return context.open_store(RevisionStore::Access::write);
}

// The first check of what `track` or `feed add` asked for, now, in one pass (so that the pages
// of one host keep its gap): the entries in `only`, and the new entries of `tracker`, which are
// written into the tracking document only if their first check does not fail for good (404, 410,
// not HTML or not a feed, no article). A refused entry leaves the document as it was, and the
// command fails; one whose check fails for now (a timeout, a 503) is left to `watch`. Ctrl-C
// stops it as it stops `watch`.
Result<void> check_now(Context& context, RevisionStore& store, TrackerOptions tracker, bool json,
                       UnixSeconds now, bool feed) {
  tracker.all = true;
  // Only `watch` knows its quiet period: a first check never ends tracking.
  tracker.schedule.quiet_period = std::numeric_limits<UnixSeconds>::max() / 4;
  catch_stop_signals();
  std::vector<CheckEvent> events;
  auto pass =
      run_pass(store, tracker, now, Reporter{json, false, context.out_style(), &events}, &g_stop);
  if (!pass) return std::move(pass).error();
  if (g_stop.load() && g_signal.load() == SIGINT) context.exit_code = kExitInterrupted;
  std::vector<const CheckEvent*> refused;
  bool try_again = false;
  for (const CheckEvent& e : events) {
    if (e.refused) {
      refused.push_back(&e);
    } else if (e.result == CheckResult::failed) {
      try_again = true;
    }
  }
  if (!json && try_again && !g_stop.load()) fmt::print("'storytrail watch' will try again\n");
  if (feed && !json && pass->new_stories > 0) {
    fmt::print("{} new stor{} tracked; 'storytrail watch' captures them\n", pass->new_stories,
               pass->new_stories == 1 ? "y" : "ies");
  }
  if (refused.size() == 1) {
    return fail("{}: {}; it is not tracked", refused[0]->url, refused[0]->reason);
  }
  if (!refused.empty()) {
    return fail("{} of {} URLs failed for good and are not tracked (see above); the others are",
                refused.size(), tracker.only->stories.size() + tracker.only->feeds.size());
  }
  return {};
}

// ---- track, untrack -----------------------------------------------------------------------------

struct TrackOptions {
  std::vector<std::string> urls;
  std::string from;  // a file of URLs, one a line; "-" for standard input
  std::string story;
  std::string at;
  bool no_check = false;
  bool json = false;
  FetchFlags fetch;
};

// The URLs to track, from the command line and then --from, in their identity form, each once.
Result<std::vector<std::string>> urls_to_track(const TrackOptions& options) {
  std::vector<std::pair<std::string, std::string>> given;  // (where it was read, the text)
  for (const std::string& url : options.urls) given.emplace_back(std::string(), url);
  if (!options.from.empty()) {
    const std::string file = options.from == "-" ? "standard input" : options.from;
    std::error_code ec;
    if (std::filesystem::is_directory(options.from, ec)) {
      return fail("'{}' is a folder, not a list of URLs", options.from);
    }
    auto text = read_capture_file(options.from);
    if (!text) return std::move(text).error();
    if (text->find('\0') != std::string::npos || !is_valid_utf8(*text)) {
      return fail("{} is not a list of URLs: it is not text", file);
    }
    std::istringstream lines(*text);
    int number = 0;
    for (std::string line; std::getline(lines, line);) {
      ++number;
      const std::string_view url = trim_space(line);
      if (url.empty() || url.starts_with('#')) continue;
      given.emplace_back(fmt::format("{}, line {}", file, number), std::string(url));
    }
  }
  std::vector<std::string> urls;
  std::set<std::string> seen;
  for (const auto& [where, text] : given) {
    auto url = normalize_url(text);
    if (!url) {
      if (where.empty()) return as_usage(std::move(url).error());
      return as_usage(fail("{}: {}", where, url.error().message));
    }
    if (seen.insert(*url).second) urls.push_back(std::move(*url));
  }
  if (urls.empty()) {
    if (options.from.empty()) return as_usage(fail("give the URL of an article to track"));
    return as_usage(fail("{} holds no URL", options.from));
  }
  if (!options.story.empty() && urls.size() > 1) {
    return as_usage(fail("--story names one story: give it with one URL"));
  }
  return urls;
}

// What `track` does with each of its URLs, worked out against one version of the tracking
// document.
struct TrackPlan {
  std::vector<std::string> said;    // a line for each URL
  std::vector<TrackedStory> fresh;  // new stories, with their names
  std::set<std::string> again;      // URLs of stopped stories to track again
};

struct TrackRequest {
  std::vector<std::string> urls;  // identity forms, each once
  std::vector<std::string> names;  // the name each URL asks for
  std::set<std::string> elsewhere;  // URLs whose name a story of the store has from another page
  std::set<std::string> store_stories;
  std::string story;  // --story
  UnixSeconds now = 0;
};

// A URL tracked already stays (and is tracked again if it had stopped). With one URL, a name
// another page has (tracked, or in the store) is an error, so that the user picks one; with
// several, the URL gets a free name (`name-2`...), as a feed's entries do.
Result<TrackPlan> plan_track(const TrackRequest& request, const TrackingState& state) {
  TrackPlan plan;
  const bool one = request.urls.size() == 1;
  TrackingState with_fresh = state;  // the state with the new stories so far, for free names
  for (std::size_t i = 0; i < request.urls.size(); ++i) {
    const std::string& url = request.urls[i];
    if (const TrackedStory* same = with_fresh.find_story_by_url(url)) {
      if (!request.story.empty() && request.story != same->story) {
        return fail("{} is tracked already, as {}; it keeps that name", url, same->story);
      }
      if (same->check.active) {
        plan.said.push_back(fmt::format("{} is tracked already, as {}", url, same->story));
      } else {
        plan.again.insert(url);
        plan.said.push_back(fmt::format("tracking {} again, as {}", url, same->story));
      }
      continue;
    }
    std::string name = request.names[i];
    const TrackedStory* other = with_fresh.find_story(name);
    if (other != nullptr && one) {
      return fail(
          "story '{}' is tracked already for {}; give this one another name with --story", name,
          other->url);
    }
    if (other != nullptr || request.elsewhere.contains(url)) {
      auto free = free_story_name(name, with_fresh, request.store_stories);
      if (!free) return fail("no free name is left for {}; track it alone, with --story", url);
      name = std::move(*free);
    }
    TrackedStory story{name, url, {}, {}, 0, {}};
    story.check.added_at = request.now;
    story.check.next_check = request.now;
    plan.said.push_back(fmt::format("tracking {} as {}", url, name));
    with_fresh.stories.push_back(story);
    plan.fresh.push_back(std::move(story));
  }
  return plan;
}

// Tracks each URL as a story named by --story or from the URL (see plan_track). Nothing is
// tracked unless every URL is good; the new stories join the document through their first check
// (check_now), or at once with --no-check.
Result<void> track_urls(Context& context, const TrackOptions& options) {
  auto urls = urls_to_track(options);
  if (!urls) return std::move(urls).error();
  TrackRequest request;
  request.story = options.story;
  const bool one = urls->size() == 1;
  for (const std::string& url : *urls) {
    std::string name = options.story.empty() ? slug_from_url(url) : options.story;
    if (name.empty()) {
      if (one) return as_usage(fail("cannot name a story from {}; give one with --story", url));
      return as_usage(fail("cannot name a story from {}; track it alone, with --story", url));
    }
    if (auto ok = check_slug(name); !ok) return as_usage(std::move(ok).error());
    request.names.push_back(std::move(name));
  }
  request.urls = std::move(*urls);
  auto now = time_now(options.at);
  if (!now) return std::move(now).error();
  request.now = *now;

  auto store = context.open_store(RevisionStore::Access::write);
  if (!store) return std::move(store).error();
  // A story of the store recorded from another page is not joined to this one.
  if (auto stories = store->stories()) {
    for (const StorySummary& s : *stories) request.store_stories.insert(s.story);
  }
  for (std::size_t i = 0; i < request.urls.size(); ++i) {
    if (!request.store_stories.contains(request.names[i])) continue;
    auto revisions = store->revisions(request.names[i]);
    if (!revisions || revisions->empty()) continue;
    const std::string& recorded = revisions->back().url;
    const auto same = normalize_url(recorded);
    if (recorded.empty() || (same && *same == request.urls[i])) continue;
    if (one) {
      return fail(
          "story '{}' in the store was recorded from {}; give this one another name "
          "with --story",
          request.names[i], recorded);
    }
    request.elsewhere.insert(request.urls[i]);
  }
  auto state = read_tracking_state(*store);
  if (!state) return std::move(state).error();
  auto plan = plan_track(request, *state);
  if (!plan) return std::move(plan).error();
  if (options.no_check || !plan->again.empty()) {
    // Planned again on the latest document, which another process may have changed.
    const std::string message = one ? fmt::format("track: {}", request.urls.front())
                                    : fmt::format("track: {} URLs", request.urls.size());
    auto updated = store->update_tracking(
        [&](const std::string& current) -> Result<std::string> {
          auto latest = tracking_from_json(current);
          if (!latest) return std::move(latest).error();
          auto latest_plan = plan_track(request, *latest);
          if (!latest_plan) return std::move(latest_plan).error();
          *plan = std::move(*latest_plan);
          for (TrackedStory& s : latest->stories) {
            if (!plan->again.contains(s.url)) continue;
            // Tracked again: its pace and quiet period start afresh.
            s.check.active = true;
            s.check.stopped.clear();
            s.check.added_at = *now;
            s.check.next_check = *now;
            s.check.failures = s.check.gone = 0;
          }
          if (options.no_check) {
            latest->stories.insert(latest->stories.end(), plan->fresh.begin(), plan->fresh.end());
          }
          return tracking_to_json(*latest);
        },
        message);
    if (!updated) return std::move(updated).error();
  }
  if (!options.json) {
    for (const std::string& line : plan->said) fmt::print("{}\n", line);
  }
  if (options.no_check) return {};
  TrackerOptions tracker = tracker_options(options.fetch);
  tracker.only.emplace().stories.insert(request.urls.begin(), request.urls.end());
  tracker.new_stories = std::move(plan->fresh);
  return check_now(context, *store, std::move(tracker), options.json, *now, false);
}

// Runs `track` or `feed add`, which create the store when there is none. When that ends in an
// error (every URL refused) and the store it created holds nothing, the store is removed again:
// bad input leaves no store behind where there was none.
Result<void> with_store_undone_on_error(const Context& context,
                                        const std::function<Result<void>()>& command) {
  std::error_code ec;
  const std::filesystem::path path = context.store_path();
  const bool existed = std::filesystem::exists(path, ec) || ec;
  auto result = command();
  if (result || existed || !std::filesystem::exists(path, ec)) return result;
  bool empty = false;
  if (auto store = context.open_store(RevisionStore::Access::read)) {
    auto stories = store->stories();
    auto tracking = store->read_tracking();
    empty = stories && stories->empty() && tracking && tracking->empty();
  }
  if (empty) std::filesystem::remove_all(path, ec);
  return result;
}

Result<void> run_track(Context& context, const TrackOptions& options) {
  return with_store_undone_on_error(context, [&] { return track_urls(context, options); });
}

struct UntrackOptions {
  std::string target;  // a story's slug or a URL
};

Result<void> run_untrack(const Context& context, const UntrackOptions& options) {
  auto store = existing_store(context);
  if (!store) return std::move(store).error();
  const auto normalized = normalize_url(options.target);
  std::string removed;
  auto updated = store->update_tracking(
      [&](const std::string& current) -> Result<std::string> {
        auto state = tracking_from_json(current);
        if (!state) return std::move(state).error();
        const auto before = state->stories.size();
        std::erase_if(state->stories, [&](const TrackedStory& s) {
          const bool match = s.story == options.target || (normalized && s.url == *normalized);
          if (match) removed = s.story;
          return match;
        });
        if (state->stories.size() == before) {
          return fail("nothing tracked is named {}; 'storytrail status' lists what is",
                      options.target);
        }
        return tracking_to_json(*state);
      },
      fmt::format("untrack: {}", options.target));
  if (!updated) return std::move(updated).error();
  fmt::print("no longer tracking {} (its revisions stay in the store)\n", removed);
  return {};
}

// ---- feed
// ------------------------------------------------------------------------------------------

struct FeedOptions {
  std::string url;
  std::string at;
  bool json = false;
  FetchFlags fetch;
};

Result<void> add_feed(Context& context, const FeedOptions& options) {
  auto url = normalize_url(options.url);
  if (!url) return as_usage(std::move(url).error());
  auto now = time_now(options.at);
  if (!now) return std::move(now).error();
  auto store = context.open_store(RevisionStore::Access::write);
  if (!store) return std::move(store).error();
  auto state = read_tracking_state(*store);
  if (!state) return std::move(state).error();
  TrackerOptions tracker = tracker_options(options.fetch);
  tracker.only.emplace().feeds.insert(*url);
  const bool known = state->find_feed(*url) != nullptr;
  if (known) {
    auto updated = store->update_tracking(
        [&](const std::string& current) -> Result<std::string> {
          auto latest = tracking_from_json(current);
          if (!latest) return std::move(latest).error();
          TrackedFeed* same = latest->find_feed(*url);
          if (same == nullptr) {  // removed meanwhile: tracked afresh
            same = &latest->feeds.emplace_back(TrackedFeed{*url, {}, 0, {}});
          }
          if (!same->check.active) same->check.added_at = *now;  // afresh, as for `track`
          same->check.active = true;
          same->check.stopped.clear();
          same->check.next_check = *now;
          return tracking_to_json(*latest);
        },
        fmt::format("feed add: {}", *url));
    if (!updated) return std::move(updated).error();
  } else {
    // Written into the document by its first check, unless that check refuses it.
    TrackedFeed f{*url, {}, 0, {}};
    f.check.added_at = *now;
    f.check.next_check = *now;
    tracker.new_feeds.push_back(std::move(f));
  }
  if (!options.json) {
    fmt::print("{} feed {}\n", known ? "checking the tracked" : "tracking the", *url);
  }
  return check_now(context, *store, std::move(tracker), options.json, *now, true);
}

Result<void> run_feed_add(Context& context, const FeedOptions& options) {
  return with_store_undone_on_error(context, [&] { return add_feed(context, options); });
}

Result<void> run_feed_remove(const Context& context, const std::string& target) {
  auto store = existing_store(context);
  if (!store) return std::move(store).error();
  const auto url = normalize_url(target);
  if (!url) return as_usage(std::move(url).error());
  auto updated = store->update_tracking(
      [&](const std::string& current) -> Result<std::string> {
        auto state = tracking_from_json(current);
        if (!state) return std::move(state).error();
        if (std::erase_if(state->feeds, [&](const TrackedFeed& f) { return f.url == *url; }) == 0) {
          return fail("no feed {} is tracked; 'storytrail status' lists the feeds", *url);
        }
        return tracking_to_json(*state);
      },
      fmt::format("feed remove: {}", *url));
  if (!updated) return std::move(updated).error();
  fmt::print("no longer checking the feed {} (the stories it brought stay tracked)\n", *url);
  return {};
}

// ---- watch -----------------------------------------------------------------------------------

// The least time between the starts of two passes of `watch`.
constexpr std::chrono::seconds kPassGap{15};

struct WatchOptions {
  bool once = false;
  bool all = false;
  bool quiet = false;
  bool json = false;
  std::string at;
  double quiet_days = 7;
  FetchFlags fetch;
};

Result<void> run_watch(Context& context, const WatchOptions& options) {
  if (!options.at.empty() && !options.once) {
    return as_usage(fail("--at is only for one pass: add --once"));
  }
  auto store = existing_store(context);
  if (!store) return std::move(store).error();
  TrackerOptions tracker = tracker_options(options.fetch);
  tracker.all = options.all;
  tracker.schedule.quiet_period = static_cast<UnixSeconds>(options.quiet_days * 24 * 3600);
  HostMemory hosts;  // the gap and any Retry-After of each host, across passes
  tracker.politeness.memory = &hosts;
  catch_stop_signals();
  const Style style = context.out_style();
  for (;;) {
    auto now = time_now(options.at);
    if (!now) return std::move(now).error();
    const auto started = std::chrono::steady_clock::now();
    auto pass = run_pass(*store, tracker, *now,
                         Reporter{options.json, options.quiet, style, nullptr}, &g_stop);
    if (!pass) return std::move(pass).error();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (options.json) {
      fmt::print("{}\n", nlohmann::ordered_json{{"event", "pass"},
                                                {"time", format_time(*now)},
                                                {"checked", pass->checked},
                                                {"stored", pass->stored},
                                                {"unchanged", pass->unchanged},
                                                {"not_modified", pass->not_modified},
                                                {"failed", pass->failed},
                                                {"deferred", pass->deferred},
                                                {"new_stories", pass->new_stories},
                                                {"interrupted", pass->interrupted},
                                                {"seconds", seconds}}
                             .dump());
    } else if (!options.quiet) {
      fmt::print("{}\n", style.dim(fmt::format("{} ({:.1f} s)", pass_line(*pass), seconds)));
    }
    std::fflush(stdout);
    if (options.once || g_stop.load()) break;
    // Sleep until the next check is due, waking at least once a minute for what other
    // processes added, and at once for a signal. Passes start at least kPassGap apart, so the
    // checks falling due meanwhile go together (the tracking document is written once a pass).
    auto state = read_tracking_state(*store);
    if (!state) return std::move(state).error();
    const UnixSeconds due = next_due(*state);
    const auto since_start = std::chrono::steady_clock::now() - started;
    const UnixSeconds wait = std::max<UnixSeconds>(
        due == 0 ? 60 : std::clamp<UnixSeconds>(due - now_seconds(), 1, 60),
        std::chrono::duration_cast<std::chrono::seconds>(kPassGap - since_start).count());
    for (int tick = 0; tick < wait * 10 && !g_stop.load(); ++tick) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (g_stop.load()) break;
  }
  if (g_signal.load() == SIGINT) context.exit_code = kExitInterrupted;
  return {};
}

// ---- status -------------------------------------------------------------------------------------

std::string relative(UnixSeconds then, UnixSeconds now) {
  if (then == 0) return "never";
  const UnixSeconds d = then > now ? then - now : now - then;
  const std::string amount = d < 60          ? fmt::format("{} s", d)
                             : d < 3600      ? fmt::format("{} min", d / 60)
                             : d < 2 * 86400 ? fmt::format("{} h", d / 3600)
                                             : fmt::format("{} days", d / 86400);
  return then > now ? "in " + amount : amount + " ago";
}

std::string result_text(const CheckState& c, bool feed) {
  if (c.last_result == CheckResult::failed) return "failed: " + c.last_error;
  if (feed && c.last_result == CheckResult::stored) return "new entries";
  return std::string(check_result_name(c.last_result));
}

std::string next_text(const CheckState& c, UnixSeconds now) {
  if (!c.active) return "stopped: " + c.stopped;
  return c.next_check <= now ? "due" : relative(c.next_check, now);
}

Result<void> run_status(const Context& context, bool json) {
  auto store = context.open_store(RevisionStore::Access::read);
  if (!store) return std::move(store).error();
  auto state = read_tracking_state(*store);
  if (!state) return std::move(state).error();
  if (json) {
    fmt::print("{}", tracking_to_json(*state));
    return {};
  }
  if (state->stories.empty() && state->feeds.empty()) {
    fmt::print(
        "nothing is tracked; start with 'storytrail track URL' or 'storytrail feed add "
        "URL'\n");
    return {};
  }
  const Style style = context.out_style();
  const UnixSeconds now = now_seconds();
  for (const TrackedStory& s : state->stories) {
    fmt::print("{}  {}\n", style.bold(s.story), s.url);
    fmt::print("    last check {}, {}; last change {}; next check {}\n",
               relative(s.check.last_check, now), result_text(s.check, false),
               relative(s.check.last_change, now), next_text(s.check, now));
  }
  for (const TrackedFeed& f : state->feeds) {
    fmt::print("{}  {}\n", style.bold("feed"), f.url);
    fmt::print("    {} entr{} tracked; last check {}, {}; next check {}\n", f.entries,
               f.entries == 1 ? "y" : "ies", relative(f.check.last_check, now),
               result_text(f.check, true), next_text(f.check, now));
  }
  return {};
}

}  // namespace

void setup_track(CLI::App& app, Context& context) {
  auto options = std::make_shared<TrackOptions>();
  CLI::App* sub = app.add_subcommand(
      "track", "Start tracking articles by their URLs: capture them now, and at every 'watch'");
  sub->add_option("url", options->urls, "The article's http or https URL (several may be given)")
      ->type_name("URL")
      ->default_str("");
  sub->add_option("--from", options->from,
                  "Also track the URLs in FILE, one a line ('-': standard input; blank lines "
                  "and lines starting with # are skipped)")
      ->type_name("FILE");
  sub->add_option("--story", options->story,
                  "The story's name, with one URL (default: from the URL, as 'add' names stories)")
      ->type_name("SLUG");
  sub->add_flag("--no-check", options->no_check, "Only record them; the next 'watch' captures them");
  sub->add_option("--at", options->at, "Pretend it is TIME (for tests and replays)")
      ->type_name("TIME");
  sub->add_flag("--json", options->json, "Print each check as a JSON object");
  add_fetch_flags(*sub, options->fetch);
  sub->footer(R"(A URL is kept in its identity form: scheme and host in lower case, the default
port, the #fragment and tracking parameters (utm_*, fbclid, gclid...) dropped. What is tracked
is kept in the store itself (see 'storytrail status').

Each story is named from its URL. With one URL, a name that another page has already is an
error (pick one with --story); with several, such a URL gets a free name (name-2, name-3...).
Nothing is tracked unless every URL is a good one. The first checks run together, as a pass of
'watch' does; a URL whose first check fails for good (404, 410, not HTML, no article) is not
tracked, and the command then exits 1.

Examples:
  storytrail track https://www.aljazeera.com/news/2021/6/8/harris-hails-new-era
  storytrail track https://example.org/a?id=7 --story budget-vote
  storytrail track --from reading-list.txt)");
  sub->callback([&context, options] {
    context.action = [&context, options] { return run_track(context, *options); };
  });

  auto untrack = std::make_shared<UntrackOptions>();
  CLI::App* un = app.add_subcommand("untrack", "Stop tracking a story (its revisions stay)");
  un->add_option("target", untrack->target, "The story's name or its URL")
      ->required()
      ->type_name("STORY|URL");
  un->callback([&context, untrack] {
    context.action = [&context, untrack] { return run_untrack(context, *untrack); };
  });
}

void setup_feed(CLI::App& app, Context& context) {
  CLI::App* feed = app.add_subcommand("feed", "Track every article of a news feed (RSS or Atom)");
  feed->require_subcommand(1);
  auto options = std::make_shared<FeedOptions>();
  CLI::App* add = feed->add_subcommand(
      "add", "Track a feed: read it now, track each article in it, and read it at every 'watch'");
  add->add_option("url", options->url, "The feed's http or https URL")
      ->required()
      ->type_name("URL");
  add->add_option("--at", options->at, "Pretend it is TIME (for tests and replays)")
      ->type_name("TIME");
  add->add_flag("--json", options->json, "Print the check as a JSON object");
  add_fetch_flags(*add, options->fetch);
  add->footer(R"(Each entry's link becomes a tracked story, named from its URL; entries tracked
already are recognised by their URL. The articles themselves are captured by 'watch'.

Example:
  storytrail feed add https://www.aljazeera.com/xml/rss/all.xml)");
  add->callback([&context, options] {
    context.action = [&context, options] { return run_feed_add(context, *options); };
  });
  auto target = std::make_shared<std::string>();
  CLI::App* remove =
      feed->add_subcommand("remove", "Stop reading a feed (the stories it brought stay tracked)");
  remove->add_option("url", *target, "The feed's URL, as 'storytrail status' lists it")
      ->required()
      ->type_name("URL");
  remove->footer(R"(The feed is no longer read. The stories it brought stay tracked, each until
'storytrail untrack' or until it has been quiet for --quiet-period; their revisions stay.

Example:
  storytrail feed remove https://www.aljazeera.com/xml/rss/all.xml)");
  remove->callback([&context, target] {
    context.action = [&context, target] { return run_feed_remove(context, *target); };
  });
}

void setup_watch(CLI::App& app, Context& context) {
  auto options = std::make_shared<WatchOptions>();
  CLI::App* sub = app.add_subcommand(
      "watch", "Check what is tracked when it is due, store new revisions, and keep going");
  sub->add_flag("--once", options->once, "One pass over what is due, then exit (for cron)");
  sub->add_flag("--all", options->all, "Check every tracked story and feed now, due or not");
  sub->add_flag("--quiet", options->quiet, "Print only new revisions and failed checks");
  sub->add_flag("--json", options->json,
                "Print one JSON object a line for each check, and one for each pass");
  sub->add_option("--quiet-period", options->quiet_days,
                  "Stop checking a story that has not changed for this many days")
      ->type_name("DAYS")
      ->check(number_from(0.01, 3650.0));
  sub->add_option("--at", options->at, "With --once: pretend it is TIME (for tests and replays)")
      ->type_name("TIME");
  add_fetch_flags(*sub, options->fetch);
  sub->footer(R"(A story is checked every 15 minutes in the 3 hours after it last changed,
hourly within a day, every 3 hours within a week, then every 12 hours, each with some jitter;
after --quiet-period without change it is no longer checked. Feeds are read every 15 minutes.
Failures wait longer each time; a 429 or 503 with Retry-After holds back every page of that
host (reported as deferred); a story answering 410 Gone three times in a row is no longer
checked. A page with no article (a paywall, an error page) is a failed check: nothing is
stored.

Each check prints one line: stored, unchanged, not-modified (the server's 304) or failed with
its reason; each pass ends with a count. Ctrl-C (SIGINT) or SIGTERM finishes the revision being
stored, saves what was checked and exits (130 after Ctrl-C, 0 after SIGTERM).

Examples:
  storytrail watch
  storytrail watch --once --quiet       # from cron
  storytrail watch --once --json | jq .)");
  sub->callback([&context, options] {
    context.action = [&context, options] { return run_watch(context, *options); };
  });
}

void setup_status(CLI::App& app, Context& context) {
  auto json = std::make_shared<bool>(false);
  CLI::App* sub = app.add_subcommand(
      "status", "List what is tracked: last check, its result, last change and next check");
  sub->add_flag("--json", *json, "Print the tracking document (its format is in store/README.md)");
  sub->callback([&context, json] {
    context.action = [&context, json] { return run_status(context, *json); };
  });
}

}  // namespace st::cli
