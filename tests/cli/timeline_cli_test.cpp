// `storytrail timeline` end to end: the sample story recorded by the built binary, its
// timeline in the terminal, as JSON and as TimelineJS; minor revisions folded; bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/cli_fixture.hpp"

namespace st {
namespace {

namespace fs = std::filesystem;
using test::RunResult;

class TimelineCli : public test::Cli {
 protected:
  void SetUp() override {
    const RunResult r = st({"import", test::kSample.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST_F(TimelineCli, EveryRevisionInOneLine) {
  const RunResult r = st({"timeline", "harris-mexico"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(
      r.out.starts_with("harris-mexico: 6 revisions, 2021-06-08T13:32:00Z to "
                        "2021-06-08T17:45:00Z\nsource: https://www.aljazeera.com/"))
      << r.out;
  for (const char* expected :
       {"   1  2021-06-08T13:32:00Z  +0:00", "First version: 9 paragraphs, 279 words",
        "   4  2021-06-08T15:40:00Z  +2:08     +- +1 -1", "Changed $300m to $310m.",
        "quoting White House Press Secretary Jen Psaki.", "   6  2021-06-08T17:45:00Z  +4:13",
        "Moved 1 paragraph."}) {
    EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  }
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos);
}

TEST_F(TimelineCli, JsonAndTimelineJs) {
  const auto json = nlohmann::json::parse(st({"timeline", "harris-mexico", "--json"}).out);
  EXPECT_EQ(json["story"], "harris-mexico");
  ASSERT_EQ(json["revisions"].size(), 6u);
  const auto& fifth = json["revisions"][4];
  EXPECT_EQ(fifth["number"], 5);
  EXPECT_EQ(fifth["captured_at"], "2021-06-08T16:25:00Z");
  EXPECT_EQ(fifth["significance"], "substantive");
  EXPECT_EQ(fifth["stats"]["added"], 3);
  ASSERT_EQ(fifth["quotes_added"].size(), 2u);
  EXPECT_EQ(fifth["quotes_added"][0]["speaker"], "White House Press Secretary Jen Psaki");
  EXPECT_EQ(fifth["names_added"], nlohmann::json::array({"Jen Psaki"}));
  EXPECT_EQ(json["revisions"][3]["numbers_changed"][0]["to"], "$310m");
  EXPECT_EQ(json["revisions"][2]["headline_changed"], true);

  const auto tl =
      nlohmann::json::parse(st({"timeline", "harris-mexico", "--format", "timelinejs"}).out);
  EXPECT_EQ(tl["events"].size(), 6u);
  EXPECT_EQ(tl["events"][0]["start_date"]["hour"], "13");
  EXPECT_EQ(
      tl["events"][4]["text"]["text"].get<std::string>().find("Jen Psaki") != std::string::npos,
      true);
}

TEST_F(TimelineCli, MinorRevisionsAreFoldedUnlessAll) {
  const auto a =
      write("a.txt", "Budget vote delayed\n\nThe goverment delayed the vote on the budget.\n");
  const auto b =
      write("b.txt", "Budget vote delayed\n\nThe government delayed the vote on the budget.\n");
  const auto c =
      write("c.txt",
            "Budget vote delayed <b>again</b>\n\nThe government delayed the vote on "
            "the budget.\n\n\u201CWe need more time to read it,\u201D said Ana Costa.\n");
  ASSERT_EQ(st({"add", a.string(), "--story", "budget", "--at", "2024-03-01T09:00Z"}).exit_code, 0);
  ASSERT_EQ(st({"add", b.string(), "--story", "budget", "--at", "2024-03-01T10:00Z"}).exit_code, 0);
  ASSERT_EQ(st({"add", c.string(), "--story", "budget", "--at", "2024-03-02T11:30Z"}).exit_code, 0);
  const RunResult folded = st({"timeline", "budget"});
  EXPECT_NE(folded.out.find("\u22EF 1 minor revision folded (--all shows them)"), std::string::npos)
      << folded.out;
  EXPECT_EQ(folded.out.find("Minor edit"), std::string::npos);
  EXPECT_NE(folded.out.find("+1d 2:30"), std::string::npos);
  EXPECT_NE(folded.out.find("quoting Ana Costa"), std::string::npos);
  const RunResult all = st({"timeline", "budget", "--all"});
  EXPECT_NE(all.out.find("Minor edit: 1 word changed."), std::string::npos) << all.out;
  const auto json = nlohmann::json::parse(st({"timeline", "budget", "--json"}).out);
  EXPECT_EQ(json["revisions"][1]["significance"], "minor");
  // TimelineJS shows text as HTML: article text is escaped.
  const std::string tl = st({"timeline", "budget", "--format", "timelinejs"}).out;
  EXPECT_EQ(tl.find("<b>"), std::string::npos);
  EXPECT_NE(tl.find("&lt;b&gt;again&lt;/b&gt;"), std::string::npos) << tl;
}

TEST_F(TimelineCli, BlameSaysWhereEachParagraphCameFrom) {
  const RunResult r = st({"blame", "harris-mexico"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("blame harris-mexico@6 (2021-06-08T17:45:00Z)\n")) << r.out;
  EXPECT_NE(r.out.find("r2   14:18  r4   15:40  Harris, tasked by Biden"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("r5   16:25  r5   16:25  The White House sought to clarify"),
            std::string::npos);
  EXPECT_NE(r.out.find("r2   14:18  r2   14:18  The meeting on Tuesday came after"),
            std::string::npos);
  // A story over several days shows the day too.
  const auto first = write("d1.txt", "Days apart\n\nThe first paragraph, long enough.\n");
  const auto second =
      write("d2.txt", "Days apart\n\nThe first paragraph, long enough.\n\nA new one.\n");
  ASSERT_EQ(st({"add", first.string(), "--story", "days", "--at", "2024-01-01T09:00Z"}).exit_code,
            0);
  ASSERT_EQ(st({"add", second.string(), "--story", "days", "--at", "2024-01-03T10:30Z"}).exit_code,
            0);
  const std::string days = st({"blame", "days"}).out;
  EXPECT_NE(days.find("r2   01-03 10:30  r2   01-03 10:30  A new one."), std::string::npos) << days;

  const auto json = nlohmann::json::parse(st({"blame", "harris-mexico@4", "--json"}).out);
  EXPECT_EQ(json["revision"]["number"], 4);
  EXPECT_EQ(json["unit"], "block");
  bool found = false;
  for (const auto& block : json["blocks"]) {
    if (!block["text"].get<std::string>().starts_with("Harris, tasked by Biden")) continue;
    found = true;
    EXPECT_EQ(block["introduced"]["number"], 2);
    EXPECT_EQ(block["last_changed"]["number"], 4);
    EXPECT_EQ(block["last_changed"]["captured_at"], "2021-06-08T15:40:00Z");
  }
  EXPECT_TRUE(found);

  const auto sentences =
      nlohmann::json::parse(st({"blame", "harris-mexico@4", "--sentences", "--json"}).out);
  EXPECT_EQ(sentences["unit"], "sentence");
  EXPECT_GT(sentences["blocks"].size(), json["blocks"].size());
  expect_error(st({"blame", "harris-mexico@9"}), 1, "9");
  expect_error(st({"blame", "nope"}), 1, "nope");
}

TEST_F(TimelineCli, HtmlPageWrittenToAFile) {
  const fs::path page = dir_ / "harris.html";
  const RunResult r = st({"timeline", "harris-mexico", "-o", page.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("wrote " + page.string() + " (6 revisions"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("file://" + page.string()), std::string::npos);
  const std::string html = test::read_file(page);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  std::size_t cards = 0;
  for (std::size_t pos = html.find("<li class=\"st-card "); pos != std::string::npos;
       pos = html.find("<li class=\"st-card ", pos + 1)) {
    ++cards;
  }
  EXPECT_EQ(cards, 6u);
  EXPECT_EQ(st({"timeline", "harris-mexico", "--format", "html"}).out, html);
  expect_error(st({"timeline", "harris-mexico", "-o", page.string(), "--format", "json"}), 2,
               "-o writes the HTML timeline");
  expect_error(st({"timeline", "harris-mexico", "-o", (dir_ / "no" / "such" / "x.html").string()}),
               1, "cannot write");
  expect_error(st({"timeline", "harris-mexico", "-o", dir_.path().string()}), 1, "it is a folder");
  expect_error(st({"timeline", "harris-mexico", "-o", ""}), 2, "--output");
  // A symbolic link is written through, and a device is written into, never replaced.
  const fs::path link = dir_ / "latest.html";
  fs::create_symlink("harris.html", link);
  fs::remove(page);
  ASSERT_EQ(st({"timeline", "harris-mexico", "-o", link.string()}).exit_code, 0);
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(test::read_file(page), html);
  expect_error(st({"timeline", "harris-mexico", "-o", "/dev/full"}), 1,
               "cannot write /dev/full: No space left on device");
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
}

TEST_F(TimelineCli, SiteWritesAPagePerStoryAndAnIndex) {
  const auto a = write("a.txt", "Second <story>\n\nIts only paragraph, long enough.\n");
  // A story may be named "index": its page must not take the site index's place. Its source URL
  // is not a web address, so its page shows it as text, not as a link to follow.
  ASSERT_EQ(st({"add", a.string(), "--story", "index", "--at", "2024-01-01T00:00Z", "--url",
                "javascript:alert(7)"})
                .exit_code,
            0);
  const fs::path out = dir_ / "site";
  const RunResult r = st({"site", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("wrote 2 stories and index.html"), std::string::npos) << r.out;
  const std::string index = test::read_file(out / "index.html");
  EXPECT_NE(index.find("<a href=\"harris-mexico.html\">Harris hails"), std::string::npos) << index;
  EXPECT_NE(index.find("<a href=\"index_story.html\">Second &lt;story&gt;</a>"), std::string::npos)
      << index;
  EXPECT_NE(index.find("6 revisions"), std::string::npos);
  EXPECT_EQ(test::read_file(out / "harris-mexico.html"),
            st({"timeline", "harris-mexico", "--format", "html"}).out);
  const std::string page = test::read_file(out / "index_story.html");
  EXPECT_NE(page.find("javascript:alert(7)"), std::string::npos);
  EXPECT_EQ(page.find("href=\"javascript:"), std::string::npos);
  expect_error(st({"site", (out / "index.html").string()}), 1, "not a folder");
}

TEST_F(TimelineCli, ReadingCommandsKeepAChainCacheThatOnlyShortensTheWay) {
  const fs::path cache = store() / "storytrail" / "chains" / "harris-mexico";
  fs::remove(cache);
  ASSERT_EQ(st({"diff", "harris-mexico", "1"}).exit_code, 1);  // a failure writes nothing
  EXPECT_FALSE(fs::exists(cache));
  const std::string log = st({"log", "harris-mexico"}).out;
  ASSERT_TRUE(fs::exists(cache));
  EXPECT_TRUE(test::read_file(cache).starts_with("tip "));
  EXPECT_EQ(st({"log", "harris-mexico"}).out, log);  // read from the cache: the same
  // A new revision moves the tip: the cache is passed over, then replaced.
  const auto page = write("p.txt", "Late headline\n\nA last paragraph for the story.\n");
  ASSERT_EQ(
      st({"add", page.string(), "--story", "harris-mexico", "--at", "2021-06-08T18:00Z"}).exit_code,
      0);
  EXPECT_NE(st({"log", "harris-mexico"}).out.find("\n  7  "), std::string::npos);
  EXPECT_NE(test::read_file(cache).find("Late headline"), std::string::npos);
}

TEST_F(TimelineCli, BadInput) {
  const auto before = test::snapshot(store());
  expect_error(st({"timeline", "nope"}), 1, "nope");
  EXPECT_EQ(st({"timeline", "harris-mexico", "--format", "pdf"}).exit_code, 2);
  EXPECT_EQ(st({"timeline"}).exit_code, 2);
  EXPECT_EQ(test::snapshot(store()), before);
}

}  // namespace
}  // namespace st
