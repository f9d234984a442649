#include "cli/tracker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "cli/capture.hpp"
#include "feed/feed.hpp"
#include "util/slug.hpp"
#include "util/text.hpp"
#include "util/url.hpp"

namespace st::cli {
namespace {

// A page that was an article and now gives a small fraction of its words is a paywall or an
// error page more often than an edit: it is a failed check, not a revision that deletes the
// story. Below this many words before, or above this share after, the capture is kept.
constexpr std::size_t kVanishFloorWords = 100;
constexpr double kVanishShare = 0.25;

std::size_t article_words(const Article& article) {
  std::size_t words = count_words(article.headline);
  for (const Block& b : article.body) words += count_words(b.text);
  return words;
}

// The reason a fetch gave nothing to store, for the log and the tracking document.
std::string failure_reason(const FetchResult& r) {
  return r.error.empty() ? fmt::format("HTTP {}", r.status) : r.error;
}

std::optional<UnixSeconds> retry_after_of(const FetchResult& r) {
  if (!r.retry_after) return std::nullopt;
  return static_cast<UnixSeconds>(r.retry_after->count());
}

class Pass {
 public:
  Pass(RevisionStore& store, const TrackerOptions& options, UnixSeconds now,
       const std::function<void(const CheckEvent&)>& on_event, const std::atomic<bool>* stop)
      : store_(store),
        options_(options),
        now_(now),
        on_event_(on_event),
        stop_(stop),
        random_(std::random_device{}()),
        started_(std::chrono::steady_clock::now()),
        politeness_(options.politeness) {
    if (politeness_.memory == nullptr) politeness_.memory = &own_memory_;
  }

  Result<PassSummary> run() {
    auto state = read_tracking_state(store_);
    if (!state) return std::move(state).error();
    state_ = std::move(*state);
    add_new_entries();
    check_feeds();
    if (!added_stories_.empty()) {
      // The new stories' names are written before any of them is stored, so no other process
      // can give one of those names to another URL meanwhile.
      if (auto reserved = reserve_new_stories(); !reserved) return std::move(reserved).error();
    }
    if (!stopped()) check_stories();
    summary_.interrupted = stopped();
    if (auto saved = save(); !saved) return std::move(saved).error();
    return summary_;
  }

 private:
  bool stopped() const { return stop_ != nullptr && stop_->load(); }
  double jitter() { return std::uniform_real_distribution<double>(0.0, 1.0)(random_); }

  // Now: the pass's start, plus the time it has taken (whole seconds).
  UnixSeconds clock() const {
    return now_ + std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::steady_clock::now() - started_)
                      .count();
  }
  bool wanted(const std::string& url, const CheckState& c, bool feed) const {
    if (options_.only && !(feed ? options_.only->feeds : options_.only->stories).contains(url)) {
      return false;
    }
    return c.active && (options_.all || is_due(c, clock()));
  }

  // The caller's new entries join this pass's state, unless their URL is tracked already.
  // Their names are settled when they are reserved (reserve_pending_stories).
  void add_new_entries() {
    for (const TrackedFeed& f : options_.new_feeds) {
      if (state_.find_feed(f.url) != nullptr) continue;
      state_.feeds.push_back(f);
      pending_feeds_.insert(f.url);
    }
    for (const TrackedStory& s : options_.new_stories) {
      if (state_.find_story_by_url(s.url) != nullptr) continue;
      state_.stories.push_back(s);
      pending_stories_.insert(s.url);
    }
  }

  void check_feeds() {
    std::vector<FetchRequest> requests;
    std::vector<std::size_t> which;
    for (std::size_t i = 0; i < state_.feeds.size(); ++i) {
      const TrackedFeed& f = state_.feeds[i];
      if (!wanted(f.url, f.check, true)) continue;
      requests.push_back({f.url, FetchKind::feed, f.check.etag, f.check.last_modified});
      which.push_back(i);
    }
    fetch_all(
        requests, options_.fetch, politeness_,
        [&](std::size_t k, FetchResult result) { feed_checked(which[k], result); }, stop_);
  }

  void check_stories() {
    std::vector<FetchRequest> requests;
    std::vector<std::size_t> which;
    for (std::size_t i = 0; i < state_.stories.size(); ++i) {
      const TrackedStory& s = state_.stories[i];
      if (!wanted(s.url, s.check, false)) continue;
      requests.push_back({s.url, FetchKind::page, s.check.etag, s.check.last_modified});
      which.push_back(i);
    }
    fetch_all(
        requests, options_.fetch, politeness_,
        [&](std::size_t k, FetchResult result) { story_checked(which[k], result); }, stop_);
  }

  // Records a check in `check` and tells of it. A request its host did not let us send is
  // no check: the entry only waits as asked.
  void record(CheckState& check, CheckEvent event, const FetchResult& fetched, bool feed) {
    event.time = clock();
    event.status = fetched.status;
    event.elapsed = fetched.elapsed;
    if (fetched.outcome == FetchOutcome::deferred) {
      event.deferred = true;
      event.result = CheckResult::none;
      event.reason = fetched.error;
      const auto wait = retry_after_of(fetched).value_or(0);
      check.next_check = std::max(check.next_check, event.time + wait);
      ++summary_.deferred;
      on_event_(event);
      return;
    }
    const bool gone = fetched.status == 410;
    event.definitive = event.result == CheckResult::failed &&
                       (fetched.status == 404 || gone || fetched.error.starts_with("not an HTML") ||
                        fetched.error.starts_with("not a feed") || event.definitive);
    if (event.definitive) {
      // A new entry refused at its first check is never written.
      if (feed ? pending_feeds_.contains(event.url) : pending_stories_.contains(event.url)) {
        refused_.insert(event.url);
        event.refused = true;
        (feed ? touched_feeds_ : touched_stories_).erase(event.url);
      }
    }
    record_check(check, event.result, event.time, options_.schedule, jitter(), feed,
                 event.result == CheckResult::failed ? retry_after_of(fetched) : std::nullopt,
                 gone && event.result == CheckResult::failed, event.reason);
    ++summary_.checked;
    switch (event.result) {
      case CheckResult::stored:
        ++summary_.stored;
        break;
      case CheckResult::unchanged:
        ++summary_.unchanged;
        break;
      case CheckResult::not_modified:
        ++summary_.not_modified;
        break;
      default:
        ++summary_.failed;
    }
    on_event_(event);
  }

  void feed_checked(std::size_t index, const FetchResult& fetched) {
    if (stopped() && fetched.outcome == FetchOutcome::failed) return;  // abandoned: not a check
    TrackedFeed& feed = state_.feeds[index];
    touched_feeds_.insert(feed.url);
    CheckEvent event{"feed", feed.url, feed.url, CheckResult::failed, 0, {}, 0, {},
                     0,      false,    false,    false};
    if (fetched.outcome == FetchOutcome::not_modified) {
      event.result = CheckResult::not_modified;
      keep_validators(feed.check, fetched);
    } else if (fetched.outcome != FetchOutcome::ok) {
      event.reason = failure_reason(fetched);
    } else if (auto parsed = parse_feed(fetched.body, fetched.final_url); !parsed) {
      event.reason = parsed.error().message;
      event.definitive = true;
    } else {
      int added = 0;
      for (const FeedEntry& entry : parsed->entries) {
        if (track_entry(entry, feed.url)) ++added;
      }
      feed.title = parsed->title;
      feed.entries += added;
      keep_validators(feed.check, fetched);
      summary_.new_stories += added;
      event.result = added > 0 ? CheckResult::stored : CheckResult::unchanged;
      event.revision = added;
      event.reason = fmt::format("{} entr{}, {} new", parsed->entries.size(),
                                 parsed->entries.size() == 1 ? "y" : "ies", added);
    }
    record(feed.check, std::move(event), fetched, true);
  }

  static void keep_validators(CheckState& check, const FetchResult& fetched) {
    if (!fetched.etag.empty() || fetched.outcome == FetchOutcome::ok) check.etag = fetched.etag;
    if (!fetched.last_modified.empty() || fetched.outcome == FetchOutcome::ok) {
      check.last_modified = fetched.last_modified;
    }
  }

  // Writes the new stories whose URLs are in `urls` into the tracking document, before any of
  // them is stored, so that no other process gives one of their names to another URL
  // meanwhile. A URL another process started tracking meanwhile keeps that process's name; a
  // name taken meanwhile by another URL is replaced by a free one. Returns the name each URL
  // got; a URL missing from it found no free name.
  Result<std::map<std::string, std::string>> write_new_stories(const std::set<std::string>& urls,
                                                               const std::string& message) {
    std::map<std::string, std::string> names;  // url -> the name it gets
    auto written = store_.update_tracking(
        [&](const std::string& current) -> Result<std::string> {
          auto latest = tracking_from_json(current);
          if (!latest) return std::move(latest).error();
          names.clear();
          for (const TrackedStory& mine : state_.stories) {
            if (!urls.contains(mine.url)) continue;
            if (const TrackedStory* theirs = latest->find_story_by_url(mine.url)) {
              names[mine.url] = theirs->story;
              continue;
            }
            TrackedStory s = mine;
            if (const TrackedStory* other = latest->find_story(s.story);
                other != nullptr && other->url != s.url) {
              auto free = unused_slug(s.story, &*latest);
              if (!free) continue;  // left out
              s.story = *free;
            }
            names[mine.url] = s.story;
            latest->stories.push_back(std::move(s));
          }
          return tracking_to_json(*latest);
        },
        message);
    if (!written) return std::move(written).error();
    return names;
  }

  // The stories the feeds brought, before the stories are checked: one without a free name is
  // left for a later pass.
  Result<void> reserve_new_stories() {
    auto names = write_new_stories(
        added_stories_, fmt::format("watch: {} new stories from feeds", added_stories_.size()));
    if (!names) return std::move(names).error();
    std::erase_if(state_.stories, [&](const TrackedStory& s) {
      return added_stories_.contains(s.url) && !names->contains(s.url);
    });
    for (TrackedStory& s : state_.stories) {
      if (const auto it = names->find(s.url); it != names->end()) s.story = it->second;
    }
    return {};
  }

  // The caller's new stories, once the first of them has come back good, before it is stored:
  // those not refused so far are reserved together. Until then nothing is written, so a list of
  // URLs that are all refused leaves the document as it was.
  Result<void> reserve_pending_stories() {
    if (pending_reserved_) return {};
    pending_reserved_ = true;
    std::set<std::string> urls;
    for (const std::string& url : pending_stories_) {
      if (!refused_.contains(url)) urls.insert(url);
    }
    auto names = write_new_stories(urls, fmt::format("track: {} new stories", urls.size()));
    if (!names) return std::move(names).error();
    for (TrackedStory& s : state_.stories) {
      if (!urls.contains(s.url)) continue;
      if (const auto it = names->find(s.url); it != names->end()) {
        s.story = it->second;
        reserved_.insert(s.url);
      } else {
        unnamed_.insert(s.url);
      }
    }
    return {};
  }

  // Starts tracking a feed's entry unless its URL is tracked already; true when it is new.
  bool track_entry(const FeedEntry& entry, const std::string& feed_url) {
    auto url = normalize_url(entry.link);
    if (!url || state_.find_story_by_url(*url) != nullptr) return false;
    std::string base = slug_from_url(*url);
    if (base.empty()) base = slug_from_text(entry.title);
    if (base.empty()) return false;
    auto story = unused_slug(base);
    if (!story) return false;
    TrackedStory s{*story, *url, {}, feed_url, 0, {}};
    s.check.added_at = clock();
    s.check.next_check = s.check.added_at;  // due at once: this pass captures it
    state_.stories.push_back(std::move(s));
    added_stories_.insert(*url);
    return true;
  }

  // A name for a new story: `base`, or `base-2`... when a tracked story (of `state`, by default
  // this pass's) or a story of the store has it.
  std::optional<std::string> unused_slug(const std::string& base, TrackingState* state = nullptr) {
    if (!store_stories_) {
      store_stories_.emplace();
      if (auto stories = store_.stories()) {
        for (const StorySummary& s : *stories) store_stories_->insert(s.story);
      }
    }
    return free_story_name(base, state == nullptr ? state_ : *state, *store_stories_);
  }

  void story_checked(std::size_t index, const FetchResult& fetched) {
    if (stopped() && fetched.outcome == FetchOutcome::failed) return;  // abandoned: not a check
    TrackedStory& story = state_.stories[index];
    touched_stories_.insert(story.url);
    std::string unreserved;  // why a new story could not be reserved
    if (fetched.outcome == FetchOutcome::ok && pending_stories_.contains(story.url)) {
      if (auto reserved = reserve_pending_stories(); !reserved) {
        unreserved = reserved.error().message;
      } else if (unnamed_.contains(story.url)) {
        unreserved = "no free name is left for this story; track it alone, with --story";
      }
    }
    CheckEvent event{"story", story.story, story.url, CheckResult::failed, 0, {}, 0, {},
                     0,      false,    false,    false};
    if (!unreserved.empty()) {
      event.reason = std::move(unreserved);
    } else if (fetched.outcome == FetchOutcome::not_modified) {
      event.result = CheckResult::not_modified;
      keep_validators(story.check, fetched);  // a 304 may bring new ones
    } else if (fetched.outcome != FetchOutcome::ok) {
      event.reason = failure_reason(fetched);
    } else {
      store_page(story, fetched, event);
    }
    record(story.check, std::move(event), fetched, false);
  }

  // Extracts and stores a fetched page; fills `event` with what happened.
  void store_page(TrackedStory& story, const FetchResult& fetched, CheckEvent& event) {
    CaptureRequest request;
    request.file = story.url;
    request.story = story.story;
    request.url = story.url;
    request.content_type = fetched.content_type.empty() ? "text/html" : fetched.content_type;
    request.captured_at = clock();
    auto capture = make_capture(request, fetched.body);
    if (!capture) {
      event.reason = fmt::format("no article in the page ({}): a paywall or an error page?",
                                 capture.error().message);
      event.definitive = true;
      return;
    }
    if (auto vanished = vanished_from(story.story, capture->article)) {
      event.reason = *vanished;
      return;
    }
    const std::string canonical = capture->article.canonical_url;
    auto added = store_.add(*capture);
    if (!added) {
      event.reason = added.error().message;
      return;
    }
    keep_validators(story.check, fetched);
    if (!canonical.empty()) story.canonical_url = canonical;
    event.revision = added->number;
    if (added->outcome == AddResult::Outcome::stored) {
      ++story.revisions;
      event.result = CheckResult::stored;
    } else {
      event.result = CheckResult::unchanged;
    }
  }

  // Why a new capture looks like the article vanished (see kVanishShare); nothing when not.
  std::optional<std::string> vanished_from(const std::string& story, const Article& now) {
    auto revisions = store_.revisions(story);
    if (!revisions || revisions->empty()) return std::nullopt;
    auto latest = store_.read_article(revisions->back());
    if (!latest) return std::nullopt;
    const std::size_t before = article_words(*latest), after = article_words(now);
    if (before < kVanishFloorWords ||
        static_cast<double>(after) >= kVanishShare * static_cast<double>(before)) {
      return std::nullopt;
    }
    return fmt::format(
        "the article shrank from {} to {} words: a paywall or an error page? (not stored)", before,
        after);
  }

  // Writes what this pass did into the document as it is now: another process may have added
  // or removed entries meanwhile, and those changes stay.
  // Whether the pass has anything to write: refused new entries do not count.
  bool nothing_to_save() const {
    const auto kept = [&](const std::set<std::string>& pending) {
      return std::ranges::any_of(pending, [&](const std::string& url) {
        return !refused_.contains(url) && !unnamed_.contains(url);
      });
    };
    const bool taken_back = std::ranges::any_of(
        reserved_, [&](const std::string& url) { return refused_.contains(url); });
    return touched_stories_.empty() && touched_feeds_.empty() && added_stories_.empty() &&
           !kept(pending_stories_) && !kept(pending_feeds_) && !taken_back;
  }

  // A new entry of the caller is added unless it was refused (see TrackerOptions::new_stories);
  // one refused after it was reserved is taken back out.
  Result<void> save() {
    if (nothing_to_save()) return {};
    return store_.update_tracking(
        [&](const std::string& current) -> Result<std::string> {
          auto latest = tracking_from_json(current);
          if (!latest) return std::move(latest).error();
          for (const TrackedStory& mine : state_.stories) {
            const bool pending = pending_stories_.contains(mine.url);
            if (pending && (refused_.contains(mine.url) || unnamed_.contains(mine.url))) {
              if (reserved_.contains(mine.url)) {
                std::erase_if(latest->stories, [&](const TrackedStory& s) {
                  return s.url == mine.url && s.story == mine.story && s.check.last_check == 0;
                });
              }
              continue;
            }
            const bool added = added_stories_.contains(mine.url) || pending;
            if (!added && !touched_stories_.contains(mine.url)) continue;
            if (TrackedStory* theirs = latest->find_story_by_url(mine.url)) {
              *theirs = mine;
            } else if (pending && !reserved_.contains(mine.url)) {
              // Never reserved, so nothing was stored under its name: a name another URL took
              // meanwhile is replaced by a free one.
              TrackedStory s = mine;
              if (const TrackedStory* other = latest->find_story(s.story); other != nullptr) {
                auto free = unused_slug(s.story, &*latest);
                if (!free) continue;
                s.story = std::move(*free);
              }
              latest->stories.push_back(std::move(s));
            } else if (added) {
              latest->stories.push_back(mine);
            }  // else: untracked meanwhile, and stays so
          }
          for (const TrackedFeed& mine : state_.feeds) {
            const bool pending = pending_feeds_.contains(mine.url);
            if (pending && refused_.contains(mine.url)) continue;
            if (!pending && !touched_feeds_.contains(mine.url)) continue;
            if (TrackedFeed* theirs = latest->find_feed(mine.url)) {
              *theirs = mine;
            } else if (pending) {
              latest->feeds.push_back(mine);
            }
          }
          return tracking_to_json(*latest);
        },
        fmt::format("watch: {} checked, {} stored", summary_.checked, summary_.stored));
  }

  RevisionStore& store_;
  const TrackerOptions& options_;
  UnixSeconds now_;
  const std::function<void(const CheckEvent&)>& on_event_;
  const std::atomic<bool>* stop_;
  std::mt19937_64 random_;
  std::chrono::steady_clock::time_point started_;
  HostMemory own_memory_;       // when the caller keeps none across passes
  FetchPoliteness politeness_;  // the caller's, with a HostMemory
  TrackingState state_;
  PassSummary summary_;
  std::set<std::string> touched_stories_, touched_feeds_, added_stories_;
  std::set<std::string> pending_stories_, pending_feeds_;  // the caller's new entries
  std::set<std::string> refused_;   // new entries whose first check failed for good
  bool pending_reserved_ = false;   // the new stories' names are written
  std::set<std::string> reserved_;  // new stories written with their names
  std::set<std::string> unnamed_;   // new stories that found no free name
  std::optional<std::set<std::string>> store_stories_;
};

}  // namespace

Result<TrackingState> read_tracking_state(const RevisionStore& store) {
  auto text = store.read_tracking();
  if (!text) return std::move(text).error();
  return tracking_from_json(*text);
}

UnixSeconds next_due(const TrackingState& state) {
  UnixSeconds next = 0;
  const auto consider = [&](const CheckState& c) {
    if (c.active && (next == 0 || c.next_check < next)) next = c.next_check;
  };
  for (const TrackedStory& s : state.stories) consider(s.check);
  for (const TrackedFeed& f : state.feeds) consider(f.check);
  return next;
}

Result<PassSummary> run_pass(RevisionStore& store, const TrackerOptions& options, UnixSeconds now,
                             const std::function<void(const CheckEvent&)>& on_event,
                             const std::atomic<bool>* stop) {
  return Pass(store, options, now, on_event, stop).run();
}

}  // namespace st::cli
