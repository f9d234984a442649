// The tracking document and the schedule: JSON round trip, the pace of checks, backoff,
// Retry-After, 410s and the quiet period.

#include "track/tracking.hpp"

#include <gtest/gtest.h>

namespace st {
namespace {

constexpr UnixSeconds kStart = 1623146400;  // 2021-06-08T10:00:00Z
constexpr UnixSeconds kMinute = 60, kHour = 3600, kDay = 24 * 3600;

TEST(Tracking, JsonRoundTrip) {
  TrackingState state;
  TrackedStory story{"harris-mexico",
                     "https://example.org/news/harris",
                     "https://example.org/c",
                     "https://example.org/rss.xml",
                     3,
                     {}};
  story.check.added_at = kStart;
  story.check.last_check = kStart + kHour;
  story.check.last_change = kStart + 30 * kMinute;
  story.check.next_check = kStart + 2 * kHour;
  story.check.last_result = CheckResult::not_modified;
  story.check.last_error = "HTTP 503 Service Unavailable";
  story.check.failures = 2;
  story.check.etag = "\"abc\"";
  story.check.last_modified = "Tue, 08 Jun 2021 10:00:00 GMT";
  state.stories.push_back(story);
  TrackedFeed feed{"https://example.org/rss.xml", "Example", 4, {}};
  feed.check.added_at = kStart;
  feed.check.active = false;
  feed.check.stopped = "gone: HTTP 410 3 times in a row";
  state.feeds.push_back(feed);

  const std::string text = tracking_to_json(state);
  auto back = tracking_from_json(text);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(tracking_to_json(*back), text);
  ASSERT_EQ(back->stories.size(), 1u);
  EXPECT_EQ(back->stories[0].check.last_result, CheckResult::not_modified);
  EXPECT_EQ(back->stories[0].check.next_check, kStart + 2 * kHour);
  EXPECT_FALSE(back->feeds[0].check.active);
  EXPECT_NE(text.find("\"last_check\": \"2021-06-08T11:00:00Z\""), std::string::npos) << text;
  EXPECT_NE(back->find_story("harris-mexico"), nullptr);
  EXPECT_NE(back->find_story_by_url("https://example.org/news/harris"), nullptr);
  EXPECT_EQ(back->find_feed("https://example.org/other.xml"), nullptr);
}

TEST(Tracking, EmptyAndBadDocuments) {
  auto empty = tracking_from_json("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->stories.empty());
  EXPECT_FALSE(tracking_from_json("[1, 2]").ok());
  EXPECT_FALSE(tracking_from_json("{\"version\": 2}").ok());
  EXPECT_FALSE(tracking_from_json("{\"version\": 1, \"stories\": {}}").ok());
  EXPECT_FALSE(
      tracking_from_json("{\"version\": 1, \"stories\": [{\"last_check\": \"yesterday\"}]}").ok());
}

// A new story's name: its own when free, else the first free `-N`, kept within the slug limit.
TEST(Tracking, FreeStoryNames) {
  TrackingState state;
  state.stories.push_back(TrackedStory{"budget", "https://a.example/budget", {}, {}, 0, {}});
  state.stories.push_back(TrackedStory{"budget-2", "https://b.example/budget", {}, {}, 0, {}});
  EXPECT_EQ(free_story_name("vote", state, {}), "vote");
  EXPECT_EQ(free_story_name("budget", state, {}), "budget-3");
  EXPECT_EQ(free_story_name("vote", state, {"vote", "vote-2"}), "vote-3");
  const std::string long_name(80, 'a');
  const auto shortened = free_story_name(long_name, state, {long_name});
  ASSERT_TRUE(shortened.has_value());
  EXPECT_EQ(*shortened, std::string(76, 'a') + "-2");
  std::set<std::string> all;
  for (int n = 2; n < 1000; ++n) all.insert("x-" + std::to_string(n));
  all.insert("x");
  EXPECT_EQ(free_story_name("x", state, all), std::nullopt);
}

TEST(Schedule, ThePaceSlowsAsTheStorySettles) {
  EXPECT_EQ(story_interval(0), 15 * kMinute);
  EXPECT_EQ(story_interval(3 * kHour - 1), 15 * kMinute);
  EXPECT_EQ(story_interval(3 * kHour), kHour);
  EXPECT_EQ(story_interval(2 * kDay), 3 * kHour);
  EXPECT_EQ(story_interval(8 * kDay), 12 * kHour);
}

TEST(Schedule, ChecksJitterAndAChangeMakesThemOftenAgain) {
  ScheduleOptions options;
  CheckState c;
  c.added_at = kStart;
  // Two days on, unchanged: every 3 hours, give or take 10%.
  record_check(c, CheckResult::unchanged, kStart + 2 * kDay, options, 0.0, false);
  EXPECT_EQ(c.next_check, kStart + 2 * kDay + 3 * kHour - 3 * kHour / 10);
  record_check(c, CheckResult::unchanged, kStart + 2 * kDay, options, 0.999999, false);
  EXPECT_NEAR(static_cast<double>(c.next_check - (kStart + 2 * kDay)), 3.3 * kHour, 1.0);
  // A new revision: back to every 15 minutes.
  record_check(c, CheckResult::stored, kStart + 2 * kDay, options, 0.5, false);
  EXPECT_EQ(c.last_change, kStart + 2 * kDay);
  EXPECT_EQ(c.next_check, kStart + 2 * kDay + 15 * kMinute);
  EXPECT_TRUE(is_due(c, c.next_check));
  EXPECT_FALSE(is_due(c, c.next_check - 1));
  // Feeds keep their own pace.
  CheckState f;
  f.added_at = kStart;
  record_check(f, CheckResult::unchanged, kStart + 5 * kDay, options, 0.5, true);
  EXPECT_EQ(f.next_check, kStart + 5 * kDay + options.feed_interval);
}

TEST(Schedule, FailuresBackOffAndRetryAfterIsHonoured) {
  ScheduleOptions options;
  CheckState c;
  c.added_at = kStart;
  record_check(c, CheckResult::failed, kStart, options, 0.5, false, std::nullopt, false,
               "connection refused");
  EXPECT_EQ(c.failures, 1);
  EXPECT_EQ(c.next_check, kStart + 30 * kMinute);  // 15 minutes, doubled
  record_check(c, CheckResult::failed, kStart, options, 0.5, false);
  EXPECT_EQ(c.next_check, kStart + kHour);
  for (int i = 0; i < 30; ++i) record_check(c, CheckResult::failed, kStart, options, 0.5, false);
  EXPECT_EQ(c.next_check, kStart + options.max_backoff);
  EXPECT_EQ(c.last_error, "");  // the last failure's line is kept, and that one had none
  // The server's Retry-After wins when it asks for longer.
  record_check(c, CheckResult::not_modified, kStart, options, 0.5, false);
  EXPECT_EQ(c.failures, 0);
  record_check(c, CheckResult::failed, kStart, options, 0.5, false, 5 * kHour, false, "HTTP 429");
  EXPECT_EQ(c.next_check, kStart + 5 * kHour);
  EXPECT_EQ(c.last_error, "HTTP 429");
  EXPECT_TRUE(c.active);
}

TEST(Schedule, RepeatedGoneAndTheQuietPeriodStopChecking) {
  ScheduleOptions options;
  CheckState c;
  c.added_at = kStart;
  record_check(c, CheckResult::failed, kStart, options, 0.5, false, std::nullopt, true, "HTTP 410");
  record_check(c, CheckResult::failed, kStart, options, 0.5, false, std::nullopt, true, "HTTP 410");
  EXPECT_TRUE(c.active);
  record_check(c, CheckResult::failed, kStart, options, 0.5, false, std::nullopt, true, "HTTP 410");
  EXPECT_FALSE(c.active);
  EXPECT_EQ(c.stopped, "gone: HTTP 410 3 times in a row");
  EXPECT_FALSE(is_due(c, kStart + 100 * kDay));

  CheckState q;
  q.added_at = kStart;
  record_check(q, CheckResult::stored, kStart + kDay, options, 0.5, false);
  record_check(q, CheckResult::unchanged, kStart + 7 * kDay, options, 0.5, false);
  EXPECT_TRUE(q.active);
  record_check(q, CheckResult::unchanged, kStart + 8 * kDay, options, 0.5, false);
  EXPECT_FALSE(q.active);
  EXPECT_EQ(q.stopped, "quiet for 7 days");
}

}  // namespace
}  // namespace st
