// The gumbo helpers: the nesting guard, class words, hidden elements, text and tree walks.

#include "extract/html_tree.hpp"

#include <gtest/gtest.h>

#include <string>

#include "util/text.hpp"

namespace st::html {
namespace {

std::string repeat(std::string_view part, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += part;
  return out;
}

// The body's first element child in a parsed fragment.
const GumboNode* first_in_body(const Document& document) {
  const GumboNode* body = nullptr;
  walk(document.root(), [&](const GumboNode* node) {
    if (body == nullptr && tag_of(node) == GUMBO_TAG_BODY) body = node;
    return Descend::children;
  });
  EXPECT_NE(body, nullptr);
  const GumboVector& children = body->v.element.children;
  for (unsigned int i = 0; i < children.length; ++i) {
    if (is_element(child_at(&children, i))) return child_at(&children, i);
  }
  ADD_FAILURE() << "empty body";
  return body;
}

TEST(PruneForParsing, LeavesOrdinaryPagesAlone) {
  EXPECT_FALSE(prune_for_parsing("<html><body><div><p>Hi</p></div></body></html>", 3));
  // Elements whose end tag may be omitted, void elements and raw text do not add up.
  EXPECT_FALSE(prune_for_parsing(
      repeat("<p>para", 1000) + repeat("<li>item", 1000) + repeat("<br><img src=x>", 1000), 5));
  EXPECT_FALSE(prune_for_parsing("<!--" + repeat("<div>", 100) + "--><div></div>", 5));
  EXPECT_FALSE(prune_for_parsing("<div title='" + repeat("<div>", 100) + "'></div>", 5));
}

TEST(PruneForParsing, LeavesOutScriptsStylesAndSvgInsides) {
  EXPECT_EQ(*prune_for_parsing("<script>" + repeat("<div>", 100) + "</script><div></div>", 5),
            "<script></script><div></div>");
  EXPECT_EQ(*prune_for_parsing("<p>a<STYLE media=x>p { color: red }</style >b"),
            "<p>a<STYLE media=x></style >b");
  // JSON-LD is metadata the extractor reads: kept whole.
  const std::string ld = R"(<script type="application/ld+json">{"headline": "</p>"}</script>)";
  EXPECT_FALSE(prune_for_parsing(ld));
  // "</scripts" does not end a script; "</script " does.
  EXPECT_EQ(*prune_for_parsing("<script>a</scripts>b</script >c"), "<script></script >c");
  // Nested SVG images are left out to their outer end tag; text after them stays.
  EXPECT_EQ(*prune_for_parsing("<p>x<svg viewBox='0 0 1 1'><g><svg><path d='M0'/></svg>"
                               "<text>icon</text></g></svg>y</p>"),
            "<p>x<svg viewBox='0 0 1 1'></svg>y</p>");
  EXPECT_FALSE(prune_for_parsing("<p>an <svg/> self-closed</p>"));
  // What only looks like a script does not count: inside a comment or an attribute value.
  EXPECT_FALSE(prune_for_parsing("<!-- <script>x</script> --><a title='<style>y'>z</a>"));
}

TEST(PruneForParsing, CapsDeepNestingAndKeepsTheText) {
  const std::string deep = repeat("<div>", 50) + "deep text" + repeat("</div>", 50) + "after";
  const auto limited = prune_for_parsing(deep, 10);
  ASSERT_TRUE(limited);
  EXPECT_EQ(*limited, repeat("<div>", 10) + "deep text" + repeat("</div>", 10) + "after");
}

TEST(PruneForParsing, DropsMatchingEndTagsOfDroppedElements) {
  const std::string html = "<div><div><span>a</span><b>b</b></div></div><i>c</i>";
  const auto limited = prune_for_parsing(html, 2);
  ASSERT_TRUE(limited);
  EXPECT_EQ(*limited, "<div><div>ab</div></div><i>c</i>");
}

TEST(PruneForParsing, IsNotFooledByStrayEndTags) {
  // "</span>" closes nothing here, so the divs pile up all the same.
  const std::string html = repeat("<div></span>", 100);
  const auto limited = prune_for_parsing(html, 10);
  ASSERT_TRUE(limited);
  EXPECT_EQ(*limited, repeat("<div></span>", 10) + repeat("</span>", 90));
}

TEST(PruneForParsing, CountsHtmlSelfClosingSyntaxAsOpen) {
  // In HTML "<div/>" opens a div.
  EXPECT_TRUE(prune_for_parsing(repeat("<div/>", 100), 10));
}

TEST(Document, ParsesAHundredThousandLevelsWithoutTrouble) {
  const std::string html = repeat("<div>", 100000) + "<p>deep text</p>" + repeat("</div>", 100000);
  const auto limited = prune_for_parsing(html);
  ASSERT_TRUE(limited);
  const Document document(*limited);
  EXPECT_EQ(normalize_text(inner_text(document.root())), "deep text");
}

TEST(Walk, VisitsInDocumentOrderAndLeavesAfterChildren) {
  const Document document("<div id=a><p id=b>x<em id=c>y</em></p><p id=d></p></div>");
  std::string trace;
  walk(
      first_in_body(document),
      [&](const GumboNode* node) {
        if (is_element(node)) trace += "<" + std::string(attribute(node, "id"));
        if (is_text(node)) trace += node->v.text.text;
        return Descend::children;
      },
      [&](const GumboNode* node) { trace += std::string(attribute(node, "id")) + ">"; });
  EXPECT_EQ(trace, "<a<bx<cyc>b><dd>a>");
}

TEST(Walk, SkippedElementsAreStillLeft) {
  const Document document("<div id=a><p id=b>x</p></div>");
  std::string trace;
  walk(
      first_in_body(document),
      [&](const GumboNode* node) {
        if (is_element(node)) trace += "<" + std::string(attribute(node, "id"));
        if (is_text(node)) trace += "text";
        return tag_of(node) == GUMBO_TAG_P ? Descend::skip : Descend::children;
      },
      [&](const GumboNode* node) { trace += std::string(attribute(node, "id")) + ">"; });
  EXPECT_EQ(trace, "<a<bb>a>");
}

TEST(InnerText, SeparatesBlocksAndSkipsScripts) {
  const Document document(
      "<div><p>One</p><p>Two<br>lines</p><script>var x = 1;</script>"
      "<span>in</span><b>line</b><span hidden>gone</span><table><tr><td>a</td><td>b</td></tr>"
      "</table></div>");
  EXPECT_EQ(normalize_text(inner_text(first_in_body(document))), "One Two lines inline a b");
}

TEST(TagName, NamesUnknownElements) {
  const Document document("<amp-ad-slot>x</amp-ad-slot>");
  EXPECT_EQ(tag_name(first_in_body(document)), "amp-ad-slot");
}

TEST(ClassIdWords, SplitsNamesIntoWords) {
  const Document document(
      "<div class='article__body  relatedStories ad300x250 js-share-tool' id='MostRead'>x</div>");
  const std::vector<std::string> words = class_id_words(first_in_body(document));
  const std::vector<std::string> expected{"",        "article", "body", "",    "related",
                                          "stories", "",        "ad",   "300", "x",
                                          "250",     "",        "most", "read"};
  EXPECT_EQ(words, expected);
}

TEST(ClassIdWords, LeavesOutLongIdsMadeFromHeadings) {
  const Document document("<section id='sharing-with-a-single-developer' class='section'>x");
  const std::vector<std::string> expected{"", "section"};
  EXPECT_EQ(class_id_words(first_in_body(document)), expected);
}

TEST(HasPhrase, MatchesConsecutiveWordsOfOneName) {
  const std::vector<std::string> words{"", "most", "popular", "", "read", "list"};
  EXPECT_TRUE(has_phrase(words, "most-popular"));
  EXPECT_TRUE(has_phrase(words, "popular"));
  EXPECT_TRUE(has_phrase(words, "read"));
  EXPECT_FALSE(has_phrase(words, "most-read"));  // "most" and "read" are in different names
  EXPECT_FALSE(has_phrase(words, "pop"));
  EXPECT_FALSE(has_phrase(words, ""));
}

TEST(IsHidden, RecognisesTheUsualWays) {
  const Document document(
      "<p hidden>a</p><p aria-hidden='TRUE'>b</p><p style='color:red; DISPLAY : none'>c</p>"
      "<p style='visibility:hidden'>d</p><p aria-hidden=false style='display:block'>e</p>");
  std::string visible;
  walk(document.root(), [&](const GumboNode* node) {
    if (tag_of(node) == GUMBO_TAG_P && !is_hidden(node)) visible += inner_text(node);
    return Descend::children;
  });
  EXPECT_EQ(normalize_text(visible), "e");
}

}  // namespace
}  // namespace st::html
