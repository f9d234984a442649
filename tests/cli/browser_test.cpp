// The HTML timeline in a real browser: Debian's chromium, headless, opens the sample story's
// page from disk (no server, no network) and the test reads the DOM after the page's script
// ran. It checks that the page logs no console message, has one card per stored revision, that
// opening the clarification's revision (a link to #revision-5) shows the Psaki paragraphs as
// insertions, and that "compare two revisions" (#compare-4-5) works in the page.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/cli_fixture.hpp"

namespace st {
namespace {

namespace fs = std::filesystem;
using test::RunResult;

class Browser : public test::Cli {
 protected:
  void SetUp() override {
    if (test::run({"sh", "-c", "command -v chromium"}).exit_code != 0) {
      GTEST_SKIP() << "no chromium (tools/setup installs it)";
    }
    ASSERT_EQ(st({"import", test::kSample.string()}).exit_code, 0);
    page_ = dir_ / "harris.html";
    ASSERT_EQ(st({"timeline", "harris-mexico", "-o", page_.string()}).exit_code, 0);
  }
  // The DOM after the page's scripts ran, with the console's messages on standard error.
  RunResult open(const std::string& fragment) {
    const fs::path profile = dir_ / ("profile" + std::to_string(++runs_));
    return test::run({"timeout", "120", "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                      "--no-first-run", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync",
                      "--user-data-dir=" + profile.string(), "--enable-logging=stderr", "--v=0",
                      "--virtual-time-budget=5000", "--dump-dom",
                      "file://" + page_.string() + fragment});
  }
  fs::path page_;
  int runs_ = 0;
};

TEST_F(Browser, TheTimelinePageWorksFromDisk) {
  const RunResult plain = open("");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.err.find(":CONSOLE:"), std::string::npos) << plain.err;
  EXPECT_EQ(test::count_occurrences(plain.out, "<li class=\"st-card "), 6u);
  EXPECT_EQ(test::count_occurrences(plain.out, "<details class=\"st-changes\" open"), 0u);

  const RunResult opened = open("#revision-5");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  EXPECT_EQ(opened.err.find(":CONSOLE:"), std::string::npos) << opened.err;
  const std::size_t card = opened.out.find("id=\"revision-5\"");
  ASSERT_NE(card, std::string::npos);
  const std::string fifth = opened.out.substr(card, opened.out.find("id=\"revision-6\"") - card);
  EXPECT_NE(fifth.find("<details class=\"st-changes\" open=\"\">"), std::string::npos) << fifth;
  EXPECT_EQ(test::count_occurrences(fifth, "<ins>"), 3u);
  EXPECT_NE(fifth.find("<ins>\u201CWhat the vice president was simply conveying"),
            std::string::npos);
  EXPECT_NE(fifth.find("White House Press Secretary Jen Psaki said during a news briefing.</ins>"),
            std::string::npos);

  const RunResult compared = open("#compare-4-5");
  ASSERT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_EQ(compared.err.find(":CONSOLE:"), std::string::npos) << compared.err;
  EXPECT_NE(compared.out.find("Revision 4 (2021-06-08T15:40:00Z) to revision 5 "
                              "(2021-06-08T16:25:00Z): 3 paragraphs differ, 26 unchanged."),
            std::string::npos)
      << compared.out;
  const std::size_t result = compared.out.find("class=\"st-compare-result\"");
  ASSERT_NE(result, std::string::npos);
  EXPECT_NE(compared.out.find("<ins>The White House sought to clarify", result), std::string::npos);
}

}  // namespace
}  // namespace st
