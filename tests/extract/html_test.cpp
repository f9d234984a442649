// extract_html: golden pages under tests/data/extract and behaviours on small inline pages.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "extract/extract.hpp"
#include "extract/test_files.hpp"

namespace st {
namespace {

using testing::read_test_file;

Article extract_ok(const std::string& html, const std::string& url = "",
                   const std::string& content_type = "") {
  auto result = extract_html({html, url, content_type});
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? *result : Article{};
}

// A page with `body` inside <body>, and `head` inside <head>.
std::string page(const std::string& body, const std::string& head = "") {
  return "<!DOCTYPE html><html><head><meta charset=utf-8>" + head + "</head><body>" + body +
         "</body></html>";
}

std::vector<std::string> texts(const Article& article) {
  std::vector<std::string> out;
  for (const Block& block : article.body) out.push_back(block.text);
  return out;
}

// ---- golden pages ----

TEST(ExtractHtmlGolden, NewsPage) {
  const Article article = extract_ok(read_test_file("news-page.html"),
                                     "https://news.example.org/city/2024/05/harbour-bridge-reopens"
                                     "?utm_source=feed");
  EXPECT_EQ(canonical_text(article), read_test_file("news-page.expected.txt"));

  EXPECT_EQ(article.headline, "Harbour bridge reopens after three-year repair");
  EXPECT_EQ(article.site, "The Daily Example");  // JSON-LD publisher, by reference
  EXPECT_EQ(article.standfirst,
            "Drivers and cyclists crossed the Old Harbour bridge on Tuesday morning for the first "
            "time since 2021.");
  EXPECT_EQ(article.bylines, (std::vector<std::string>{"Ana Costa", "Luis Moreno"}));
  EXPECT_EQ(article.canonical_url, "https://news.example.org/city/2024/05/harbour-bridge-reopens");
  EXPECT_EQ(article.url,
            "https://news.example.org/city/2024/05/harbour-bridge-reopens?utm_source=feed");
  EXPECT_EQ(article.published, "2024-05-14T06:00:00Z");
  EXPECT_EQ(article.modified, "2024-05-14T09:41:00Z");
  EXPECT_EQ(article.language, "en-GB");
  EXPECT_EQ(article.extractor, kHtmlExtractorName);

  std::vector<BlockKind> kinds;
  for (const Block& block : article.body) kinds.push_back(block.kind);
  using K = BlockKind;
  const std::vector<BlockKind> expected{
      K::caption, K::paragraph, K::paragraph, K::heading,   K::paragraph, K::quote,   K::paragraph,
      K::embed,   K::paragraph, K::list_item, K::list_item, K::list_item, K::caption, K::paragraph};
  EXPECT_EQ(kinds, expected);
}

TEST(ExtractHtmlGolden, ChromeChangesDoNotChangeTheCanonicalText) {
  const Article first = extract_ok(read_test_file("news-page.html"));
  const Article second = extract_ok(read_test_file("news-page-other-chrome.html"));
  EXPECT_EQ(canonical_text(first), canonical_text(second));
  EXPECT_EQ(first.body, second.body);
  EXPECT_EQ(first.headline, second.headline);
  EXPECT_NE(first.modified, second.modified);  // the pages do differ
}

TEST(ExtractHtmlGolden, Windows1252WithMetaCharset) {
  const Article article = extract_ok(read_test_file("windows-1252.html"));
  EXPECT_EQ(article.headline, "Caf\u00E9 prices rise again");
  EXPECT_EQ(texts(article),
            (std::vector<std::string>{
                "A cup of coffee now costs \u20AC3.20 in the old town, up from "
                "\u20AC2.90 last spring, the survey found.",
                "\u201CWe had no choice,\u201D said one owner of a caf\u00E9 on the "
                "na\u00EFve-art street\u2026 \u2013 and others agreed."}));
  EXPECT_EQ(article.language, "fr");
}

TEST(ExtractHtmlGolden, Iso88591IsReadAsWindows1252) {
  const Article article = extract_ok(read_test_file("iso-8859-1.html"));
  EXPECT_EQ(article.headline, "Z\u00FCrich tram fares frozen for 2025");
  EXPECT_EQ(texts(article),
            (std::vector<std::string>{
                "The city\u2019s transport board said a single ticket stays at CHF 2.80, and a day "
                "pass costs \u00A310 for visitors paying in pounds.",
                "Fares were last raised in 2019 \u00B7 the board meets again in M\u00E4rz."}));
}

TEST(ExtractHtmlGolden, Utf8ByteOrderMark) {
  const Article article = extract_ok(read_test_file("utf8-bom.html"));
  EXPECT_EQ(article.headline, "Sn\u00F8 i Troms\u00F8 i mai");
  ASSERT_EQ(article.body.size(), 2u);
  EXPECT_EQ(article.body[1].text,
            "\u00ABDette er uvanlig, men ikke rekord\u00BB, sier vakthavende "
            "meteorolog.");
}

TEST(ExtractHtmlGolden, Entities) {
  const Article article = extract_ok(read_test_file("entities.html"));
  EXPECT_EQ(article.headline, "Fish & chips \u2014 a history");
  EXPECT_EQ(texts(article),
            (std::vector<std::string>{
                "Caf\u00E9 owners say \u201Cfish & chips\u201D has been sold here since 1860\u2026",
                "Write <b> to make text bold; &amp; shows an ampersand!",
                "Prices: \u00A37.50 \u00D7 2 = \u00A315 \u00A9 2024"}));
}

TEST(ExtractHtmlGolden, InvalidUtf8BecomesReplacementCharacters) {
  const Article article = extract_ok(read_test_file("invalid-utf8.html"));
  EXPECT_EQ(texts(article),
            (std::vector<std::string>{"This sentence has a stray byte \uFFFD in the middle.",
                                      "This one ends in a cut-off sequence \uFFFD",
                                      "And this one is fine: caf\u00E9."}));
}

// ---- charset from the content type ----

TEST(ExtractHtml, ContentTypeCharsetBeatsMeta) {
  const std::string html =
      "<html><head><meta charset=utf-8></head><body><article><h1>Caf\xE9"
      "</h1><p>Cr\xE8me br\xFBl\xE9"
      "e is on the menu again this week.</p>"
      "</article></body></html>";
  const Article article = extract_ok(html, "", "text/html; charset=ISO-8859-1");
  EXPECT_EQ(article.headline, "Caf\u00E9");
  EXPECT_EQ(texts(article), std::vector<std::string>{
                                "Cr\u00E8me br\u00FBl\u00E9e is on the menu again this week."});
}

TEST(ExtractHtml, Utf16PageWithByteOrderMark) {
  std::string html = "\xFF\xFE";
  for (const char c :
       std::string("<html><body><h1>Hi</h1><p>UTF-16 page text.</p></body></html>")) {
    html += c;
    html += '\0';
  }
  const Article article = extract_ok(html);
  EXPECT_EQ(article.headline, "Hi");
  EXPECT_EQ(texts(article), std::vector<std::string>{"UTF-16 page text."});
}

// ---- metadata ----

TEST(ExtractHtml, HeadlineFallsBackFromJsonLdToOgTitleToH1ToTitle) {
  const std::string body = "<article><h1>The h1 headline</h1><p>Body text.</p></article>";
  EXPECT_EQ(extract_ok(page(body,
                            "<title>The title | Site</title>"
                            "<meta property=og:title content='The og title'>"
                            "<script type=application/ld+json>{\"@type\":\"NewsArticle\","
                            "\"headline\":\"The h1 headline, from JSON-LD\"}</script>"))
                .headline,
            "The h1 headline, from JSON-LD");
  EXPECT_EQ(extract_ok(page(body,
                            "<title>The title | Site</title>"
                            "<meta property=og:title content='The og title'>"))
                .headline,
            "The og title");
  EXPECT_EQ(extract_ok(page(body, "<title>The title | Site</title>")).headline, "The h1 headline");
  EXPECT_EQ(extract_ok(page("<p>Body text.</p>",
                            "<title>Council approves the new budget plan | Politics | Example "
                            "News</title>"))
                .headline,
            "Council approves the new budget plan");
}

TEST(ExtractHtml, JsonLdHeadlineThatContradictsThePageIsPassedOver) {
  // Wikipedia puts a short description in "headline".
  const std::string html = page(
      "<h1>New Zealand</h1><div><p>New Zealand is an island country in the Pacific "
      "Ocean.</p></div>",
      "<title>New Zealand - Wikipedia</title><meta property=og:title content='New Zealand - "
      "Wikipedia'><script type=application/ld+json>{\"@type\":\"Article\",\"name\":\"New "
      "Zealand\",\"headline\":\"constitutional monarchy in Oceania\"}</script>");
  EXPECT_EQ(extract_ok(html).headline, "New Zealand");
}

TEST(ExtractHtml, SiteNameH1IsNotTheHeadline) {
  const std::string html = page(
      "<header><h1><a href='/'>V8</a></h1></header><div class=content><p>Standalone "
      "WebAssembly binaries, built with Emscripten, run outside the browser.</p></div>",
      "<title>Outside the web: standalone WebAssembly binaries \u00B7 V8</title>");
  EXPECT_EQ(extract_ok(html).headline, "Outside the web: standalone WebAssembly binaries");
}

TEST(ExtractHtml, SiteComesFromJsonLdThenOpenGraphThenApplicationName) {
  EXPECT_EQ(extract_ok(page("<p>Text.</p>",
                            "<meta property=og:site_name content=OG>"
                            "<meta name=application-name content=App>"))
                .site,
            "OG");
  EXPECT_EQ(extract_ok(page("<p>Text.</p>", "<meta name=application-name content=App>")).site,
            "App");
}

TEST(ExtractHtml, CanonicalUrlIsMadeAbsolute) {
  EXPECT_EQ(extract_ok(page("<p>Text.</p>", "<link rel=canonical href='/news/1'>"),
                       "https://example.org/news/1?ref=home")
                .canonical_url,
            "https://example.org/news/1");
  EXPECT_EQ(extract_ok(page("<p>Text.</p>", "<link rel=canonical href='//cdn.example.org/a'>"),
                       "http://example.org/a")
                .canonical_url,
            "http://cdn.example.org/a");
  EXPECT_EQ(
      extract_ok(page("<p>Text.</p>", "<meta property=og:url content='https://example.org/og'>"))
          .canonical_url,
      "https://example.org/og");
  EXPECT_EQ(extract_ok(page("<p>Text.</p>",
                            "<script type=application/ld+json>{\"@type\":"
                            "\"NewsArticle\",\"headline\":\"Text.\","
                            "\"url\":\"https://example.org/ld\"}</script>"))
                .canonical_url,
            "https://example.org/ld");
}

TEST(ExtractHtml, LanguageFromHtmlLangElseOgLocale) {
  EXPECT_EQ(extract_ok("<html lang=de><body><p>Text.</p></body></html>").language, "de");
  EXPECT_EQ(extract_ok(page("<p>Text.</p>", "<meta property=og:locale content=en_US>")).language,
            "en-US");
}

TEST(ExtractHtml, BylinesFromMetaAuthorOrABylineElement) {
  EXPECT_EQ(extract_ok(page("<p>Text.</p>", "<meta name=author content='By Jo Lee'>")).bylines,
            std::vector<std::string>{"Jo Lee"});
  const std::string byline_page = page(
      "<article><h1>Title here</h1><div class=byline>By <a href=/a>Jo Lee</a> and Sam Roe "
      "<time>Updated 3 hours ago</time></div><p>The article text is here.</p></article>");
  EXPECT_EQ(extract_ok(byline_page).bylines, (std::vector<std::string>{"Jo Lee", "Sam Roe"}));
  const std::string rel_page = page(
      "<article><h1>Title here</h1><p>Story by <a rel=author href=/a>Kim Park</a></p>"
      "<p>The article text is here, and it goes on for a while.</p></article>");
  EXPECT_EQ(extract_ok(rel_page).bylines, std::vector<std::string>{"Kim Park"});
}

TEST(ExtractHtml, StandfirstFromADekElementIsNotRepeatedInTheBody) {
  const Article article = extract_ok(page(
      "<article><h1>Title here</h1><div class=article-body><p class=dek>A summary line that is "
      "long enough to count.</p><p>The first real paragraph of the article text.</p></div>"
      "</article>"));
  EXPECT_EQ(article.standfirst, "A summary line that is long enough to count.");
  EXPECT_EQ(texts(article),
            std::vector<std::string>{"The first real paragraph of the article text."});
}

TEST(ExtractHtml, StandfirstFromTheDescriptionUnlessItRepeatsTheBody) {
  const std::string body =
      "<article><h1>Title here</h1><p>The first paragraph says what happened today in town."
      "</p><p>The second paragraph adds more.</p></article>";
  EXPECT_EQ(
      extract_ok(page(body, "<meta name=description content='A different summary of it all.'>"))
          .standfirst,
      "A different summary of it all.");
  const Article cut = extract_ok(
      page(body, "<meta name=description content='The first paragraph says what happened...'>"));
  EXPECT_EQ(cut.standfirst, "");
  EXPECT_EQ(cut.body.size(), 2u);
}

// ---- the body ----

TEST(ExtractHtml, InlineTextIsJoinedWithTheRightSpacing) {
  const Article article = extract_ok(
      page("<article><h1>T</h1><p><b>Bold</b>face and <a href=x>a link</a>, <em>then</em>\n"
           "  <span>words</span><br>after a break.</p></article>"));
  EXPECT_EQ(texts(article),
            std::vector<std::string>{"Boldface and a link, then words after a break."});
}

TEST(ExtractHtml, TwoBreaksEndAParagraphAndDirectTextIsAParagraph) {
  const Article article = extract_ok(
      page("<article><h1>T</h1><div>First paragraph written without p tags.<br><br>Second one."
           "<div>A nested block.</div>Text after the block.</div></article>"));
  EXPECT_EQ(texts(article),
            (std::vector<std::string>{"First paragraph written without p tags.", "Second one.",
                                      "A nested block.", "Text after the block."}));
}

TEST(ExtractHtml, ChromeInsideTheContainerIsLeftOut) {
  const Article article =
      extract_ok(page("<article><h1>The headline</h1><div class=article-body>"
                      "<p>First paragraph of the story.</p>"
                      "<div class=ad-container><p>Buy our product now at a low price.</p></div>"
                      "<div id=social-share><p>Share this on every network.</p></div>"
                      "<nav><p>Next story in the navigation.</p></nav>"
                      "<aside><p>A pull quote repeated from the text.</p></aside>"
                      "<div class=newsletter><p>Sign up for the morning email.</p></div>"
                      "<div class=most-read><p>Most read stories of today.</p></div>"
                      "<div hidden><p>Hidden paragraph.</p></div>"
                      "<div aria-hidden=true><p>Invisible paragraph.</p></div>"
                      "<div style='display: none'><p>Undisplayed paragraph.</p></div>"
                      "<noscript><p>Turn on JavaScript.</p></noscript>"
                      "<p>Advertisement</p><p>Read more</p><p>Skip to content</p>"
                      "<a href=/other><div>A card for another story</div><time>May 1</time></a>"
                      "<div class=vjs-control-bar><span class=vjs-control-text>Stream Type "
                      "LIVE</span></div>"
                      "<p>Publicit\u00e9</p><p>\u6B63\u5728\u52A0\u8F7D...</p>"
                      "<p>SIGN UP FOR OUR NEWSLETTER</p>"
                      "<div class=storytimestamp><span>CNNMoney (New York)</span></div>"
                      "<span class=livefyre-commentcount>0</span>"
                      "<div class=rv-autoplay><a href=#>Autoplay switch</a><span>Autoplay</span>"
                      "</div>"
                      "<p>Updated 5 minutes ago</p>"
                      "<p>Second paragraph of the story.</p>"
                      "<footer><p>Footer text.</p></footer></div></article>"));
  EXPECT_EQ(texts(article), (std::vector<std::string>{"First paragraph of the story.",
                                                      "Second paragraph of the story."}));
}

TEST(ExtractHtml, ListsOfLinksAreLeftOutButContentListsKept) {
  const Article article = extract_ok(
      page("<article><h1>T</h1><p>Three things happened today in the town centre:</p>"
           "<ul><li>the market opened</li><li>the bridge closed</li></ul>"
           "<ul><li><a href=/1>Other story one</a></li><li><a href=/2>Other story two</a></li></ul>"
           "</article>"));
  EXPECT_EQ(texts(article),
            (std::vector<std::string>{"Three things happened today in the town centre:",
                                      "the market opened", "the bridge closed"}));
  EXPECT_EQ(article.body[1].kind, BlockKind::list_item);
}

TEST(ExtractHtml, HeadingsQuotesCaptionsAndEmbeds) {
  const Article article = extract_ok(
      page("<article><header><h1>The headline</h1></header>"
           "<p>Opening paragraph of the story.</p>"
           "<h2>The headline</h2>"
           "<h2>A section heading</h2>"
           "<blockquote><p>A quoted sentence.</p></blockquote>"
           "<figure><img src=x alt='alt text'><span class=credit>Photo: Agency</span>"
           "<figcaption>A caption. <span>Photo: Agency</span></figcaption></figure>"
           "<blockquote class=instagram-media><div><p>An Instagram post</p><p>by someone</p></div>"
           "</blockquote>"
           "<blockquote class='twitter-tweet'><p>A tweet</p>&mdash; Someone (@someone)</blockquote>"
           "<p>Closing paragraph.</p><h3>Related</h3><h3>Another trailing heading</h3></article>"));
  using K = BlockKind;
  const std::vector<Block> expected{
      {K::paragraph, "Opening paragraph of the story."},
      {K::heading, "A section heading"},
      {K::quote, "A quoted sentence."},
      {K::caption, "A caption. Photo: Agency"},
      {K::embed, "An Instagram post by someone"},
      {K::embed, "A tweet \u2014 Someone (@someone)"},
      {K::paragraph, "Closing paragraph."},
  };
  EXPECT_EQ(article.body, expected);
}

TEST(ExtractHtml, LinkedHeadingsStayButARunOfThemIsAListOfOtherArticles) {
  const Article article = extract_ok(
      page("<article><h1>T</h1><p>The opening paragraph of the story, long enough to count.</p>"
           "<h2><a href='#how'>How it happened</a></h2>"
           "<p>The second paragraph, under a heading that links to itself.</p>"
           "<h2>More to explore</h2><h3><a href=/a>Another story</a></h3>"
           "<h3><a href=/b>Yet another story</a></h3><h3><a href=/c>A third one</a></h3>"
           "</article>"));
  EXPECT_EQ(texts(article),
            (std::vector<std::string>{"The opening paragraph of the story, long enough to count.",
                                      "How it happened",
                                      "The second paragraph, under a heading that links to "
                                      "itself."}));
  EXPECT_EQ(article.body[1].kind, BlockKind::heading);
}

TEST(ExtractHtml, EditorsLinksStayAndCaptionsAreTypedByName) {
  const Article article = extract_ok(
      page("<article><h1>T</h1><div class=article-body><p>The opening paragraph of the story, "
           "long enough to count for something.</p>"
           "<p>Earlier coverage:</p><p><a href=/a>The council's earlier decision</a></p>"
           "<div class=dnd-widget-wrapper><img src=a.jpg>"
           "<div class=dnd-caption-wrapper>Towels should be cleaned between stays</div></div>"
           "<p>The closing paragraph.</p></div></article>"));
  using K = BlockKind;
  const std::vector<Block> expected{
      {K::paragraph, "The opening paragraph of the story, long enough to count for something."},
      {K::paragraph, "Earlier coverage:"},
      {K::paragraph, "The council's earlier decision"},
      {K::caption, "Towels should be cleaned between stays"},
      {K::paragraph, "The closing paragraph."},
  };
  EXPECT_EQ(article.body, expected);
}

TEST(ExtractHtml, TimesAreIso8601FromMetadataElseFromTheVisibleTimeElement) {
  const Article from_meta =
      extract_ok(page("<article><h1>T</h1><p>Some text of the article.</p></article>",
                      "<meta property=article:published_time content='2017-11-03 03:01:00.000000'>"
                      "<meta name=dcterms.modified content='Tue, 08 Jun 2021 15:40:00 GMT'>"));
  EXPECT_EQ(from_meta.published, "2017-11-03T03:01:00");
  EXPECT_EQ(from_meta.modified, "2021-06-08T15:40:00Z");

  const Article from_page = extract_ok(
      page("<aside><time datetime='2020-01-01'>Old</time></aside><article><header><h1>T</h1>"
           "<time datetime='not a date'>Today</time><time datetime='2021-06-08T15:00+0200'>8 "
           "June</time></header><p>Some text of the article.</p></article>"));
  EXPECT_EQ(from_page.published, "2021-06-08T15:00:00+02:00");
  EXPECT_EQ(from_page.modified, "");
}

TEST(ExtractHtml, BylinesFromMicrodataOutsideTheArticleAndFromHCards) {
  EXPECT_EQ(extract_ok(page("<div><span itemprop=author itemscope><span itemprop=name>Alex "
                            "Perry</span></span></div><article><h1>T</h1><p>Some text of the "
                            "article.</p></article>"))
                .bylines,
            std::vector<std::string>{"Alex Perry"});
  EXPECT_EQ(extract_ok(page("<article><h1>T</h1><div class=vcard><span>By </span><span "
                            "class=fn>GILLIAN MOHNEY</span></div><p>Some text of the "
                            "article.</p></article>"))
                .bylines,
            std::vector<std::string>{"Gillian Mohney"});
}

TEST(ExtractHtml, MathMlIsReadAsItsSymbols) {
  const Article article = extract_ok(
      page("<article><h1>T</h1><p>When <math><mi>a</mi> <mo>\u2260</mo> <mn>0</mn></math>, "
           "there are two solutions, as this long enough paragraph says.</p></article>"));
  EXPECT_EQ(texts(article), std::vector<std::string>{
                                "When a \u2260 0, there are two solutions, as this long enough "
                                "paragraph says."});
}

TEST(ExtractHtml, AnOgTitleThatIsTheSiteNameIsNotTheHeadline) {
  const Article article = extract_ok(
      page("<article><h1>Space ship breaks up over Siberia</h1><p>A cargo ship broke up over "
           "Siberia on Thursday, the space agency said, minutes after launch.</p></article>",
           "<meta property=og:title content='Example News - Latest News &amp; Headlines'>"
           "<meta name=application-name content='Example News - Latest News &amp; Headlines'>"
           "<title>Example News - Latest News &amp; Headlines</title>"));
  EXPECT_EQ(article.headline, "Space ship breaks up over Siberia");
}

TEST(ExtractHtml, ChartLabelsAndAuthorBiosAreLeftOut) {
  std::string chart = "<div class='ai2html'><img src=chart.png>";
  for (const char* label : {"$915", "billion", "600", "’17", "’18", "PROJECTED"}) {
    chart += std::string("<div class='g-aiAbs'><p>") + label + "</p></div>";
  }
  chart += "</div>";
  const Article article = extract_ok(
      page("<article><h1>T</h1><div class=article-body><p>Interest payments will triple, the "
           "budget office says, in a long enough paragraph.</p>" +
           chart +
           "<div class=chart><p>Debt as a share of output</p></div>"
           "<p>The closing paragraph.</p></div><div class=user-bio><p>A. Writer is a reporter "
           "based in Sydney.</p></div></article>"));
  EXPECT_EQ(texts(article),
            (std::vector<std::string>{"Interest payments will triple, the budget office says, in a "
                                      "long enough paragraph.",
                                      "The closing paragraph."}));
}

TEST(ExtractHtml, AListingPageGivesItsTeasersNotOneOfThem) {
  // A front page: many <article> teasers, none holding most of the text. The extract is the
  // listing (so a tracked front page shows what was added and dropped), not one teaser.
  std::string teasers;
  for (int i = 1; i <= 5; ++i) {
    const std::string n = std::to_string(i);
    teasers += "<article><h2><a href=/s" + n + ">Story number " + n +
               "</a></h2><p>The summary of "
               "story " +
               n + ", which tells what happened, where and when.</p></article>";
  }
  const Article article = extract_ok(
      page("<nav><a href=/>Home</a></nav><main><h1>Front page</h1>" + teasers + "</main>"));
  ASSERT_EQ(article.body.size(), 10u);
  EXPECT_EQ(article.body[0], (Block{BlockKind::heading, "Story number 1"}));
  EXPECT_EQ(article.body[9].text,
            "The summary of story 5, which tells what happened, where and when.");
}

TEST(ExtractHtml, PrefersItempropArticleBody) {
  const Article article = extract_ok(
      page("<article><h1>T</h1><div class=teaser><p>A teaser paragraph, with commas, that is long "
           "enough to score, and then some more.</p></div><div itemprop=articleBody><p>The real "
           "story text, which is what we want, and it is long enough to hold a reader.</p><p>More "
           "of the real story, a second paragraph, also quite long for the test.</p></div>"
           "</article>"));
  EXPECT_EQ(texts(article).size(), 2u);
  EXPECT_EQ(texts(article)[0].substr(0, 19), "The real story text");
}

TEST(ExtractHtml, ScoresParagraphsWhenThePageNamesNothing) {
  const Article article = extract_ok(page(
      "<div class=x><a href=/1>Home</a> <a href=/2>World</a> <a href=/3>Sport</a></div>"
      "<div class=y><p>The first paragraph of a story, with a comma, and another, and more text "
      "to make it long enough to count.</p><p>The second paragraph, also long, goes on about "
      "the story in detail, as stories do.</p></div>"
      "<div class=z><p><a href=/4>Link one</a></p><p><a href=/5>Link two</a></p></div>"));
  EXPECT_EQ(texts(article).size(), 2u);
  EXPECT_EQ(texts(article)[0].substr(0, 25), "The first paragraph of a ");
}

TEST(ExtractHtml, UsesJsonLdArticleBodyWhenThePageShowsLittle) {
  const Article article = extract_ok(
      page("<article><h1>Title</h1><p>Loading\u2026</p></article>",
           "<script type=application/ld+json>{\"@type\":\"NewsArticle\",\"headline\":\"Title\","
           "\"articleBody\":\"The first paragraph from the structured data, long enough.\\n\\nThe "
           "second paragraph from the structured data.\"}</script>"));
  EXPECT_EQ(texts(article),
            (std::vector<std::string>{"The first paragraph from the structured data, long enough.",
                                      "The second paragraph from the structured data."}));
}

TEST(ExtractHtml, NoArticleTextIsAnError) {
  for (const std::string& html :
       {std::string("<html><body></body></html>"), page("<nav><a href=/>Home</a></nav>"),
        page("<script>var a = 1;</script><style>p{}</style>"), std::string("<html>")}) {
    const auto result = extract_html({html, "", ""});
    ASSERT_FALSE(result.ok()) << html;
    EXPECT_EQ(result.error().message, "no article text found in the page");
  }
}

TEST(ExtractHtml, AHeadlineWithoutBodyIsAccepted) {
  const Article article = extract_ok(page("", "<title>Only a title</title>"));
  EXPECT_EQ(article.headline, "Only a title");
  EXPECT_TRUE(article.body.empty());
}

// ---- pathological pages ----

TEST(ExtractHtmlPathological, NestedAHundredThousandLevelsDeep) {
  std::string html = "<html><head><title>Deep page</title></head><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "<p>Text at the bottom of a very deep page.</p>";
  for (int i = 0; i < 100000; ++i) html += "</div>";
  html += "</body></html>";
  const Article article = extract_ok(html);
  EXPECT_EQ(article.headline, "Deep page");
  EXPECT_EQ(texts(article), std::vector<std::string>{"Text at the bottom of a very deep page."});
}

TEST(ExtractHtmlPathological, NestedInlineAndTableElements) {
  for (const std::string opening : {"<span>", "<b><i>", "<table><tr><td>", "<div></span>",
                                    "<x-custom>", "<div/>", "<blockquote>", "<ul><li>"}) {
    std::string html = "<html><body>";
    for (int i = 0; i < 100000 / static_cast<int>(opening.size()); ++i) html += opening;
    html += "Deep text.";
    const auto result = extract_html({html, "", ""});
    ASSERT_TRUE(result.ok()) << opening << ": " << result.error().message;
    ASSERT_FALSE(result->body.empty()) << opening;
    EXPECT_EQ(result->body.back().text, "Deep text.") << opening;
  }
}

TEST(ExtractHtmlPathological, TwentyMegabytePage) {
  // The largest page the extractor is meant for: 20 MB, mostly a live blog's paragraphs, with
  // a script and a comment the size of a page in the middle.
  std::string html =
      "<!DOCTYPE html><html><head><title>Live: the long day</title></head><body>"
      "<article><h1>Live: the long day</h1>";
  const std::string paragraph =
      "<p>Update: the committee met again, heard more evidence, and adjourned until later.</p>\n";
  std::size_t count = 0;
  while (html.size() < 20 * 1024 * 1024) {
    html += paragraph;
    if (++count == 50000) {
      html += "<script>" + std::string(1024 * 1024, 'x') + "</script><!--" +
              std::string(1024 * 1024, '-') + "-->";
    }
  }
  html += "</article></body></html>";
  const Article article = extract_ok(html);
  EXPECT_EQ(article.headline, "Live: the long day");
  EXPECT_GT(article.body.size(), 200000u);
  EXPECT_EQ(article.body.front().text,
            "Update: the committee met again, heard more evidence, and adjourned until later.");
}

TEST(ExtractHtmlPathological, FiveMegabytesOfJunk) {
  // Tag soup from a fixed-seed generator: unbalanced tags, stray quotes and comment markers,
  // broken JSON-LD, raw-text elements left open.
  const std::vector<std::string> pieces{
      "<div>",
      "</div>",
      "<p>",
      "</p>",
      "<span class=\"ad\">",
      "</span>",
      "<table>",
      "<td>",
      "<li>",
      "<ul>",
      "<a href=",
      "\"",
      "'",
      "<!--",
      "-->",
      "<![CDATA[",
      "<svg>",
      "<path/>",
      "<h1>",
      "</h1>",
      "<article>",
      "<blockquote class=twitter-tweet>",
      "<br>",
      "&amp;",
      "&#x1F600;",
      "&#99999999;",
      "<script type=application/ld+json>{\"@type\":\"NewsArticle\"",
      "</script>",
      "<style>",
      "</style>",
      "<title>",
      "<template>",
      "<form>",
      "<select>",
      "words and words, ",
      "caf\xC3\xA9 ",
      "\xFF\xFE",
      "\xE2\x82",
      "\n",
      "<meta charset=latin1>"};
  std::uint32_t state = 12345;
  std::string html;
  html.reserve(5 * 1024 * 1024 + 100);
  while (html.size() < 5 * 1024 * 1024) {
    state = state * 1664525u + 1013904223u;
    html += pieces[(state >> 8) % pieces.size()];
  }
  const auto result = extract_html({html, "", ""});
  // Any answer will do, as long as there is one.
  if (result.ok()) {
    EXPECT_EQ(result->extractor, kHtmlExtractorName);
  } else {
    EXPECT_FALSE(result.error().message.empty());
  }
}

}  // namespace
}  // namespace st
