// HTML output from the templates in templates/: the sample story's timeline page validates with
// tidy, has a card per revision and the clarification's paragraphs as insertions; hostile
// article text is shown as text.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "render/html_render.hpp"
#include "summary/summary.hpp"
#include "support/process.hpp"
#include "support/sample_story.hpp"

namespace st {
namespace {

namespace fs = std::filesystem;

HtmlTemplates source_templates() {
  const fs::path dir = fs::path(STORYTRAIL_SOURCE_DIR) / "templates";
  HtmlTemplates t;
  for (const auto& [name, text] :
       {std::pair{"timeline.html", &t.page}, std::pair{"card.html", &t.card},
        std::pair{"diff.html", &t.diff}, std::pair{"timeline.css", &t.css},
        std::pair{"timeline.js", &t.js}}) {
    std::ifstream in(dir / name, std::ios::binary);
    text->assign(std::istreambuf_iterator<char>(in), {});
    EXPECT_FALSE(text->empty()) << name;
  }
  return t;
}

TimelineView timeline_of(const std::vector<Article>& articles, const std::string& story) {
  TimelineView view;
  view.story = story;
  view.url = "https://example.org/news/story";
  for (std::size_t i = 0; i < articles.size(); ++i) {
    TimelineEntry e;
    const int n = static_cast<int>(i + 1);
    e.revision = {n, std::string(40, static_cast<char>('a' + i % 6)),
                  fmt::format("2021-06-08T{:02}:00:00Z", 10 + i), articles[i].headline};
    e.captured_at = 1623146400 + static_cast<std::int64_t>(i) * 3600;
    if (i == 0) {
      e.summary = summarize_first_revision(articles[0]);
    } else {
      ArticleDiff diff = diff_articles(articles[i - 1], articles[i]);
      e.summary = summarize_revision(articles[i - 1], articles[i], diff);
      e.stats = diff.stats;
      e.headline_changed = diff.headline.has_value();
      e.diff = std::move(diff);
    }
    view.entries.push_back(std::move(e));
  }
  return view;
}

// tidy's verdict on a page: its exit status (0 clean, 1 warnings, 2 errors) and messages.
std::pair<int, std::string> tidy(const std::string& html) {
  test::TempDir dir;
  test::write_file(dir.path() / "page.html", html);
  const test::RunResult r = test::run({"tidy", "-q", "-e", (dir.path() / "page.html").string()});
  return {r.exit_code, r.err + r.out};
}

bool have_tidy() {
  return test::run({"sh", "-c", "command -v tidy"}).exit_code == 0;
}

TEST(TimelineHtml, TheSampleStoryPage) {
  std::vector<Article> articles;
  for (const std::string& f : test::kSampleRevisionFiles)
    articles.push_back(test::sample_capture(f));
  const auto html =
      render_timeline_html(timeline_of(articles, "harris-mexico"), source_templates());
  ASSERT_TRUE(html.ok()) << html.error().message;
  EXPECT_TRUE(html->starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(test::count_occurrences(*html, "<li class=\"st-card "), 6u);
  EXPECT_EQ(test::count_occurrences(*html, "<details class=\"st-changes\">"), 5u);
  // The clarification's card shows the Psaki paragraphs as insertions.
  const std::size_t card = html->find("id=\"revision-5\"");
  const std::size_t next = html->find("id=\"revision-6\"");
  ASSERT_NE(card, std::string::npos);
  const std::string fifth = html->substr(card, next - card);
  EXPECT_EQ(test::count_occurrences(fifth, "<ins>"), 3u);
  EXPECT_NE(fifth.find("<ins>\u201CWhat the vice president was simply conveying"),
            std::string::npos);
  EXPECT_NE(fifth.find("quoting White House Press Secretary Jen Psaki"), std::string::npos);
  // Self-contained: no resource from anywhere else.
  for (const char* external : {"<link", "src=\"http", "src='http", "@import", "url(http"}) {
    EXPECT_EQ(html->find(external), std::string::npos) << external;
  }
  if (!have_tidy()) GTEST_SKIP() << "tidy is not installed (tools/setup installs it)";
  const auto [status, messages] = tidy(*html);
  EXPECT_EQ(status, 0) << messages;
}

TEST(TimelineHtml, HostileArticleTextIsShownAsText) {
  Article first, second;
  first.headline = "<script>alert('headline')</script>";
  first.body = {{BlockKind::paragraph, "A paragraph with \" onload=alert(1) x=\" in it."}};
  second = first;
  second.body.push_back({BlockKind::paragraph, "</li></ol><img src=x onerror=alert(2)> & more"});
  second.standfirst = "<b>bold</b> standfirst";
  const auto html = render_timeline_html(timeline_of({first, second}, "x\"><script>s</script>"),
                                         source_templates());
  ASSERT_TRUE(html.ok()) << html.error().message;
  EXPECT_EQ(test::count_occurrences(*html, "<script>"), 1u);  // the page's own script only
  EXPECT_EQ(html->find("<img"), std::string::npos);
  EXPECT_EQ(html->find("<b>"), std::string::npos);
  EXPECT_EQ(html->find("\" onload"), std::string::npos);
  EXPECT_NE(html->find("&lt;script&gt;alert(&#39;headline&#39;)&lt;/script&gt;"),
            std::string::npos);
  EXPECT_NE(html->find("&lt;/li&gt;&lt;/ol&gt;&lt;img src=x onerror=alert(2)&gt; &amp; more"),
            std::string::npos);
  if (!have_tidy()) GTEST_SKIP() << "tidy is not installed (tools/setup installs it)";
  const auto [status, messages] = tidy(*html);
  EXPECT_EQ(status, 0) << messages;
}

// Spacing inserted before a comma ("Monday" to "Monday ,") is a change, but an <ins> holding
// only a space shows nothing and HTML checkers warn of it: the page validates without warnings.
TEST(TimelineHtml, SpacingAloneMakesNoEmptyMarks) {
  Article a, b;
  a.headline = b.headline = "Budget vote";
  a.body = {{BlockKind::paragraph, "The vote was held on Monday, after the debate."}};
  b.body = {{BlockKind::paragraph, "The vote was held on Monday , after the debate."}};
  const auto html = render_timeline_html(timeline_of({a, b}, "budget"), source_templates());
  ASSERT_TRUE(html.ok()) << html.error().message;
  EXPECT_EQ(html->find("<ins> </ins>"), std::string::npos);
  EXPECT_NE(html->find("Minor edit: punctuation or spacing."), std::string::npos);
  if (!have_tidy()) GTEST_SKIP() << "tidy is not installed (tools/setup installs it)";
  const auto [status, messages] = tidy(*html);
  EXPECT_EQ(status, 0) << messages;
}

TEST(TimelineHtml, MinorRevisionsAreGroupedAndBadTemplatesAreErrors) {
  Article a, b, c;
  a.headline = b.headline = c.headline = "Budget vote delayed";
  a.body = {{BlockKind::paragraph, "The goverment delayed the vote."}};
  b.body = {{BlockKind::paragraph, "The government delayed the vote."}};
  c.body = {{BlockKind::paragraph, "The government delayed the vote."},
            {BlockKind::paragraph, "A new paragraph with more details on the budget."}};
  const TimelineView view = timeline_of({a, b, c}, "budget");
  const auto html = render_timeline_html(view, source_templates());
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html->find("1 minor revision (typos, punctuation, a word or two)"), std::string::npos);
  EXPECT_EQ(test::count_occurrences(*html, "<li class=\"st-card "), 3u);
  HtmlTemplates broken = source_templates();
  broken.page = "{{#entries}} never closed";
  EXPECT_FALSE(render_timeline_html(view, broken).ok());
}

}  // namespace
}  // namespace st
