// Tracking live stories end to end: the built storytrail binary against HTTP servers on
// 127.0.0.1 started by the test (and no other address): the sample story served capture by
// capture, validators and 304s, every fault, a feed that gains entries, and signals.

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "fetch/local_server.hpp"
#include "support/cli_fixture.hpp"
#include "util/time.hpp"

namespace st {
namespace {

namespace fs = std::filesystem;
using test::RunResult;

// The events of `watch --json`, by story (or feed) name; the pass line under "pass".
std::map<std::string, nlohmann::json> events_by_name(const std::string& out) {
  std::map<std::string, nlohmann::json> events;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    const auto j = nlohmann::json::parse(line);
    const std::string name = j.value("story", j.value("feed", j.value("event", std::string())));
    events[name] = j;
  }
  return events;
}

// The files added, removed or changed between two snapshots of a folder.
std::vector<std::string> changed_files(const std::map<std::string, std::string>& before,
                                       const std::map<std::string, std::string>& after) {
  std::vector<std::string> changed;
  for (const auto& [name, bytes] : after) {
    const auto it = before.find(name);
    if (it == before.end() || it->second != bytes) changed.push_back(name);
  }
  for (const auto& [name, bytes] : before) {
    if (!after.contains(name)) changed.push_back(name + " (removed)");
  }
  return changed;
}

class TrackCli : public test::Cli {
 protected:
  void SetUp() override { test::ignore_proxy_settings(); }

  // The refs of the stories and what they point to: equal means no revision was stored.
  std::string story_refs() {
    return test::git(store(), {"for-each-ref", "--format=%(refname) %(objectname)", "refs/stories"})
        .out;
  }

  static std::string sample(const std::string& file) {
    return test::read_file(test::kSample / file);
  }

  test::LocalServer server_;
};

// The sample story's captures served one after the other: `track` and then `watch --once`
// run again and again record exactly the sample's revisions; the chrome-only capture is not one.
TEST_F(TrackCli, WatchOnceRecordsTheSampleStoryCaptureByCapture) {
  const std::vector<std::string> files{
      "01-first.html",         "02-expanded.html",    "03-headline.html", "04-correction.html",
      "05-clarification.html", "06-chrome-only.html", "07-moved.html"};
  std::atomic<std::size_t> served{0};
  server_.http().Get("/news/harris-mexico", [&](const httplib::Request&, httplib::Response& res) {
    const std::size_t i = std::min(served.fetch_add(1), files.size() - 1);
    res.set_content(sample(files[i]), "text/html; charset=utf-8");
  });
  const std::string url = server_.url("/news/harris-mexico");
  RunResult r = st({"track", url + "?utm_source=rss#top", "--at", "2021-06-08T13:32Z"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("tracking " + url + " as harris-mexico"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stored        harris-mexico@1"), std::string::npos) << r.out;
  for (const char* at : {"14:18", "15:02", "15:40", "16:25", "17:00", "17:45"}) {
    r = st({"watch", "--once", "--all", "--host-gap", "0", "--at",
            std::string("2021-06-08T") + at + "Z"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  EXPECT_NE(r.out.find("1 checked: 1 stored"), std::string::npos) << r.out;
  EXPECT_EQ(served.load(), files.size());
  const std::string log =
      test::git(store(), {"log", "--format=%(trailers:key=Captured-At,valueonly)",
                          "refs/stories/harris-mexico"})
          .out;
  // Six revisions: the chrome-only capture at 17:00 equals the one before and is not stored.
  EXPECT_EQ(log,
            "2021-06-08T17:45:00Z\n\n2021-06-08T16:25:00Z\n\n2021-06-08T15:40:00Z\n\n"
            "2021-06-08T15:02:00Z\n\n2021-06-08T14:18:00Z\n\n2021-06-08T13:32:00Z\n\n");
  EXPECT_EQ(test::git(store(), {"fsck", "--strict", "--no-progress"}).exit_code, 0);
  // The tracking document, in the store, read by git.
  const auto doc = nlohmann::json::parse(
      test::git(store(), {"show", "refs/storytrail/tracking:tracking.json"}).out);
  ASSERT_EQ(doc["stories"].size(), 1u);
  EXPECT_EQ(doc["stories"][0]["url"], url);
  EXPECT_EQ(doc["stories"][0]["revisions"], 6);
  EXPECT_EQ(doc["stories"][0]["last_result"], "stored");
  EXPECT_EQ(doc["stories"][0]["last_change"], "2021-06-08T17:45:00Z");
  const std::string status = st({"status"}).out;
  EXPECT_NE(status.find("harris-mexico  " + url), std::string::npos) << status;
  // Tracking it again is not a second story.
  r = st({"track", url, "--no-check"});
  EXPECT_NE(r.out.find("is tracked already, as harris-mexico"), std::string::npos) << r.out;
}

// The validators of the last answer are sent back; a 304 stores nothing and keeps them.
TEST_F(TrackCli, ValidatorsAndNotModified) {
  std::atomic<int> conditional{0};
  server_.http().Get("/news/harris", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("If-None-Match") == "\"v1\"") {
      ++conditional;
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"v1\"");
    res.set_header("Last-Modified", "Tue, 08 Jun 2021 13:30:00 GMT");
    res.set_content(sample("01-first.html"), "text/html; charset=utf-8");
  });
  ASSERT_EQ(st({"track", server_.url("/news/harris"), "--at", "2021-06-08T13:32Z"}).exit_code, 0);
  const std::string refs = story_refs();
  const RunResult r = st({"watch", "--once", "--all", "--json", "--at", "2021-06-08T14:00Z"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto events = events_by_name(r.out);
  EXPECT_EQ(events["harris"]["event"], "not-modified") << r.out;
  EXPECT_EQ(events["harris"]["status"], 304);
  EXPECT_EQ(events["pass"]["not_modified"], 1);
  EXPECT_EQ(conditional.load(), 1);
  EXPECT_EQ(story_refs(), refs);
  const auto doc = nlohmann::json::parse(st({"status", "--json"}).out);
  EXPECT_EQ(doc["stories"][0]["etag"], "\"v1\"");
  EXPECT_EQ(doc["stories"][0]["last_modified"], "Tue, 08 Jun 2021 13:30:00 GMT");
  EXPECT_EQ(doc["stories"][0]["last_result"], "not-modified");
}

// Every fault gives one failed check with its reason, stores nothing, and the pass goes on to
// the other stories.
TEST_F(TrackCli, EachFaultIsOneFailedCheckAndTheOthersGoOn) {
  auto& http = server_.http();
  const std::string article = sample("01-first.html");
  http.Get("/good", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(article, "text/html");
  });
  http.Get("/missing", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  http.Get("/gone", [](const httplib::Request&, httplib::Response& res) { res.status = 410; });
  // A host that asks to wait: on a server of its own, since its other pages would wait too.
  test::LocalServer busy_host;
  busy_host.http().Get("/busy", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "7200");
  });
  http.Get("/broken", [](const httplib::Request&, httplib::Response& res) { res.status = 500; });
  http.Get("/down", [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
  http.Get("/loop",
           [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop"); });
  http.Get("/ftp", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("ftp://127.0.0.1/file");
  });
  http.Get("/big", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(article + std::string(200'000, ' '), "text/html");
  });
  http.Get("/pdf", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("%PDF-1.4", "application/pdf");
  });
  http.Get("/paywall", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<html><body><nav>Subscribe</nav></body></html>", "text/html");
  });
  http.Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
    server_.wait(std::chrono::milliseconds(5000));
    res.set_content(article, "text/html");
  });
  const test::RawServer truncated(
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html><p>cut");
  const std::string refused = test::loopback_url(test::unused_port(), "/refused");
  const std::string unresolvable = "http://" + std::string(64, 'x') + ".invalid/story";

  const std::vector<std::pair<std::string, std::string>> cases{
      {"good", server_.url("/good")},
      {"missing", server_.url("/missing")},
      {"gone", server_.url("/gone")},
      {"busy", busy_host.url("/busy")},
      {"broken", server_.url("/broken")},
      {"down", server_.url("/down")},
      {"loop", server_.url("/loop")},
      {"ftp", server_.url("/ftp")},
      {"big", server_.url("/big")},
      {"pdf", server_.url("/pdf")},
      {"paywall", server_.url("/paywall")},
      {"slow", server_.url("/slow")},
      {"truncated", truncated.url("/truncated")},
      {"refused", refused},
      {"unresolvable", unresolvable},
  };
  for (const auto& [name, url] : cases) {
    const RunResult r = st({"track", url, "--story", name, "--no-check"});
    ASSERT_EQ(r.exit_code, 0) << name << ": " << r.err;
  }
  const std::vector<std::string> fetch_flags{"--host-gap", "0",          "--timeout",
                                             "1",          "--max-size", "0.1"};
  std::vector<std::string> args{"watch", "--once", "--all", "--json"};
  args.insert(args.end(), fetch_flags.begin(), fetch_flags.end());
  RunResult r = st(args);
  server_.release_waiting_handlers();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto events = events_by_name(r.out);
  EXPECT_EQ(events["good"]["event"], "stored") << r.out;
  const std::map<std::string, std::string> reasons{
      {"missing", "HTTP 404"},    {"gone", "HTTP 410"},
      {"busy", "HTTP 429"},       {"broken", "HTTP 500"},
      {"down", "HTTP 503"},       {"loop", "redirects"},
      {"ftp", "ftp://"},          {"big", "over"},
      {"pdf", "application/pdf"}, {"paywall", "no article"},
      {"slow", "timed out"},      {"truncated", "cut short"},
      {"refused", "refused"},     {"unresolvable", "resolve"}};
  for (const auto& [name, reason] : reasons) {
    EXPECT_EQ(events[name]["event"], "failed") << name << ": " << r.out;
    EXPECT_NE(events[name].value("reason", "").find(reason), std::string::npos)
        << name << ": " << events[name].dump();
  }
  EXPECT_EQ(events["pass"]["failed"], static_cast<int>(reasons.size()));
  // Only the good story has a revision.
  EXPECT_EQ(test::count_occurrences(story_refs(), "refs/stories/"), 1u) << story_refs();

  // 429's Retry-After is honoured; a story answering 410 three times in a row is stopped.
  const auto entry = [&](const std::string& name) {
    const auto doc = nlohmann::json::parse(st({"status", "--json"}).out);
    for (const auto& story : doc["stories"]) {
      if (story["story"] == name) return story;
    }
    ADD_FAILURE() << name << " is not tracked: " << doc.dump();
    return nlohmann::json::object();
  };
  const nlohmann::json busy = entry("busy");
  const auto next = parse_time(busy.value("next_check", ""));
  const auto last = parse_time(busy.value("last_check", ""));
  ASSERT_TRUE(next.ok() && last.ok()) << busy.dump();
  EXPECT_EQ(*next - *last, 7200);
  for (int pass = 0; pass < 2; ++pass) {
    args = {"watch", "--once", "--all", "--json", "--host-gap", "0", "--timeout", "1"};
    r = st(args);
    server_.release_waiting_handlers();
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const nlohmann::json gone = entry("gone");
  EXPECT_EQ(gone.value("active", true), false);
  EXPECT_EQ(gone.value("stopped", ""), "gone: HTTP 410 3 times in a row");
  EXPECT_NE(st({"status"}).out.find("stopped: gone"), std::string::npos);
  EXPECT_EQ(test::git(store(), {"fsck", "--strict", "--no-progress"}).exit_code, 0);
}

// A feed's entries become tracked stories, once each; a new entry later is found by `watch`.
TEST_F(TrackCli, AFeedThatGainsEntries) {
  std::atomic<int> entries{1};
  const std::string base = server_.url("");
  server_.http().Get("/rss.xml", [&](const httplib::Request&, httplib::Response& res) {
    std::string items =
        "<item><title>Harris in Mexico</title><link>/news/harris-mexico</link>"
        "</item>";
    if (entries.load() > 1) {
      items += "<item><title>Budget</title><link>" + base +
               "/news/budget-vote?utm_source=rss</link></item>";
    }
    res.set_content("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News</title>" +
                        items + "</channel></rss>",
                    "application/rss+xml");
  });
  server_.http().Get(R"(/news/([a-z-]+))", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(sample("01-first.html"), "text/html");
  });
  RunResult r = st({"feed", "add", server_.url("/rss.xml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 entry, 1 new"), std::string::npos) << r.out;
  r = st({"watch", "--once", "--json", "--host-gap", "0"});
  auto events = events_by_name(r.out);
  EXPECT_EQ(events["harris-mexico"]["event"], "stored") << r.out;
  entries = 2;
  r = st({"watch", "--once", "--all", "--json", "--host-gap", "0"});
  events = events_by_name(r.out);
  EXPECT_EQ(events[server_.url("/rss.xml")]["new_stories"], 1) << r.out;
  EXPECT_EQ(events["budget-vote"]["event"], "stored") << r.out;
  EXPECT_EQ(events["harris-mexico"]["event"], "unchanged") << r.out;
  const auto doc = nlohmann::json::parse(st({"status", "--json"}).out);
  ASSERT_EQ(doc["stories"].size(), 2u);
  EXPECT_EQ(doc["stories"][1]["url"], base + "/news/budget-vote");  // tracking parameter gone
  EXPECT_EQ(doc["stories"][1]["feed"], server_.url("/rss.xml"));
  EXPECT_EQ(doc["feeds"][0]["entries"], 2);
}

// The gap between two requests to one host holds from a feed to the articles it brought.
TEST_F(TrackCli, TheHostGapHoldsFromAFeedToItsArticles) {
  std::mutex mutex;
  std::vector<std::chrono::steady_clock::time_point> starts;
  const auto note = [&] {
    const std::lock_guard lock(mutex);
    starts.push_back(std::chrono::steady_clock::now());
  };
  server_.http().Get("/rss.xml", [&](const httplib::Request&, httplib::Response& res) {
    note();
    res.set_content("<rss version=\"2.0\"><channel><item><link>/news/one</link></item>"
                    "</channel></rss>",
                    "application/rss+xml");
  });
  server_.http().Get("/news/one", [&](const httplib::Request&, httplib::Response& res) {
    note();
    res.set_content(sample("01-first.html"), "text/html");
  });
  ASSERT_EQ(st({"feed", "add", server_.url("/rss.xml")}).exit_code, 0);
  starts.clear();
  const RunResult r = st({"watch", "--once", "--all", "--json", "--host-gap", "0.5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(events_by_name(r.out).at("one")["event"], "stored") << r.out;
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_GE(starts[1] - starts[0], std::chrono::milliseconds(500));
}

// SIGINT ends `watch` with 130, SIGTERM with 0; both save what was done and store nothing
// partial.
TEST_F(TrackCli, SignalsEndWatch) {
  server_.http().Get("/news/a", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(sample("01-first.html"), "text/html");
  });
  ASSERT_EQ(st({"track", server_.url("/news/a")}).exit_code, 0);
  // Nothing is due for 15 minutes: watch sleeps until the signal comes.
  for (const auto& [signal, code] : {std::pair{"INT", 130}, std::pair{"TERM", 0}}) {
    const RunResult r = test::run({"timeout", "--preserve-status", "-s", signal, "1",
                                   STORYTRAIL_BINARY, "--store", store().string(), "watch"});
    EXPECT_EQ(r.exit_code, code) << signal << ": " << r.err;
    EXPECT_NE(r.out.find("0 checked"), std::string::npos) << r.out;
  }
  EXPECT_EQ(test::git(store(), {"fsck", "--strict", "--no-progress"}).exit_code, 0);
}

// Ctrl-C while a page is being fetched: the pass stops, exits 130, stores nothing of the page
// in flight, and keeps what it had done (the other story's revision and its check).
TEST_F(TrackCli, CtrlCDuringAFetchKeepsWhatWasDone) {
  server_.http().Get("/news/fast", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(sample("01-first.html"), "text/html");
  });
  test::LocalServer slow_host;
  slow_host.http().Get("/news/slow", [&](const httplib::Request&, httplib::Response& res) {
    slow_host.wait(std::chrono::milliseconds(10'000));
    res.set_content(sample("01-first.html"), "text/html");
  });
  ASSERT_EQ(st({"track", server_.url("/news/fast"), "--no-check"}).exit_code, 0);
  ASSERT_EQ(st({"track", slow_host.url("/news/slow"), "--no-check"}).exit_code, 0);
  const RunResult r =
      test::run({"timeout", "--preserve-status", "-s", "INT", "2", STORYTRAIL_BINARY, "--store",
                 store().string(), "watch", "--once", "--host-gap", "0", "--json"});
  slow_host.release_waiting_handlers();
  EXPECT_EQ(r.exit_code, 130) << r.err;
  const auto events = events_by_name(r.out);
  EXPECT_EQ(events.at("fast")["event"], "stored") << r.out;
  EXPECT_FALSE(events.contains("slow")) << r.out;  // abandoned: not a check
  EXPECT_EQ(events.at("pass")["interrupted"], true);
  EXPECT_NE(story_refs().find("refs/stories/fast"), std::string::npos);
  EXPECT_EQ(story_refs().find("refs/stories/slow"), std::string::npos);
  const auto doc = nlohmann::json::parse(st({"status", "--json"}).out);
  for (const auto& story : doc["stories"]) {
    EXPECT_EQ(story["last_result"], story["story"] == "fast" ? "stored" : "none") << doc.dump();
  }
  EXPECT_EQ(test::git(store(), {"fsck", "--strict", "--no-progress"}).exit_code, 0);
}

// A page that keeps a small part of its article is a paywall or an error page more often than
// an edit: a failed check, and no revision.
TEST_F(TrackCli, APageThatLostItsArticleIsAFailedCheck) {
  std::atomic<int> served{0};
  server_.http().Get("/news/harris", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(served++ == 0 ? sample("02-expanded.html")
                                  : "<html><head><title>Harris</title></head><body><article>"
                                    "<h1>Harris</h1><p>Subscribe to read the whole of this "
                                    "article about the meeting in Mexico City.</p></article>"
                                    "</body></html>",
                    "text/html");
  });
  ASSERT_EQ(st({"track", server_.url("/news/harris"), "--at", "2021-06-08T14:18Z"}).exit_code, 0);
  const std::string refs = story_refs();
  const RunResult r = st({"watch", "--once", "--all", "--at", "2021-06-08T15:00Z"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("failed        harris: the article shrank from"), std::string::npos)
      << r.out;
  EXPECT_EQ(story_refs(), refs);
}

// Tracking a stopped story again starts its pace afresh: its first check does not stop it.
TEST_F(TrackCli, TrackingAStoppedStoryAgainKeepsIt) {
  server_.http().Get("/news/quiet", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(sample("01-first.html"), "text/html");
  });
  ASSERT_EQ(st({"track", server_.url("/news/quiet"), "--at", "2021-06-01T10:00Z"}).exit_code, 0);
  ASSERT_EQ(st({"watch", "--once", "--all", "--quiet-period", "2", "--at", "2021-06-04T10:00Z"})
                .exit_code,
            0);
  EXPECT_NE(st({"status"}).out.find("stopped: quiet for 2 days"), std::string::npos);
  const RunResult r = st({"track", server_.url("/news/quiet"), "--at", "2021-06-10T10:00Z"});
  EXPECT_NE(r.out.find("tracking " + server_.url("/news/quiet") + " again"), std::string::npos)
      << r.out;
  const auto doc = nlohmann::json::parse(st({"status", "--json"}).out);
  EXPECT_EQ(doc["stories"][0]["active"], true) << doc.dump();
  EXPECT_EQ(doc["stories"][0]["last_result"], "unchanged");
}

// Names: `track` does not join a page to a story of the store recorded from another page, and a
// feed's entry takes a free name beside it.
TEST_F(TrackCli, NamesAreNotSharedWithOtherPages) {
  ASSERT_EQ(add_sample("01-first.html", "2021-06-08T13:32Z").exit_code, 0);  // harris-mexico
  server_.http().Get(R"(/news/([a-z-]+))", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(sample("02-expanded.html"), "text/html");
  });
  server_.http().Get("/rss.xml", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<rss version=\"2.0\"><channel><item><link>/news/harris-mexico</link></item>"
        "</channel></rss>",
        "application/rss+xml");
  });
  expect_error(st({"track", server_.url("/news/harris-mexico")}), 1, "recorded from");
  RunResult r = st({"feed", "add", server_.url("/rss.xml")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = st({"watch", "--once", "--json", "--host-gap", "0"});
  const auto events = events_by_name(r.out);
  EXPECT_EQ(events.at("harris-mexico-2")["event"], "stored") << r.out;
  EXPECT_EQ(test::git(store(), {"rev-list", "--count", "refs/stories/harris-mexico"}).out, "1\n");

  // Several URLs with one name: the page the store recorded under it joins its story, in
  // whatever order the URLs come.
  ASSERT_EQ(st({"add", (test::kSample / "01-first.html").string(), "--story", "visit", "--url",
                server_.url("/x/visit"), "--at", "2021-06-08T13:00Z"})
                .exit_code,
            0);
  r = st({"track", server_.url("/y/visit"), server_.url("/x/visit"), "--no-check"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("tracking " + server_.url("/y/visit") + " as visit-2\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("tracking " + server_.url("/x/visit") + " as visit\n"), std::string::npos)
      << r.out;
}

// A first check that fails for good takes the new entry back out; one that fails for now keeps
// it for `watch`.
TEST_F(TrackCli, AFirstCheckThatFailsForGoodTracksNothing) {
  server_.http().Get("/news/missing",
                     [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  server_.http().Get("/news/down",
                     [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
  server_.http().Get("/page.html", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(sample("01-first.html"), "text/html");
  });
  expect_error(st({"track", server_.url("/news/missing")}), 1, "HTTP 404");
  expect_error(st({"feed", "add", server_.url("/page.html")}), 1, "not a feed");
  EXPECT_FALSE(fs::exists(store()));  // no store is left behind where there was none
  RunResult r = st({"track", server_.url("/news/down")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("will try again"), std::string::npos) << r.out;
  const auto doc = nlohmann::json::parse(st({"status", "--json"}).out);
  ASSERT_EQ(doc["stories"].size(), 1u) << doc.dump();
  EXPECT_EQ(doc["stories"][0]["story"], "down");
  EXPECT_TRUE(doc["feeds"].empty());

  // A refused URL leaves the store byte for byte as it was: a store with no tracking document
  // yet, and one with a page tracked as a story, which stays tracked when it is refused as a
  // feed.
  const fs::path other = dir_ / "other-store";
  ASSERT_EQ(test::run({STORYTRAIL_BINARY, "--store", other.string(), "add",
                       (test::kSample / "01-first.html").string()})
                .exit_code,
            0);
  ASSERT_EQ(test::run({STORYTRAIL_BINARY, "--store", other.string(), "stories"}).exit_code, 0);
  const auto untracked = test::snapshot(other);
  r = test::run({STORYTRAIL_BINARY, "--store", other.string(), "track", "--json",
                 server_.url("/news/missing")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["refused"], true) << r.out;
  EXPECT_EQ(changed_files(untracked, test::snapshot(other)), std::vector<std::string>{});
  r = st({"track", server_.url("/page.html")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(st({"stories"}).exit_code, 0);  // brings the store's cache of stories up to date
  const auto before = test::snapshot(store());
  expect_error(st({"track", server_.url("/news/missing")}), 1, "HTTP 404");
  expect_error(st({"track", server_.url("/news/missing"), server_.url("/news/gone")}), 1,
               "2 of 2 URLs");
  expect_error(st({"feed", "add", server_.url("/page.html")}), 1, "not a feed");
  expect_error(st({"track", server_.url("/page.html"), "--story", "other", "--no-check"}), 1,
               "tracked already, as page");
  EXPECT_EQ(changed_files(before, test::snapshot(store())), std::vector<std::string>{});
}

// A proxy named in the environment is not used for this machine itself.
TEST_F(TrackCli, LoopbackNeverGoesThroughAProxy) {
  server_.http().Get("/news/local", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(sample("01-first.html"), "text/html");
  });
  const std::string proxy = test::loopback_url(test::unused_port(), "");
  const RunResult r = st({"track", server_.url("/news/local")}, {},
                         {"http_proxy=" + proxy, "HTTPS_PROXY=" + proxy, "no_proxy=example.org"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("stored        local@1"), std::string::npos) << r.out;
}

// Several URLs at once, from the command line and from a file: each once, each named, the
// pages of one host checked in one pass; a URL whose first check fails for good is left out and
// the command says so.
TEST_F(TrackCli, SeveralUrlsAtOnce) {
  server_.http().Get(R"(/(news|x|y)/([a-z-]+))",
                     [&](const httplib::Request& req, httplib::Response& res) {
                       if (req.matches[2] == "missing" || req.matches[2] == "gone") {
                         res.status = req.matches[2] == "gone" ? 410 : 404;
                         return;
                       }
                       res.set_content(sample("01-first.html"), "text/html");
                     });
  RunResult r = st({"track", server_.url("/news/first"), server_.url("/news/second"),
                    server_.url("/news/first#comments"), "--host-gap", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("stored        first@1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stored        second@1"), std::string::npos) << r.out;
  EXPECT_EQ(test::git(store(), {"for-each-ref", "--format=%(refname)", "refs/stories"}).out,
            "refs/stories/first\nrefs/stories/second\n");

  // A file: comments, blank lines, a URL tracked already, two URLs that would share a name, and
  // one that is not there.
  const auto list = write("list.txt", "# to read\n\n  " + server_.url("/x/harris-visit") +
                                          "  \n" + server_.url("/news/first") + "\n" +
                                          server_.url("/y/harris-visit") + "\r\n" +
                                          server_.url("/news/missing") + "\n");
  r = st({"track", "--from", list.string(), "--host-gap", "0"});
  expect_error(r, 1, server_.url("/news/missing") + ": HTTP 404 Not Found; it is not tracked");
  EXPECT_NE(r.out.find("tracking " + server_.url("/x/harris-visit") + " as harris-visit\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("tracking " + server_.url("/y/harris-visit") + " as harris-visit-2\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(server_.url("/news/first") + " is tracked already, as first"),
            std::string::npos)
      << r.out;
  auto doc = nlohmann::json::parse(st({"status", "--json"}).out);
  std::vector<std::string> names;
  for (const auto& story : doc["stories"]) names.push_back(story["story"]);
  EXPECT_EQ(names, (std::vector<std::string>{"first", "second", "harris-visit", "harris-visit-2"}));
  EXPECT_EQ(test::git(store(), {"rev-list", "--count", "refs/stories/harris-visit-2"}).out, "1\n");

  // Standard input, two refused: the count, and the good one kept.
  r = st({"track", "--from", "-", "--host-gap", "0"},
         server_.url("/news/missing") + "\n" + server_.url("/news/gone") + "\n" +
             server_.url("/news/third") + "\n");
  expect_error(r, 1, "2 of 3 URLs failed for good and are not tracked");
  EXPECT_NE(r.out.find("failed        missing: HTTP 404"), std::string::npos) << r.out;
  doc = nlohmann::json::parse(st({"status", "--json"}).out);
  ASSERT_EQ(doc["stories"].size(), 5u) << doc.dump();
  EXPECT_EQ(doc["stories"][4]["story"], "third");
}

// The new stories of one `track` hold their names in the tracking document from the moment
// the first of them comes back good, before anything is stored, so that no other process can
// give a name to another URL meanwhile. The second page's server waits to see its name there.
TEST_F(TrackCli, NewStoriesHoldTheirNamesWhileTheyAreChecked) {
  const std::string second = server_.url("/r/second");
  std::atomic<bool> named{false};
  server_.http().Get("/r/first", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(sample("01-first.html"), "text/html");
  });
  server_.http().Get("/r/second", [&](const httplib::Request&, httplib::Response& res) {
    for (int i = 0; i < 100 && !named.load(); ++i) {
      const RunResult doc = test::git(store(), {"show", "refs/storytrail/tracking:tracking.json"});
      if (doc.out.find(second) != std::string::npos) named.store(true);
      if (!named.load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    res.set_content(sample("01-first.html"), "text/html");
  });
  const RunResult r = st({"track", server_.url("/r/first"), second, "--host-gap", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(named.load()) << "the second story's name was not written before it was checked";
  EXPECT_NE(r.out.find("stored        second@1"), std::string::npos) << r.out;
}

// Bad input among several URLs tracks none of them.
TEST_F(TrackCli, OneBadUrlTracksNone) {
  expect_error(st({"track", server_.url("/news/a"), "ftp://example.org/b"}), 2, "ftp://");
  expect_error(st({"track", server_.url("/news/a"), server_.url("/news/b"), "--story", "x"}), 2,
               "--story");
  expect_error(st({"track"}), 2, "give the URL");
  const auto bad = write("bad.txt", server_.url("/news/a") + "\n\nnot a url\n");
  expect_error(st({"track", "--from", bad.string()}), 2, "bad.txt, line 3: ");
  const auto empty = write("empty.txt", "# nothing yet\n");
  expect_error(st({"track", "--from", empty.string()}), 2, "holds no URL");
  expect_error(st({"track", "--from", (dir_ / "absent.txt").string()}), 1, "cannot read");
  expect_error(st({"track", "--from", dir_.path().string()}), 1, "is a folder, not a list of URLs");
  const auto binary = write("list.bin", std::string("https://a.example/x\n\0\x01\xff", 23));
  expect_error(st({"track", "--from", binary.string()}), 1, "is not a list of URLs");
  EXPECT_FALSE(fs::exists(store()));
}

TEST_F(TrackCli, BadInput) {
  expect_error(st({"track", "ftp://example.org/a"}), 2, "http");
  expect_error(st({"track", "not a url"}), 2, "");
  EXPECT_FALSE(fs::exists(store()));  // bad input creates no store
  expect_error(st({"watch", "--at", "2021-06-08T10:00Z"}), 2, "--once");
  expect_error(st({"watch", "--once"}), 1, "no store");
  EXPECT_FALSE(fs::exists(store()));  // a mistyped --store is not made a store
  // Two URLs that name the same story.
  ASSERT_EQ(st({"track", server_.url("/a/harris-visit"), "--no-check"}).exit_code, 0);
  expect_error(st({"track", server_.url("/b/harris-visit"), "--no-check"}), 1, "tracked already");
  expect_error(st({"untrack", "nothing-here"}), 1, "nothing tracked");
  expect_error(st({"feed", "remove", server_.url("/rss.xml")}), 1, "no feed");
  EXPECT_EQ(st({"untrack", "harris-visit"}).exit_code, 0);
  EXPECT_NE(st({"status"}).out.find("nothing is tracked"), std::string::npos);
}

}  // namespace
}  // namespace st
