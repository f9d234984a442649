// End to end: the built storytrail binary in temporary folders, read back with the real git.
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "support/cli_fixture.hpp"

namespace st {
namespace {

namespace fs = std::filesystem;
using test::Cli;
using test::kSample;
using test::RunResult;
using test::snapshot;
using test::TempDir;

TEST_F(Cli, VersionAndHelp) {
  auto version = st({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(version.out.starts_with("storytrail ")) << version.out;
  auto help = st({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* command : {"add", "import", "stories", "log", "show", "diff", "timeline",
                              "blame", "extract", "demo"}) {
    EXPECT_NE(help.out.find(command), std::string::npos) << command;
    auto sub = st({command, "--help"});
    EXPECT_EQ(sub.exit_code, 0) << command;
    EXPECT_NE(sub.out.find(command), std::string::npos) << sub.out;
  }
  EXPECT_NE(st({"show", "--help"}).out.find("latest~1"), std::string::npos);
  EXPECT_FALSE(fs::exists(store()));  // help never creates a store
}

TEST_F(Cli, UsageErrorsExitTwoWithAHint) {
  expect_error(st({}), 2, "--help");
  expect_error(st({"frobnicate"}), 2, "--help");
  expect_error(st({"add"}), 2, "storytrail add --help");
  const auto page = (kSample / "01-first.html").string();
  expect_error(st({"add", page, "--story", "Not_A_Slug"}), 2, "invalid story name");
  expect_error(st({"add", page, "--story", "s", "--at", "yesterday"}), 2, "invalid time");
  expect_error(st({"--color", "purple", "stories"}), 2, "--help");
  expect_error(st({"show", "harris@"}), 2, "missing revision");
  expect_error(st({"show", "harris@latest~-1"}), 2, "invalid revision");
  expect_error(st({"add", page, "--story", "s", "--url", "https://x.org/a\nRevision: 40"}), 2,
               "--url");
  expect_error(st({"add", page, "--story", "s", "--at", "1969-07-20T20:17:00Z"}), 2, "1970");
  // Unknown commands and options are named; a missing command lists the commands.
  expect_error(st({"frobnicate"}), 2, "unknown command 'frobnicate'");
  expect_error(st({"--frobnicate"}), 2, "unknown option '--frobnicate'");
  expect_error(st({"feed", "list"}), 2, "unknown command 'list'; see 'storytrail feed --help'");
  expect_error(st({"feed"}), 2, "give a command: add, remove");
  // An empty value is a mistake, not a request for the default.
  expect_error(st({"add", page, "--story", ""}), 2, "--story: give a value");
  expect_error(st({"--store", "", "stories"}), 2, "--store: give a value");
  expect_error(st({"watch", "--once", "--timeout", "nan"}), 2, "nan is not a number");
  EXPECT_FALSE(fs::exists(store()));
  // The same bad story name is the same usage error in every command.
  for (const char* command : {"log", "show", "diff", "timeline"}) {
    expect_error(st({command, "Not_A_Slug"}), 2, "invalid story name");
  }
}

// Output that cannot be written (a full disk) is an error that says so.
TEST_F(Cli, AFailedWriteToStandardOutputIsAnError) {
  ASSERT_EQ(st({"demo"}).exit_code, 0);
  for (const std::string command : {"log harris-mexico", "--help", "timeline harris-mexico"}) {
    const RunResult r = test::run({"sh", "-c",
                                   std::string(STORYTRAIL_BINARY) + " --store " +
                                       store().string() + " " + command + " > /dev/full"});
    EXPECT_EQ(r.exit_code, 1) << command;
    EXPECT_EQ(r.err, "storytrail: error: cannot write to standard output: No space left on device\n")
        << command;
  }
}

TEST_F(Cli, DemoRecordsTheSampleStory) {
  auto demo = st({"demo"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  EXPECT_EQ(std::count(demo.out.begin(), demo.out.end(), '\n') > 10, true);
  for (int n = 1; n <= 6; ++n) {
    EXPECT_NE(demo.out.find(fmt::format("stored harris-mexico@{} (", n)), std::string::npos) << n;
  }
  EXPECT_EQ(demo.out.find("stored harris-mexico@7"), std::string::npos) << demo.out;
  EXPECT_NE(demo.out.find("06-chrome-only.html"), std::string::npos);
  EXPECT_NE(demo.out.find("{+The White House sought to clarify"), std::string::npos) << demo.out;
  // The timeline, and its HTML page beside the store.
  EXPECT_NE(demo.out.find("$ storytrail timeline harris-mexico\n"), std::string::npos);
  EXPECT_NE(demo.out.find("Changed $300m to $310m."), std::string::npos);
  const fs::path page = store().parent_path() / "harris-mexico.html";
  EXPECT_NE(demo.out.find("open it in a browser: file://" + page.string()), std::string::npos)
      << demo.out;
  EXPECT_TRUE(test::read_file(page).starts_with("<!DOCTYPE html>"));
  EXPECT_NE(demo.out.find("unchanged: same text as harris-mexico@5"), std::string::npos)
      << demo.out;
  EXPECT_EQ(test::git(store(), {"rev-list", "--count", "refs/stories/harris-mexico"}).out, "6\n");
  // Again: nothing new.
  auto again = st({"demo"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out.find("stored harris-mexico"), std::string::npos) << again.out;
  EXPECT_EQ(test::git(store(), {"rev-list", "--count", "refs/stories/harris-mexico"}).out, "6\n");
}

// The sample story holds exactly the edits its README promises, revision by revision.
TEST_F(Cli, SampleRevisionsHoldTheirEdits) {
  ASSERT_EQ(st({"demo"}).exit_code, 0);
  std::vector<std::vector<std::string>> bodies;
  std::vector<std::string> headlines;
  for (int n = 1; n <= 6; ++n) {
    const auto json =
        nlohmann::json::parse(st({"show", fmt::format("harris-mexico@{}", n), "--json"}).out);
    std::vector<std::string> body;
    for (const auto& block : json["article"]["body"]) body.push_back(block["text"]);
    bodies.push_back(std::move(body));
    headlines.push_back(json["article"]["headline"]);
  }
  const auto added = [](const std::vector<std::string>& from, const std::vector<std::string>& to) {
    std::vector<std::string> out;
    for (const auto& b : to) {
      if (std::find(from.begin(), from.end(), b) == from.end()) out.push_back(b);
    }
    return out;
  };
  // 2 adds paragraphs; 3 changes only the headline.
  EXPECT_GT(bodies[1].size(), bodies[0].size() + 10);
  EXPECT_NE(headlines[2], headlines[1]);
  EXPECT_EQ(bodies[2], bodies[1]);
  // 4 corrects one figure in one paragraph.
  const auto corrected = added(bodies[2], bodies[3]);
  ASSERT_EQ(corrected.size(), 1u);
  EXPECT_NE(corrected[0].find("$310m"), std::string::npos);
  EXPECT_EQ(added(bodies[3], bodies[2]).size(), 1u);
  // 5 adds exactly the White House clarification, and removes nothing.
  const auto clarification = added(bodies[3], bodies[4]);
  ASSERT_EQ(clarification.size(), 3u);
  EXPECT_TRUE(clarification[0].starts_with("The White House sought to clarify"));
  EXPECT_NE(clarification[1].find("Jen Psaki"), std::string::npos);
  EXPECT_TRUE(added(bodies[4], bodies[3]).empty());
  // 6 (capture 7) moves one paragraph: same blocks, another order.
  EXPECT_NE(bodies[5], bodies[4]);
  auto sorted5 = bodies[4], sorted6 = bodies[5];
  std::sort(sorted5.begin(), sorted5.end());
  std::sort(sorted6.begin(), sorted6.end());
  EXPECT_EQ(sorted5, sorted6);
}

TEST_F(Cli, AddingTheSampleByHandMatchesTheStory) {
  const std::vector<std::pair<std::string, std::string>> captures = {
      {"01-first.html", "2021-06-08T13:32:00Z"},
      {"02-expanded.html", "2021-06-08T14:18:00Z"},
      {"03-headline.html", "2021-06-08T15:02:00Z"},
      {"04-correction.html", "2021-06-08T15:40:00Z"},
      {"05-clarification.html", "2021-06-08T16:25:00Z"},
      {"06-chrome-only.html", "2021-06-08T16:50:00Z"},
      {"07-moved.html", "2021-06-08T17:45:00Z"}};
  std::vector<std::string> outputs;
  for (const auto& [file, at] : captures) {
    auto r = add_sample(file, at);
    ASSERT_EQ(r.exit_code, 0) << file << r.err;
    outputs.push_back(r.out);
  }
  EXPECT_TRUE(outputs[0].starts_with("stored harris-mexico@1 ")) << outputs[0];
  EXPECT_TRUE(outputs[5].starts_with("unchanged: same text as harris-mexico@5")) << outputs[5];
  EXPECT_TRUE(outputs[6].starts_with("stored harris-mexico@6 ")) << outputs[6];

  // The log, as JSON.
  auto log = st({"log", "harris-mexico", "--json"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  const auto json = nlohmann::json::parse(log.out);
  EXPECT_EQ(json["story"], "harris-mexico");
  ASSERT_EQ(json["revisions"].size(), 6u);
  const auto& third = json["revisions"][2];
  EXPECT_EQ(third["number"], 3);
  EXPECT_EQ(third["captured_at"], "2021-06-08T15:02:00Z");
  EXPECT_EQ(third["headline"], "Harris hails ‘new era’ with Mexico during Lopez Obrador meeting");
  EXPECT_EQ(third["url"], "https://www.aljazeera.com/news/2021/6/8/harris-hails-new-era");
  EXPECT_GT(third["words"].get<int>(), 500);
  EXPECT_EQ(json["revisions"][0]["headline"],
            "Harris meets Lopez Obrador as US seeks Mexico’s help on migration");

  // show prints exactly what git has.
  auto show = st({"show", "harris-mexico@3"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(show.out,
            test::git(store(), {"show", third["id"].get<std::string>() + ":article.txt"}).out);
  EXPECT_NE(show.out.find("$300m"), std::string::npos);
  EXPECT_EQ(st({"show", "harris-mexico@4"}).out.find("$300m"), std::string::npos);
  EXPECT_EQ(st({"show", "harris-mexico@latest~3"}).out, show.out);
  EXPECT_EQ(st({"show", "harris-mexico@" + third["id"].get<std::string>().substr(0, 8)}).out,
            show.out);
  EXPECT_EQ(st({"show", "harris-mexico@2021-06-08T15:39:00Z"}).out, show.out);
  // Chrome never reaches the text.
  const std::string latest = st({"show", "harris-mexico"}).out;
  for (const char* chrome : {"Advertisement", "Most read", "minutes ago", "Sign up", "Cookie"}) {
    EXPECT_EQ(latest.find(chrome), std::string::npos) << chrome;
  }
  EXPECT_NE(latest.find("White House Press Secretary Jen Psaki"), std::string::npos);

  auto show_json = nlohmann::json::parse(st({"show", "harris-mexico@1", "--json"}).out);
  EXPECT_EQ(show_json["number"], 1);
  EXPECT_EQ(show_json["article"]["site"], "Al Jazeera");
  EXPECT_FALSE(show_json["article"]["body"].empty());

  auto stories = nlohmann::json::parse(st({"stories", "--json"}).out);
  ASSERT_EQ(stories["stories"].size(), 1u);
  EXPECT_EQ(stories["stories"][0]["revisions"], 6);
  EXPECT_EQ(stories["stories"][0]["first_captured_at"], "2021-06-08T13:32:00Z");
  EXPECT_EQ(stories["stories"][0]["last_captured_at"], "2021-06-08T17:45:00Z");

  auto fsck = test::git(store(), {"fsck", "--strict", "--no-progress"});
  EXPECT_EQ(fsck.exit_code, 0) << fsck.out << fsck.err;
}

TEST_F(Cli, OutOfOrderCaptureIsPlacedByTime) {
  ASSERT_EQ(add_sample("01-first.html", "2021-06-08T13:32:00Z").exit_code, 0);
  ASSERT_EQ(add_sample("04-correction.html", "2021-06-08T15:40:00Z").exit_code, 0);
  auto late = add_sample("02-expanded.html", "2021-06-08T14:18:00Z");
  ASSERT_EQ(late.exit_code, 0) << late.err;
  EXPECT_NE(late.out.find("stored harris-mexico@2 "), std::string::npos) << late.out;
  EXPECT_NE(late.out.find("placed before 1 later revision"), std::string::npos) << late.out;
  auto log = nlohmann::json::parse(st({"log", "harris-mexico", "--json"}).out);
  ASSERT_EQ(log["revisions"].size(), 3u);
  EXPECT_EQ(log["revisions"][1]["captured_at"], "2021-06-08T14:18:00Z");
  EXPECT_EQ(log["revisions"][2]["captured_at"], "2021-06-08T15:40:00Z");
}

TEST_F(Cli, TextFromStandardInput) {
  auto r = st({"add", "-", "--story", "notes", "--at", "2021-06-08T10:00:00Z"},
              "A headline\n\nFirst  paragraph\nwraps here.\n\nSecond.\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(st({"show", "notes"}).out, "A headline\n\nFirst paragraph wraps here.\n\nSecond.\n");
  const std::string tip = test::git(store(), {"rev-parse", "refs/stories/notes"}).out.substr(0, 40);
  EXPECT_EQ(test::git(store(), {"show", tip + ":source.txt"}).out,
            "A headline\n\nFirst  paragraph\nwraps here.\n\nSecond.\n");
}

TEST_F(Cli, ExtractShowsWhatWouldBeStoredAndTouchesNoStore) {
  const std::string page = (kSample / "05-clarification.html").string();
  auto view = st({"extract", page});
  ASSERT_EQ(view.exit_code, 0) << view.err;
  EXPECT_NE(view.out.find("Headline:      Harris hails ‘new era’ with Mexico during Lopez Obrador "
                          "meeting\n"),
            std::string::npos)
      << view.out;
  EXPECT_NE(view.out.find("[caption] The United States sees Mexico"), std::string::npos);
  EXPECT_NE(view.out.find("\nThe White House sought to clarify"), std::string::npos);
  auto json =
      nlohmann::json::parse(st({"extract", page, "--json", "--url", "https://x.org/a"}).out);
  EXPECT_EQ(json["url"], "https://x.org/a");
  EXPECT_EQ(json["site"], "Al Jazeera");
  EXPECT_EQ(json["published"], "2021-06-08T13:25:00Z");
  // The same article as `add` stores.
  ASSERT_EQ(
      st({"add", page, "--story", "h", "--at", "2021-06-08T16:25:00Z", "--url", "https://x.org/a"})
          .exit_code,
      0);
  EXPECT_EQ(nlohmann::json::parse(st({"show", "h", "--json"}).out)["article"], json);
  fs::remove_all(store());
  // A user's site rules: a drop rule for this site removes a paragraph.
  const auto rules = write("rules.json", R"({"sites": [{"domains": ["aljazeera.com"],
      "drop": "p:not-supported"}]})");
  expect_error(st({"extract", page, "--rules", rules.string()}), 1, "invalid selector");
  write("rules.json", R"({"sites": [{"domains": ["aljazeera.com"], "body": ".wysiwyg",
      "drop": ".wysiwyg > p:first-of-type"}]})");
  expect_error(st({"extract", page, "--rules", rules.string()}), 1, "invalid selector");
  write("rules.json", R"({"sites": [{"domains": ["aljazeera.com"], "drop": "figure"}]})");
  auto ruled = st({"extract", page, "--rules", rules.string()});
  ASSERT_EQ(ruled.exit_code, 0) << ruled.err;
  EXPECT_EQ(ruled.out.find("[caption]"), std::string::npos) << ruled.out;
  expect_error(st({"extract", (dir_ / "missing.html").string()}), 1, "missing.html");
  expect_error(
      st({"extract", write("nav.html", "<html><body><nav>x</nav></body></html>").string()}), 1,
      "no article text");
  EXPECT_FALSE(fs::exists(store()));
}

TEST_F(Cli, AddAndImportTakeSiteRules) {
  const auto rules =
      write("rules.json", R"({"sites": [{"domains": ["aljazeera.com"], "drop": "figure"}]})");
  const auto bad =
      write("bad.json", R"({"sites": [{"domains": ["aljazeera.com"], "body": ":x"}]})");
  const std::string page = (kSample / "05-clarification.html").string();
  expect_error(st({"add", page, "--story", "h", "--rules", bad.string()}), 1, "invalid selector");
  expect_error(st({"import", kSample.string(), "--rules", bad.string()}), 1, "invalid selector");
  EXPECT_FALSE(fs::exists(store()));
  ASSERT_EQ(st({"add", page, "--story", "h", "--rules", rules.string()}).exit_code, 0);
  EXPECT_EQ(st({"show", "h"}).out.find("The United States sees Mexico"), std::string::npos);
  ASSERT_EQ(st({"import", kSample.string(), "--rules", rules.string()}).exit_code, 0);
  EXPECT_EQ(st({"show", "harris-mexico"}).out.find("The United States sees Mexico"),
            std::string::npos);
  // Without the rules the caption is part of the text.
  EXPECT_NE(st({"extract", page}).out.find("The United States sees Mexico"), std::string::npos);
}

TEST_F(Cli, ReadsAPipeToItsEnd) {
  const fs::path fifo = dir_ / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { test::write_file(fifo, "Piped headline\n\nPiped body.\n"); });
  auto r = st({"add", fifo.string(), "--story", "piped", "--at", "2021-06-08T10:00:00Z"});
  writer.join();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(st({"show", "piped"}).out, "Piped headline\n\nPiped body.\n");
}

TEST_F(Cli, StoryNameComesFromTheUrlOrTheHeadline) {
  auto from_url = st({"add", (kSample / "01-first.html").string(), "--url",
                      "https://www.aljazeera.com/news/2021/6/8/harris-visit-mexico"});
  ASSERT_EQ(from_url.exit_code, 0) << from_url.err;
  EXPECT_NE(from_url.out.find("harris-visit-mexico@1"), std::string::npos) << from_url.out;
  auto from_headline = st({"add", "-"}, "Storm hits the coast\n\nIt rained.\n");
  ASSERT_EQ(from_headline.exit_code, 0) << from_headline.err;
  EXPECT_NE(from_headline.out.find("storm-hits-the-coast@1"), std::string::npos);
}

TEST_F(Cli, BadInputLeavesTheStoreAsItWas) {
  ASSERT_EQ(add_sample("01-first.html", "2021-06-08T13:32:00Z").exit_code, 0);
  const auto before = snapshot(store());
  const std::string binary(
      "\x7f"
      "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
      20);
  expect_error(st({"add", (dir_ / "missing.html").string(), "--story", "s"}), 1, "missing.html");
  expect_error(st({"add", dir_.path().string(), "--story", "s"}), 1, "is a directory");
  expect_error(st({"add", write("bin", binary).string(), "--story", "s"}), 1, "binary");
  expect_error(st({"add", write("latin.txt", "caf\xE9 au lait\n").string(), "--story", "s"}), 1,
               "UTF-8");
  expect_error(st({"add", write("empty.html", "<html><body><nav>Home</nav></body></html>").string(),
                   "--story", "s"}),
               1, "no article text");
  expect_error(st({"add", write("zero", "").string(), "--story", "s"}), 1, "empty");
  expect_error(st({"log", "nope"}), 1, "no story named 'nope'");
  expect_error(st({"show", "harris-mexico@9"}), 1, "no revision 9");
  expect_error(st({"show", "nope@1"}), 1, "no story named 'nope'");
  expect_error(st({"show", "harris-mexico@@2020-01-01"}), 1, "no revision at");
  EXPECT_EQ(snapshot(store()), before);
}

TEST_F(Cli, AStorePathThatIsNotAStoreIsRefused) {
  fs::create_directories(dir_ / "mine");
  write("mine/thesis.txt", "do not touch\n");
  const auto before = snapshot(dir_ / "mine");
  auto r = test::run({STORYTRAIL_BINARY, "--store", (dir_ / "mine").string(), "add",
                      (kSample / "01-first.html").string(), "--story", "s"});
  expect_error(r, 1, "not a storytrail store");
  EXPECT_EQ(snapshot(dir_ / "mine"), before);
  auto env = test::run({STORYTRAIL_BINARY, "stories"}, "",
                       {"STORYTRAIL_STORE=" + (dir_ / "mine").string()});
  expect_error(env, 1, "not a storytrail store");
  expect_error(st({"stories"}), 1, "no store at");
}

TEST_F(Cli, ImportRecordsAManifestInOnePass) {
  auto r = st({"import", kSample.string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["stored"], 6);
  EXPECT_EQ(json["unchanged"], 1);
  EXPECT_EQ(json["captures"][5]["outcome"], "unchanged");
  EXPECT_EQ(json["captures"][6]["number"], 6);
  // Same story as adding by hand: the text of every revision matches.
  auto log = nlohmann::json::parse(st({"log", "harris-mexico", "--json"}).out);
  ASSERT_EQ(log["revisions"].size(), 6u);
  EXPECT_EQ(log["revisions"][3]["captured_at"], "2021-06-08T15:40:00Z");
  auto fsck = test::git(store(), {"fsck", "--strict", "--no-progress"});
  EXPECT_EQ(fsck.exit_code, 0) << fsck.out << fsck.err;
}

TEST_F(Cli, ImportChecksEverythingBeforeWriting) {
  fs::create_directories(dir_ / "batch");
  write("batch/a.txt", "Headline A\n\nBody.\n");
  write("batch/manifest.json", R"({"captures": [
      {"file": "a.txt", "story": "a", "captured_at": "2021-06-08T10:00:00Z"},
      {"file": "missing.txt", "story": "a", "captured_at": "2021-06-08T11:00:00Z"}]})");
  expect_error(st({"import", (dir_ / "batch").string()}), 1, "missing.txt");
  write("batch/manifest.json", R"({"captures": [
      {"file": "a.txt", "story": "Bad Slug", "captured_at": "2021-06-08T10:00:00Z"}]})");
  expect_error(st({"import", (dir_ / "batch").string()}), 1, "capture 1");
  write("batch/manifest.json", R"({"captures": [{"file": "a.txt", "story": "a"}]})");
  expect_error(st({"import", (dir_ / "batch").string()}), 1, "captured_at");
  write("batch/manifest.json", R"({"captures": [
      {"file": "a.txt", "story": 5, "captured_at": "2021-06-08T10:00:00Z"}]})");
  expect_error(st({"import", (dir_ / "batch").string()}), 1, "\"story\" is not a string");
  write("batch/manifest.json", R"({"captures": [
      {"file": "a.txt", "story": "a", "url": "https://x.org/\u000aRevision: 9",
       "captured_at": "2021-06-08T10:00:00Z"}]})");
  expect_error(st({"import", (dir_ / "batch").string()}), 1, "control character");
  write("batch/manifest.json", R"({"captures": [
      {"file": "a.txt", "story": "a", "captured_at": "1960-01-01T00:00:00Z"}]})");
  expect_error(st({"import", (dir_ / "batch").string()}), 1, "1970");
  write("batch/manifest.json", R"({"captures": []})");
  expect_error(st({"import", (dir_ / "batch").string()}), 1, "lists no captures");
  write("batch/manifest.json", "{not json");
  expect_error(st({"import", (dir_ / "batch").string()}), 1, "not valid JSON");
  EXPECT_FALSE(fs::exists(store()));
}

TEST_F(Cli, ColourOnlyWhenAskedOrOnATerminal) {
  ASSERT_EQ(add_sample("01-first.html", "2021-06-08T13:32:00Z").exit_code, 0);
  EXPECT_EQ(st({"log", "harris-mexico"}).out.find("\x1b["), std::string::npos);
  EXPECT_NE(st({"--color=always", "log", "harris-mexico"}).out.find("\x1b["), std::string::npos);
  EXPECT_NE(st({"log", "harris-mexico", "--color", "always"}).out.find("\x1b["), std::string::npos);
  EXPECT_EQ(st({"log", "harris-mexico"}, "", {"CLICOLOR_FORCE=1", "NO_COLOR=1"}).out.find("\x1b["),
            std::string::npos);
  EXPECT_NE(st({"log", "harris-mexico"}, "", {"CLICOLOR_FORCE=1"}).out.find("\x1b["),
            std::string::npos);
}

// A loop of adds, each killed with SIGKILL at a random moment. Afterwards git fsck accepts the
// store and every revision an add reported as stored is in the story.
TEST_F(Cli, KilledAddsNeverDamageTheStore) {
  // How long one add takes here (sanitizer builds are several times slower), so the kills
  // land before, during and after the writes alike.
  const auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(st({"add", "-", "--story", "k", "--at", "2021-01-01T00:00:00Z"}, "Start\n\nBody.\n")
                .exit_code,
            0);
  const auto add_us = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
  const auto window_us = static_cast<unsigned>(std::max<long long>(add_us * 3 / 2, 1000));
  std::mt19937 random(12345);
  std::vector<std::string> reported;
  int killed = 0;
  for (int i = 0; i < 60; ++i) {
    const fs::path input = write("k.txt", fmt::format("Headline {}\n\nParagraph {}.\n", i, i));
    const fs::path out = dir_ / "k.out";
    const pid_t pid = ::fork();
    if (pid == 0) {
      if (std::freopen(out.c_str(), "wb", stdout) == nullptr) ::_exit(127);
      if (std::freopen("/dev/null", "wb", stderr) == nullptr) ::_exit(127);
      ::execl(STORYTRAIL_BINARY, STORYTRAIL_BINARY, "--store", store().c_str(), "add",
              input.c_str(), "--story", "k", "--at",
              fmt::format("2021-01-01T00:{:02}:{:02}Z", (i + 1) / 60, (i + 1) % 60).c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // Every fourth add runs to its end: it must succeed, and it clears what a kill left (an
    // add that finds a dead writer's ref lock waits 0.1 s before removing it, longer than
    // the kill window).
    const bool spared = i % 4 == 3;
    if (!spared) {
      std::this_thread::sleep_for(std::chrono::microseconds(random() % window_us));
      ::kill(pid, SIGKILL);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (spared) {
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << i;
    }
    if (WIFSIGNALED(status)) ++killed;
    const std::string printed = test::read_file(out);
    if (printed.starts_with("stored ")) {
      const auto open = printed.find('(');
      reported.push_back(printed.substr(open + 1, 7));
    }
  }
  auto fsck = test::git(store(), {"fsck", "--strict", "--no-progress"});
  EXPECT_EQ(fsck.exit_code, 0) << fsck.out << fsck.err;
  const std::string chain =
      test::git(store(), {"log", "--format=%h", "--abbrev=7", "refs/stories/k"}).out;
  for (const std::string& id : reported) EXPECT_NE(chain.find(id), std::string::npos) << id;
  // The store still works after all that.
  auto after = st({"add", "-", "--story", "k", "--at", "2021-01-02T00:00:00Z"}, "Final\n\nBody.\n");
  EXPECT_EQ(after.exit_code, 0) << after.err;
  std::printf("killed %d of 45 adds; %zu of 60 reported stored\n", killed, reported.size());
  EXPECT_GT(killed, 0);
  EXPECT_GE(reported.size(), 15u);  // at least the spared ones
}

}  // namespace
}  // namespace st
