// Page metadata: JSON-LD, OpenGraph, <meta>, titles and bylines.

#include "extract/html_metadata.hpp"

#include <gtest/gtest.h>

#include <string>

#include "extract/html_tree.hpp"

namespace st::html {
namespace {

PageMetadata metadata_of(const std::string& head, const std::string& attributes = "") {
  const Document document("<html" + attributes + "><head>" + head + "</head><body></body></html>");
  return read_page_metadata(document.root());
}

std::string ld(const std::string& json) {
  return "<script type=\"application/ld+json\">" + json + "</script>";
}

TEST(ReadPageMetadata, ReadsMetaLinkTitleAndLang) {
  const PageMetadata meta = metadata_of(
      "<title> A  title </title>"
      "<meta property='og:title' content='OG title'>"
      "<meta name='og:title' content='second og:title is ignored'>"
      "<meta property='og:site_name' content='Site'>"
      "<meta property='og:url' content='https://x.org/a'>"
      "<meta property='og:locale' content='en_GB'>"
      "<meta property='og:description' content='OG description'>"
      "<meta name='description' content='Meta description'>"
      "<meta name='author' content='Jane Doe'>"
      "<meta name='application-name' content='App'>"
      "<meta property='article:published_time' content='2024-01-02T03:04:05Z'>"
      "<meta property='article:modified_time' content='2024-01-03T00:00:00Z'>"
      "<link rel='alternate canonical' href='https://x.org/canonical'>",
      " lang='pt_BR'");
  EXPECT_EQ(meta.title, "A title");
  EXPECT_EQ(meta.og_title, "OG title");
  EXPECT_EQ(meta.og_site_name, "Site");
  EXPECT_EQ(meta.og_url, "https://x.org/a");
  EXPECT_EQ(meta.og_locale, "en_GB");
  EXPECT_EQ(meta.og_description, "OG description");
  EXPECT_EQ(meta.meta_description, "Meta description");
  EXPECT_EQ(meta.meta_author, "Jane Doe");
  EXPECT_EQ(meta.application_name, "App");
  EXPECT_EQ(meta.meta_published_time, "2024-01-02T03:04:05Z");
  EXPECT_EQ(meta.meta_modified_time, "2024-01-03T00:00:00Z");
  EXPECT_EQ(meta.canonical_link, "https://x.org/canonical");
  EXPECT_EQ(meta.html_lang, "pt-BR");
}

TEST(ReadPageMetadata, DecodesDoublyEscapedMetadata) {
  const PageMetadata meta =
      metadata_of("<meta name='description' content='He said &amp;quot;no&amp;quot;'>");
  EXPECT_EQ(meta.meta_description, "He said \"no\"");
}

TEST(ReadPageMetadata, ReadsAJsonLdNewsArticle) {
  const PageMetadata meta = metadata_of(ld(R"({
      "@context": "https://schema.org", "@type": "NewsArticle",
      "headline": "Ships &amp; ports: a  story",
      "description": "The summary&#8217;s text",
      "datePublished": "2024-05-14T06:00:00Z", "dateModified": "2024-05-14T09:41:00Z",
      "author": {"@type": "Person", "name": "Ana Costa"},
      "publisher": {"@type": "Organization", "name": "The Daily Example"},
      "mainEntityOfPage": {"@type": "WebPage", "@id": "https://x.org/story"},
      "inLanguage": "en-GB",
      "articleBody": "First paragraph.\n\nSecond paragraph."})"));
  EXPECT_EQ(meta.ld_headline, "Ships & ports: a story");
  EXPECT_EQ(meta.ld_description, "The summary\u2019s text");
  EXPECT_EQ(meta.ld_published, "2024-05-14T06:00:00Z");
  EXPECT_EQ(meta.ld_modified, "2024-05-14T09:41:00Z");
  EXPECT_EQ(meta.ld_authors, std::vector<std::string>{"Ana Costa"});
  EXPECT_EQ(meta.ld_publisher, "The Daily Example");
  EXPECT_EQ(meta.ld_url, "https://x.org/story");
  EXPECT_EQ(meta.ld_language, "en-GB");
  EXPECT_EQ(meta.ld_body, "First paragraph.\n\nSecond paragraph.");
}

TEST(ReadPageMetadata, FindsTheArticleInAGraphAndFollowsReferences) {
  const PageMetadata meta = metadata_of(ld(R"({"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "@id": "#site", "name": "Not this"},
      {"@type": ["Thing", "http://schema.org/BlogPosting"], "headline": "From the graph",
       "author": [{"@id": "#p1"}, "Bo Li", {"name": "By Cy Sá"}],
       "publisher": {"@id": "#org"}},
      {"@type": "Person", "@id": "#p1", "name": "Al Smith"},
      {"@type": "Organization", "@id": "#org", "name": "Graph Org"}]})"));
  EXPECT_EQ(meta.ld_headline, "From the graph");
  const std::vector<std::string> authors{"Al Smith", "Bo Li", "Cy S\u00E1"};
  EXPECT_EQ(meta.ld_authors, authors);
  EXPECT_EQ(meta.ld_publisher, "Graph Org");
}

TEST(ReadPageMetadata, FindsTheArticleInATopLevelArrayOrAsMainEntity) {
  EXPECT_EQ(metadata_of(ld(R"([{"@type": "BreadcrumbList"},
                               {"@type": "ReportageNewsArticle", "headline": "In an array"}])"))
                .ld_headline,
            "In an array");
  EXPECT_EQ(metadata_of(ld(R"({"@type": "WebPage", "mainEntity":
                               {"@type": "Article", "headline": "Main entity"}})"))
                .ld_headline,
            "Main entity");
}

TEST(ReadPageMetadata, PrefersAnArticleWithAHeadline) {
  const PageMetadata meta =
      metadata_of(ld(R"({"@type": "Article", "description": "no headline"})") +
                  ld(R"({"@type": "NewsArticle", "headline": "Second"})"));
  EXPECT_EQ(meta.ld_headline, "Second");
}

TEST(ReadPageMetadata, SurvivesBrokenJsonLd) {
  const PageMetadata meta = metadata_of(
      ld("{\"@type\": \"NewsArticle\", \"headline\": ") + ld("[[[[[[[[[[") +
      ld("<!-- {\"@type\": \"NewsArticle\", \"headline\": \"Wrapped\"} -->") +
      ld(std::string(100000, '[')) + ld(std::string(100000, '[') + std::string(100000, ']')) +
      ld("{\"@type\": 5, \"headline\": [1, {\"a\": 2}]}"));
  EXPECT_EQ(meta.ld_headline, "Wrapped");
}

TEST(DecodeEntities, DecodesNumericAndCommonNamedReferences) {
  EXPECT_EQ(decode_entities("a &amp; b &lt;c&gt; &#8217; &#x2014; &rsquo; &nbsp;"),
            "a & b <c> \u2019 \u2014 \u2019 \u00A0");
  EXPECT_EQ(decode_entities("&unknown; & alone &#xZZ; &#9999999;"),
            "&unknown; & alone &#xZZ; \uFFFD");
  EXPECT_EQ(decode_entities("no references"), "no references");
}

TEST(StripSiteFromTitle, RemovesSiteAndSectionNames) {
  EXPECT_EQ(strip_site_from_title("Obama admits US gun laws are his biggest frustration - BBC News",
                                  "BBC News", false),
            "Obama admits US gun laws are his biggest frustration");
  EXPECT_EQ(
      strip_site_from_title("Harris hails new era with Mexico | US & Canada News | Al Jazeera",
                            "Al Jazeera", true),
      "Harris hails new era with Mexico");
  // Without the short-tail rule only the site name goes.
  EXPECT_EQ(
      strip_site_from_title("Harris hails new era with Mexico | US & Canada News | Al Jazeera",
                            "Al Jazeera", false),
      "Harris hails new era with Mexico | US & Canada News");
  EXPECT_EQ(
      strip_site_from_title("BBC News - Obama admits US gun laws frustrate him", "BBC News", false),
      "Obama admits US gun laws frustrate him");
  EXPECT_EQ(strip_site_from_title("Lorem ipsum dolor sit amet elit \u2013 My website", "", true),
            "Lorem ipsum dolor sit amet elit");
  // Chinese sites join section and site names with underscores.
  EXPECT_EQ(strip_site_from_title("\u6D77\u5916\u7559\u5B66\u751F\u770B\u4E24\u4F1A\uFF1A"
                                  "\u51FA\u56FD\u524D\u540E_\u6559\u80B2\u9891\u9053_"
                                  "\u4E2D\u56FD\u9752\u5E74\u7F51",
                                  "", true),
            "\u6D77\u5916\u7559\u5B66\u751F\u770B\u4E24\u4F1A\uFF1A\u51FA\u56FD\u524D"
            "\u540E");
  EXPECT_EQ(strip_site_from_title("Reading my_config.toml in five minutes", "", true),
            "Reading my_config.toml in five minutes");
  // A headline that mentions the site before a separator is not a leading site name.
  EXPECT_EQ(
      strip_site_from_title("Autumn leaves @ Steven's blog :: Host ::", "Steven's blog", false),
      "Autumn leaves @ Steven's blog :: Host ::");
}

TEST(StripSiteFromTitle, KeepsTitlesThatAreNotSuffixed) {
  EXPECT_EQ(strip_site_from_title("Biden - the man", "", true), "Biden - the man");
  // A short tail goes only when the rest is at least four words longer.
  EXPECT_EQ(strip_site_from_title("Lorem ipsum dolor sit amet \u2013 My website", "", true),
            "Lorem ipsum dolor sit amet \u2013 My website");
  EXPECT_EQ(strip_site_from_title("Well-known sites re-open", "Sites", true),
            "Well-known sites re-open");
  EXPECT_EQ(strip_site_from_title("BBC News", "BBC News", true), "BBC News");
  EXPECT_EQ(strip_site_from_title("", "Site", true), "");
}

TEST(TitleSegments, SplitsAtSeparators) {
  const std::vector<std::string> expected{"Outside the web", "V8"};
  EXPECT_EQ(title_segments("Outside the web \u00B7 V8"), expected);
  EXPECT_EQ(title_segments("No separators-here"), std::vector<std::string>{"No separators-here"});
}

TEST(BylineNames, TakesNamesOnly) {
  const std::vector<std::string> two{"Ana Costa", "Luis Moreno"};
  EXPECT_EQ(byline_names("By Ana Costa and Luis Moreno"), two);
  EXPECT_EQ(byline_names("Written by: Ana Costa, Luis Moreno."), two);
  EXPECT_EQ(byline_names("by Ana Costa | Updated 5 minutes ago"),
            std::vector<std::string>{"Ana Costa"});
  EXPECT_EQ(byline_names("Ana Costa \u00B7 8 June 2021 \u00B7 https://x.org/ana"),
            std::vector<std::string>{"Ana Costa"});
  EXPECT_EQ(byline_names("Jean-Luc Picard & Beverly Crusher"),
            (std::vector<std::string>{"Jean-Luc Picard", "Beverly Crusher"}));
  EXPECT_TRUE(byline_names("").empty());
  EXPECT_TRUE(byline_names("Published 12:30").empty());
}

TEST(BylineNames, LeavesOutRolesAndDegreesAndKeepsCompanyNames) {
  EXPECT_EQ(byline_names("By Ben Silverman, Games Editor"),
            std::vector<std::string>{"Ben Silverman"});
  EXPECT_EQ(byline_names("Brenda Goodman, MA"), std::vector<std::string>{"Brenda Goodman"});
  EXPECT_EQ(byline_names("Par S\u00e9bastien Farcis et Ana Costa"),
            (std::vector<std::string>{"S\u00e9bastien Farcis", "Ana Costa"}));
  EXPECT_EQ(byline_names("Von Max Mustermann"), std::vector<std::string>{"Max Mustermann"});
  EXPECT_EQ(byline_names("Von Trapp"), std::vector<std::string>{"Von Trapp"});
  EXPECT_EQ(byline_names("Mac & i"), std::vector<std::string>{"Mac & i"});
  EXPECT_EQ(byline_names("Martin Untersinger (avec Damien Leloup et Morgane Tual)"),
            std::vector<std::string>{"Martin Untersinger (avec Damien Leloup et Morgane Tual)"});
  // Names in capitals are written as names; one word in capitals is an agency.
  EXPECT_EQ(byline_names("By JEFFREY GETTLEMAN and AFP"),
            (std::vector<std::string>{"Jeffrey Gettleman", "AFP"}));
}

TEST(ReadPageMetadata, TakesEachMetaFieldFromTheMostTrustedName) {
  // dc.date comes first in the page, article:published_time is trusted more.
  const PageMetadata meta = metadata_of(
      "<meta name='twitter:title' content='Twitter title'>"
      "<meta name='DC.date' content='2021-06-07'>"
      "<meta property='article:published_time' content='2021-06-08T15:00:00Z'>"
      "<meta name='dcterms.modified' content='2021-06-09'>"
      "<meta name='twitter:description' content='Twitter description'>"
      "<meta name='byl' content='By Ana Costa'>"
      "<meta property='article:author' content='https://x.org/ana'>");
  EXPECT_EQ(meta.og_title, "Twitter title");
  EXPECT_EQ(meta.og_description, "Twitter description");
  EXPECT_EQ(meta.meta_published_time, "2021-06-08T15:00:00Z");
  EXPECT_EQ(meta.meta_modified_time, "2021-06-09");
  EXPECT_EQ(meta.meta_author, "By Ana Costa");
}

TEST(ReadPageMetadata, ReadsTheArticleItemsMicrodata) {
  const Document document(
      "<html><body>"
      "<div itemscope itemtype='https://schema.org/WebPage'><span itemprop=headline>Site "
      "page</span></div>"
      "<article itemscope itemtype='http://schema.org/NewsArticle'>"
      "<h1 itemprop=headline>Harris meets Lopez Obrador</h1>"
      "<meta itemprop=datePublished content='2021-06-08T15:00:00Z'>"
      "<time itemprop=dateModified datetime='2021-06-08T18:00Z'>later</time>"
      "<span itemprop='author' itemscope itemtype='https://schema.org/Person'>By "
      "<span itemprop=name>Ana Costa</span></span>"
      "<span itemprop=author>Luis Moreno</span>"
      "<div itemprop=comment itemscope itemtype='https://schema.org/Comment'>"
      "<span itemprop=author>A commenter</span></div>"
      "</article>"
      "<article itemscope itemtype='http://schema.org/NewsArticle'><h2 itemprop=headline>"
      "Another article</h2></article></body></html>");
  const PageMetadata meta = read_page_metadata(document.root());
  EXPECT_EQ(meta.md_headline, "Harris meets Lopez Obrador");
  EXPECT_EQ(meta.md_published, "2021-06-08T15:00:00Z");
  EXPECT_EQ(meta.md_modified, "2021-06-08T18:00Z");
  EXPECT_EQ(meta.md_authors, (std::vector<std::string>{"Ana Costa", "Luis Moreno"}));
}

TEST(UniqueNames, DropsRepeatsKeepingOrder) {
  const std::vector<std::string> expected{"Ana Costa", "Luis Moreno"};
  EXPECT_EQ(unique_names({"Ana Costa", "Luis Moreno", "ana costa", ""}), expected);
}

}  // namespace
}  // namespace st::html
