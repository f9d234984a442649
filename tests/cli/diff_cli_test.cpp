// `storytrail diff` end to end: the sample story recorded by the built binary, then diffed in
// every output format; bad input; colour; the pager through a real pseudo-terminal.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "support/cli_fixture.hpp"

namespace st {
namespace {

namespace fs = std::filesystem;
using test::RunResult;

class DiffCli : public test::Cli {
 protected:
  void SetUp() override {
    const RunResult demo = st({"import", test::kSample.string()});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
  }
};

TEST_F(DiffCli, TheClarificationShowsAsThreeAddedParagraphsAndNothingElse) {
  const RunResult r = st({"diff", "harris-mexico", "4", "5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("diff harris-mexico 4..5\n")) << r.out;
  EXPECT_NE(r.out.find("3 paragraphs added, 0 deleted, 0 edited, 0 moved; 70 words added, 0 "
                       "deleted"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(test::count_occurrences(r.out, "{+"), 3u);
  EXPECT_EQ(test::count_occurrences(r.out, "[-"), 0u);
  EXPECT_NE(r.out.find("{+The White House sought to clarify Harris\u2019s comments on Tuesday.+}"),
            std::string::npos);
  EXPECT_NE(r.out.find("\u22EF 24 paragraphs unchanged"), std::string::npos);
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos);  // no colour off a terminal
}

TEST_F(DiffCli, DefaultsToTheLatestAgainstTheOneBeforeAndShowsTheMove) {
  const RunResult latest = st({"diff", "harris-mexico"});
  ASSERT_EQ(latest.exit_code, 0) << latest.err;
  EXPECT_TRUE(latest.out.starts_with("diff harris-mexico 5..6\n"));
  EXPECT_NE(latest.out.find("[moved to \u00B623]"), std::string::npos) << latest.out;
  EXPECT_NE(latest.out.find("[moved from \u00B65] The meeting on Tuesday"), std::string::npos);
  EXPECT_EQ(st({"diff", "harris-mexico", "6"}).out, latest.out);
  EXPECT_EQ(st({"diff", "harris-mexico", "@2021-06-08T17:00Z", "latest"}).out,
            st({"diff", "harris-mexico", "5", "6"}).out);
}

TEST_F(DiffCli, TheCorrectionAndTheHeadlineAsStatAndJson) {
  EXPECT_EQ(st({"diff", "harris-mexico", "3", "4", "--stat"}).out,
            "0 paragraphs added, 0 deleted, 1 edited, 0 moved; 1 word added, 1 deleted\n");
  EXPECT_EQ(st({"diff", "harris-mexico", "2", "3", "--stat"}).out,
            "0 paragraphs added, 0 deleted, 0 edited, 0 moved; 9 words added, 10 deleted; "
            "headline changed\n");

  const RunResult r = st({"diff", "harris-mexico", "3", "4", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["story"], "harris-mexico");
  EXPECT_EQ(json["from"]["number"], 3);
  EXPECT_EQ(json["to"]["number"], 4);
  EXPECT_EQ(json["to"]["captured_at"], "2021-06-08T15:40:00Z");
  EXPECT_EQ(json["to"]["id"].get<std::string>().size(), 40u);
  EXPECT_TRUE(json["headline"].is_null());
  EXPECT_EQ(json["stats"]["edited"], 1);
  std::vector<std::string> changed;
  for (const auto& block : json["blocks"]) {
    if (block["op"] == "equal") continue;
    EXPECT_EQ(block["op"], "edit");
    EXPECT_EQ(block["from_index"], block["to_index"]);
    for (const auto& token : block["tokens"]) {
      if (token["op"] != "equal")
        changed.push_back(token["op"].get<std::string>() + " " + token["text"].get<std::string>());
    }
  }
  EXPECT_EQ(changed, (std::vector<std::string>{"delete $300m", "insert $310m"}));
  EXPECT_EQ(st({"diff", "harris-mexico", "3", "4", "--json"}).out, r.out);

  const auto headline =
      nlohmann::json::parse(st({"diff", "harris-mexico", "2", "3", "--json"}).out);
  EXPECT_EQ(headline["headline"]["to"],
            "Harris hails \u2018new era\u2019 with Mexico during Lopez Obrador meeting");
}

// One side of a diff's JSON, rebuilt from its blocks alone as a list of (type, text).
std::vector<std::pair<std::string, std::string>> side_from_json(const nlohmann::json& diff,
                                                                bool old_side) {
  std::map<std::size_t, std::pair<std::string, std::string>> blocks;
  for (const auto& b : diff["blocks"]) {
    const auto& index = b[old_side ? "from_index" : "to_index"];
    if (index.is_null()) continue;
    std::string text;
    if (b.contains("tokens")) {
      for (const auto& t : b["tokens"]) {
        if (t["op"] != (old_side ? "insert" : "delete")) text += t["text"].get<std::string>();
      }
    } else {
      text = b["text"].get<std::string>();
    }
    const std::string kind = old_side && b.contains("from_kind") ? b["from_kind"].get<std::string>()
                                                                 : b["kind"].get<std::string>();
    std::size_t at = index.get<std::size_t>();
    for (std::size_t start = 0;;) {  // the blocks of a split or merge are joined by "\n"
      const std::size_t end = text.find('\n', start);
      blocks[at++] = {kind, text.substr(start, end - start)};
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& [index, block] : blocks) out.push_back(block);
  return out;
}

TEST_F(DiffCli, BothRevisionsAreRebuiltFromTheJson) {
  for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"1", "2"}, {"2", "3"}, {"4", "5"}, {"5", "6"}, {"1", "6"}, {"6", "1"}, {"3", "3"}}) {
    SCOPED_TRACE(a + " -> " + b);
    const RunResult r = st({"diff", "harris-mexico", a, b, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto diff = nlohmann::json::parse(r.out);
    for (const auto& [rev, old_side] : {std::pair{a, true}, std::pair{b, false}}) {
      const auto shown = nlohmann::json::parse(st({"show", "harris-mexico@" + rev, "--json"}).out);
      std::vector<std::pair<std::string, std::string>> expected;
      for (const auto& block : shown["article"]["body"]) {
        expected.push_back({block["type"].get<std::string>(), block["text"].get<std::string>()});
      }
      EXPECT_EQ(side_from_json(diff, old_side), expected);
    }
  }
}

TEST_F(DiffCli, ColourOnlyWhenAskedAndNoColorWins) {
  const RunResult colour = st({"diff", "harris-mexico", "3", "4", "--color", "always"});
  EXPECT_NE(colour.out.find("\x1b[31m$300m\x1b[0m"), std::string::npos) << colour.out;
  EXPECT_NE(colour.out.find("\x1b[32m$310m\x1b[0m"), std::string::npos);
  EXPECT_EQ(colour.out.find("[-"), std::string::npos);
  const RunResult forced = st({"diff", "harris-mexico", "3", "4"}, "", {"CLICOLOR_FORCE=1"});
  EXPECT_NE(forced.out.find("\x1b["), std::string::npos);
  const RunResult none =
      st({"diff", "harris-mexico", "3", "4"}, "", {"CLICOLOR_FORCE=1", "NO_COLOR=1"});
  EXPECT_EQ(none.out.find("\x1b["), std::string::npos);
}

TEST_F(DiffCli, HtmlEscapesEveryArticleText) {
  const fs::path first = write("a.txt", "A headline\n\nThe first paragraph of the story.\n");
  const fs::path second =
      write("b.txt",
            "A <script>alert(1)</script> headline\n\nThe first paragraph of the story."
            "\n\nA paragraph with \" onload=alert(2) x=\" and <b>tags</b> & more.\n");
  ASSERT_EQ(st({"add", first.string(), "--story", "xss", "--at", "2024-01-01T00:00Z"}).exit_code,
            0);
  ASSERT_EQ(st({"add", second.string(), "--story", "xss", "--at", "2024-01-01T01:00Z"}).exit_code,
            0);
  const RunResult r = st({"diff", "xss", "--format", "html"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("<script"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("<b>"), std::string::npos);
  EXPECT_EQ(r.out.find("\" onload"), std::string::npos);
  EXPECT_NE(r.out.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(r.out.find("&quot; onload=alert(2) x=&quot; and &lt;b&gt;tags&lt;/b&gt; &amp; more."),
            std::string::npos);
  EXPECT_NE(r.out.find("<li class=\"st-block st-insert st-kind-paragraph\" value=\"2\"><span "
                       "class=\"st-label\">Added</span> <ins>A paragraph with"),
            std::string::npos);
}

TEST_F(DiffCli, BadInputIsAOneLineErrorAndChangesNothing) {
  const auto before = test::snapshot(store());
  expect_error(st({"diff", "no-such-story"}), 1, "no-such-story");
  expect_error(st({"diff", "harris-mexico", "1"}), 1, "first revision");
  expect_error(st({"diff", "harris-mexico", "9", "1"}), 1, "9");
  expect_error(st({"diff", "harris-mexico", "1", "2", "3"}), 2, "at most two");
  expect_error(st({"diff", "harris-mexico", "--granularity", "letter"}), 2, "granularity");
  EXPECT_EQ(st({"diff", "harris-mexico", "--format", "pdf"}).exit_code, 2);
  expect_error(st({"diff", "harris-mexico", "--context", "-1"}), 2, "--context");
  expect_error(st({"diff", "harris-mexico", "--stat", "--format", "json"}), 2, "excludes");
  expect_error(st({"diff", "harris-mexico", "--stat", "--json"}), 2, "excludes");
  expect_error(st({"diff", "harris-mexico", "--json", "--format", "html"}), 2, "excludes");
  EXPECT_EQ(test::snapshot(store()), before);
}

TEST_F(DiffCli, GranularityAndContext) {
  const RunResult sentence = st({"diff", "harris-mexico", "3", "4", "--granularity", "sentence"});
  EXPECT_NE(sentence.out.find("[-Harris, tasked by Biden"), std::string::npos) << sentence.out;
  const RunResult wide = st({"diff", "harris-mexico", "3", "4", "--context", "2"});
  EXPECT_NE(wide.out.find("\u22EF 18 paragraphs unchanged"), std::string::npos) << wide.out;
  const RunResult none = st({"diff", "harris-mexico", "3", "4", "--context", "0"});
  EXPECT_NE(none.out.find("\u22EF 20 paragraphs unchanged"), std::string::npos) << none.out;
  const RunResult same = st({"diff", "harris-mexico", "4", "4"});
  EXPECT_NE(same.out.find("No changes."), std::string::npos);
}

TEST_F(DiffCli, LongOutputOnATerminalGoesThroughThePager) {
  if (test::run({"sh", "-c", "command -v script"}).exit_code != 0) {
    GTEST_SKIP() << "no 'script' to make a pseudo-terminal";
  }
  const fs::path paged = dir_ / "paged.txt";
  const std::string command = std::string(STORYTRAIL_BINARY) + " --store " + store().string() +
                              " diff harris-mexico 1 2 --color never";
  // script(1) runs the command on a pseudo-terminal; the pager writes what it gets to a file.
  const RunResult r = test::run({"script", "-qec", command, "/dev/null"}, "",
                                {"PAGER=cat > " + paged.string(), "NO_COLOR=", "TERM=xterm"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ASSERT_TRUE(fs::exists(paged));
  const std::string text = test::read_file(paged);
  EXPECT_TRUE(text.starts_with("diff harris-mexico 1..2\n")) << text;
  EXPECT_NE(text.find("17 paragraphs added"), std::string::npos);
  // --no-pager writes straight to the terminal.
  fs::remove(paged);
  const RunResult direct = test::run({"script", "-qec", command + " --no-pager", "/dev/null"}, "",
                                     {"PAGER=cat > " + paged.string(), "TERM=xterm"});
  EXPECT_EQ(direct.exit_code, 0);
  EXPECT_FALSE(fs::exists(paged));
  EXPECT_NE(direct.out.find("17 paragraphs added"), std::string::npos);
  // A pager that cannot be run: the text comes without one.
  const RunResult missing = test::run({"script", "-qec", command, "/dev/null"}, "",
                                      {"PAGER=/nonexistent/pager", "TERM=xterm"});
  EXPECT_NE(missing.out.find("17 paragraphs added"), std::string::npos) << missing.out;
}

}  // namespace
}  // namespace st
