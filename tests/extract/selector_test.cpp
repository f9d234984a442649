#include "extract/selector.hpp"

#include <gtest/gtest.h>

#include "extract/html_tree.hpp"

namespace st::html {
namespace {

// The ids of the elements of `html` that `selector` matches, in document order.
std::string matching_ids(const std::string& html, const std::string& selector_text) {
  auto selector = Selector::parse(selector_text);
  if (!selector) return "error: " + selector.error().message;
  const Document document(html);
  std::string ids;
  std::vector<const GumboNode*> stack{document.root()};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (!is_element(node)) continue;
    if (selector->matches(node) && !attribute(node, "id").empty()) {
      ids += std::string(attribute(node, "id")) + " ";
    }
    const GumboVector* children = children_of(node);
    for (unsigned i = children->length; i-- > 0;) stack.push_back(child_at(children, i));
  }
  return ids;
}

const std::string kPage = R"(<html><body>
  <main id="m"><article id="a" class="story big" data-kind="news">
    <div id="d1" class="wysiwyg wysiwyg--all-content"><p id="p1">One</p>
      <div id="d2" class="more-on"><p id="p2">Related</p></div></div>
    <aside id="s1" itemprop="related"><a id="l1" href="https://x.org/y.jpg">x</a></aside>
  </article></main>
  <div id="d3"><p id="p3">Outside</p></div>
</body></html>)";

TEST(Selector, MatchesTypesClassesIdsAndAttributes) {
  EXPECT_EQ(matching_ids(kPage, "p"), "p1 p2 p3 ");
  EXPECT_EQ(matching_ids(kPage, "P"), "p1 p2 p3 ");
  EXPECT_EQ(matching_ids(kPage, ".wysiwyg"), "d1 ");
  EXPECT_EQ(matching_ids(kPage, "div.wysiwyg--all-content"), "d1 ");
  EXPECT_EQ(matching_ids(kPage, ".wysiwyg-all"), "");
  EXPECT_EQ(matching_ids(kPage, "#s1"), "s1 ");
  EXPECT_EQ(matching_ids(kPage, "article.story.big"), "a ");
  EXPECT_EQ(matching_ids(kPage, "[data-kind]"), "a ");
  EXPECT_EQ(matching_ids(kPage, "[data-kind=news]"), "a ");
  EXPECT_EQ(matching_ids(kPage, "[data-kind='new']"), "");
  EXPECT_EQ(matching_ids(kPage, "[class~=big]"), "a ");
  EXPECT_EQ(matching_ids(kPage, "a[href^=\"https://\"][href$=.jpg]"), "l1 ");
  EXPECT_EQ(matching_ids(kPage, "[id*=1]"), "d1 p1 s1 l1 ");
}

TEST(Selector, MatchesCombinatorsAndLists) {
  EXPECT_EQ(matching_ids(kPage, "article p"), "p1 p2 ");
  EXPECT_EQ(matching_ids(kPage, "article > p"), "");
  EXPECT_EQ(matching_ids(kPage, ".wysiwyg > p"), "p1 ");
  EXPECT_EQ(matching_ids(kPage, "main article .more-on p"), "p2 ");
  EXPECT_EQ(matching_ids(kPage, "body>div>p"), "p3 ");
  EXPECT_EQ(matching_ids(kPage, "aside, .more-on"), "d2 s1 ");
  EXPECT_EQ(matching_ids(kPage, "* > a"), "l1 ");
}

TEST(Selector, RejectsWhatItCannotRead) {
  for (const char* bad : {"", "  ", "div >", "> p", "p,", ".", "#", "[x", "[x=]", "[x|=y]",
                          "p:first-child", "a ~ b", "[x='y]"}) {
    auto selector = Selector::parse(bad);
    EXPECT_FALSE(selector.ok()) << bad;
    if (!selector.ok()) {
      EXPECT_NE(selector.error().message.find("invalid selector"), std::string::npos) << bad;
    }
  }
}

}  // namespace
}  // namespace st::html
