#include "feed/feed.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace st {
namespace {

std::string read_data(std::string_view name) {
  const std::string path = std::string(STORYTRAIL_TEST_DATA) + "/feed/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Feed parsed(std::string_view bytes, std::string_view url) {
  auto feed = parse_feed(bytes, url);
  EXPECT_TRUE(feed) << feed.error().message;
  return feed ? std::move(*feed) : Feed{};
}

std::string error_of(std::string_view bytes) {
  auto feed = parse_feed(bytes, "https://example.org/feed.xml");
  return feed ? std::string("no error") : feed.error().message;
}

TEST(ParseFeed, Rss2) {
  const Feed feed = parsed(read_data("rss2.xml"), "https://news.example.org/feeds/world.xml");
  EXPECT_EQ(feed.title, "World News & Views");
  ASSERT_EQ(feed.entries.size(), 5U);

  // A relative link, resolved against the feed's URL; the guid is only an id.
  EXPECT_EQ(feed.entries[0].link, "https://news.example.org/2021/06/08/harris-mexico.html");
  EXPECT_EQ(feed.entries[0].title, "Harris visits Mexico");
  EXPECT_EQ(feed.entries[0].id, "story-1001");
  EXPECT_EQ(feed.entries[0].published, "2021-06-08T15:40:00Z");

  // An absolute link with white space around it (resolved, not normalised); a CDATA title
  // with tags.
  EXPECT_EQ(feed.entries[1].link, "https://other.example.net/culture/rock?utm_source=rss");
  EXPECT_EQ(feed.entries[1].title, "Rock & Roll: the return");
  EXPECT_EQ(feed.entries[1].id, "https://other.example.net/culture/rock");
  EXPECT_EQ(feed.entries[1].published, "2021-06-09T08:05:00+02:00");

  // No <link>: the guid, a URL with isPermaLink left out, is the link. "EDT" is read.
  EXPECT_EQ(feed.entries[2].link, "https://news.example.org/2021/06/10/guid-only.html");
  EXPECT_EQ(feed.entries[2].id, "https://news.example.org/2021/06/10/guid-only.html");
  EXPECT_EQ(feed.entries[2].published, "2021-06-10T09:00:00-04:00");

  // isPermaLink="true" on a relative guid: resolved like a link.
  EXPECT_EQ(feed.entries[3].link, "https://news.example.org/feeds/story/relative-guid.html");
  EXPECT_EQ(feed.entries[3].published, "");

  // Left out: a guid that is not a URL, javascript: and mailto: links. Escaped HTML in a
  // title is read as HTML; a pubDate that is not a date gives way to dc:date.
  EXPECT_EQ(feed.entries[4].link, "https://news.example.org/feeds/story.html?id=7&page=2");
  EXPECT_EQ(feed.entries[4].title, "Tom & Jerry\u2019s reunion");
  EXPECT_EQ(feed.entries[4].id, "");
  EXPECT_EQ(feed.entries[4].published, "2021-06-11T12:00:00Z");
}

TEST(ParseFeed, Atom) {
  const Feed feed = parsed(read_data("atom.xml"), "https://blog.example.com/feed.atom");
  EXPECT_EQ(feed.title, "The Daily Journal");
  ASSERT_EQ(feed.entries.size(), 4U);

  // rel="alternate" wins over self and enclosure; the feed's xml:base applies.
  EXPECT_EQ(feed.entries[0].link, "https://blog.example.com/journal/2021/first-post");
  EXPECT_EQ(feed.entries[0].title, "Plain <b> is text here");  // type="text": kept as written
  EXPECT_EQ(feed.entries[0].id, "urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6");
  EXPECT_EQ(feed.entries[0].published, "2021-06-08T15:40:00+02:00");

  // A link with no rel; the entry's xml:base resolved against the feed's; <updated> when
  // there is no <published>; an html title in CDATA.
  EXPECT_EQ(feed.entries[1].link, "https://blog.example.com/archive/second.html");
  EXPECT_EQ(feed.entries[1].title, "An html title & more");
  EXPECT_EQ(feed.entries[1].published, "2021-06-09T10:00:00Z");

  // No alternate link: the first link. An xhtml title, its line break a space.
  EXPECT_EQ(feed.entries[2].link, "https://cdn.example.com/3.mp3");
  EXPECT_EQ(feed.entries[2].title, "An xhtml title in two lines");
  EXPECT_EQ(feed.entries[2].published, "");

  // The entry whose links are javascript: and mailto: is left out; xml:base on the link.
  EXPECT_EQ(feed.entries[3].link, "https://mirror.example.org/m/fifth");
  EXPECT_EQ(feed.entries[3].id, "");
}

TEST(ParseFeed, Rdf) {
  const Feed feed = parsed(read_data("rdf.xml"), "http://example.org/rss.rdf");
  EXPECT_EQ(feed.title, "Example RDF");
  ASSERT_EQ(feed.entries.size(), 2U);
  EXPECT_EQ(feed.entries[0].link, "http://example.org/a");
  EXPECT_EQ(feed.entries[0].title, "First item");
  EXPECT_EQ(feed.entries[0].id, "http://example.org/a");  // rdf:about
  EXPECT_EQ(feed.entries[0].published, "2021-06-08T15:40:00+01:00");
  EXPECT_EQ(feed.entries[1].link, "http://example.org/b?x=1");
  EXPECT_EQ(feed.entries[1].title, "Second item");
}

TEST(ParseFeed, NotXml) {
  EXPECT_EQ(error_of("<rss><channel><item></channel></rss>"),
            "not an XML document: Start-end tags mismatch at byte 22");
  EXPECT_EQ(error_of(""), "not an XML document: No document element found at byte 0");
  EXPECT_EQ(error_of("{\"version\": \"https://jsonfeed.org/version/1.1\"}"),
            "not an XML document: No document element found at byte 47");
  // A truncated download.
  const std::string rss = read_data("rss2.xml");
  EXPECT_EQ(error_of(std::string_view(rss).substr(0, 600)).substr(0, 21), "not an XML document: ");
}

TEST(ParseFeed, NotAFeed) {
  EXPECT_EQ(error_of(read_data("page.html")),
            "not an RSS or Atom feed: the root element is <html>");
  EXPECT_EQ(error_of("<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>"),
            "not an RSS or Atom feed: the root element is <html>");
  EXPECT_EQ(error_of("<?xml version=\"1.0\"?><opml version=\"2.0\"><body/></opml>"),
            "not an RSS or Atom feed: the root element is <opml>");
  EXPECT_EQ(error_of("<x:channel xmlns:x=\"urn:x\"/>"),
            "not an RSS or Atom feed: the root element is <x:channel>");
}

TEST(ParseFeed, EmptyFeedsHaveNoEntries) {
  Feed feed = parsed("<rss version=\"2.0\"><channel><title>Empty</title></channel></rss>",
                     "https://example.org/feed");
  EXPECT_EQ(feed.title, "Empty");
  EXPECT_TRUE(feed.entries.empty());
  feed = parsed("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>", "https://example.org/feed");
  EXPECT_EQ(feed.title, "");
  EXPECT_TRUE(feed.entries.empty());
  feed = parsed("<rss/>", "");
  EXPECT_TRUE(feed.entries.empty());
}

TEST(ParseFeed, WithoutAUsableFeedUrlOnlyAbsoluteLinksAreKept) {
  const std::string rss =
      "<rss><channel><item><link>/relative</link></item>"
      "<item><link>https://example.org/absolute</link></item>"
      "<item><link></link></item><item><link>   </link></item></channel></rss>";
  for (const std::string_view url : {"", "feed.xml", "file:///tmp/feed.xml"}) {
    const Feed feed = parsed(rss, url);
    ASSERT_EQ(feed.entries.size(), 1U) << url;
    EXPECT_EQ(feed.entries[0].link, "https://example.org/absolute");
  }
}

TEST(ParseFeed, LinksWithSpacesAndAtomLinksInRss) {
  const Feed feed = parsed(
      "<rss xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>"
      "<item><link>\n  /a b/c\td\n</link></item>"
      "<item><atom:link rel=\"self\" href=\"https://x.org/self\"/>"
      "<atom:link href=\"https://x.org/story\"/></item>"
      "</channel></rss>",
      "https://x.org/feed");
  ASSERT_EQ(feed.entries.size(), 2U);
  EXPECT_EQ(feed.entries[0].link, "https://x.org/a%20b/cd");
  EXPECT_EQ(feed.entries[1].link, "https://x.org/story");
}

TEST(ParseFeed, Latin1DeclaredIsReadAsWindows1252) {
  const Feed feed = parsed(read_data("latin1.xml"), "https://example.fr/rss");
  EXPECT_EQ(feed.title, "Caf\u00E9 du monde");
  ASSERT_EQ(feed.entries.size(), 1U);
  EXPECT_EQ(feed.entries[0].title, "\u201CQuoted\u201D \u00E9t\u00E9 \u2013 na\u00EFve");
  EXPECT_EQ(feed.entries[0].link, "https://example.fr/\u00E9t\u00E9");
}

TEST(ParseFeed, DeclaredLatin1ButUtf8BytesStayUtf8) {
  const Feed feed = parsed(
      "<?xml version='1.0' encoding='iso-8859-1'?><rss><channel>"
      "<item><title>\u00E9t\u00E9 \u2014 d\u00E9j\u00E0</title><link>https://e.fr/1</link></item>"
      "</channel></rss>",
      "https://e.fr/rss");
  ASSERT_EQ(feed.entries.size(), 1U);
  EXPECT_EQ(feed.entries[0].title, "\u00E9t\u00E9 \u2014 d\u00E9j\u00E0");
}

TEST(ParseFeed, Windows1252DeclaredAndErrorOffsetsInOriginalBytes) {
  Feed feed = parsed(
      "<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss><channel><item>"
      "<title>\x80 5 \x85</title><link>https://e.org/1</link></item></channel></rss>",
      "https://e.org/rss");
  ASSERT_EQ(feed.entries.size(), 1U);
  EXPECT_EQ(feed.entries[0].title, "\u20AC 5 \u2026");
  // The offset counts original bytes (the converted é take two each): 48 is the "x" of </x>.
  EXPECT_EQ(error_of("<?xml version=\"1.0\" encoding=\"latin1\"?><rss>\xE9\xE9</x></rss>"),
            "not an XML document: Start-end tags mismatch at byte 48");
}

TEST(ParseFeed, ByteOrderMarksAndUtf16) {
  Feed feed = parsed(
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel>"
      "<item><title>\u00E9t\u00E9</title><link>https://e.fr/2</link></item></channel></rss>",
      "https://e.fr/rss");
  ASSERT_EQ(feed.entries.size(), 1U);
  EXPECT_EQ(feed.entries[0].title, "\u00E9t\u00E9");

  // UTF-16LE with a byte order mark.
  const std::u16string text =
      u"<?xml version=\"1.0\" encoding=\"UTF-16\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
      u"<entry><title>\u00C7a \u2192 \u00E7a</title><link href=\"https://e.fr/3\"/></entry></feed>";
  std::string bytes = "\xFF\xFE";
  for (const char16_t unit : text) {
    bytes += static_cast<char>(unit & 0xFF);
    bytes += static_cast<char>(unit >> 8);
  }
  feed = parsed(bytes, "https://e.fr/atom");
  ASSERT_EQ(feed.entries.size(), 1U);
  EXPECT_EQ(feed.entries[0].title, "\u00C7a \u2192 \u00E7a");
  EXPECT_EQ(feed.entries[0].link, "https://e.fr/3");
}

TEST(ParseFeed, TitlesAndDates) {
  const Feed feed = parsed(
      "<rss><channel>"
      "<item><title>  A\n\t title\u00A0 with   space </title><link>https://e.org/1</link>"
      "<pubDate>  Fri, 11 Jun 2021 23:59:59 PST\n</pubDate></item>"
      "<item><title>&lt;p&gt;Two&lt;/p&gt;&lt;p&gt;paragraphs&lt;/p&gt;&lt;!-- note --&gt;"
      " &amp;#233;&amp;#x2019;&amp;#150;&amp;nbsp;&amp;unknown; a &lt; b</title>"
      "<link>https://e.org/2</link><pubDate>2021-06-12</pubDate></item>"
      "<item><link>https://e.org/3</link><pubDate>Sat, 31 Jun 2021 10:00:00 GMT</pubDate></item>"
      "</channel></rss>",
      "https://e.org/rss");
  ASSERT_EQ(feed.entries.size(), 3U);
  EXPECT_EQ(feed.entries[0].title, "A title with space");
  EXPECT_EQ(feed.entries[0].published, "2021-06-11T23:59:59-08:00");
  EXPECT_EQ(feed.entries[1].title, "Two paragraphs \u00E9\u2019\u2013 &unknown; a < b");
  EXPECT_EQ(feed.entries[1].published, "2021-06-12");
  EXPECT_EQ(feed.entries[2].title, "");
  EXPECT_EQ(feed.entries[2].published, "");  // June has 30 days
}

TEST(ParseFeed, DeepNestingDoesNotCrash) {
  constexpr int kDepth = 200000;
  std::string deep = "<feed><entry><title type=\"xhtml\">";
  for (int i = 0; i < kDepth; ++i) deep += "<div>";
  deep += "deep";
  for (int i = 0; i < kDepth; ++i) deep += "</div>";
  deep += "</title><link href=\"https://e.org/deep\"/></entry></feed>";
  Feed feed = parsed(deep, "https://e.org/feed");
  ASSERT_EQ(feed.entries.size(), 1U);
  EXPECT_EQ(feed.entries[0].title, "deep");

  // Unclosed and nested at the root: an error, not a crash.
  std::string unclosed = "<rss>";
  for (int i = 0; i < kDepth; ++i) unclosed += "<x>";
  EXPECT_EQ(error_of(unclosed).substr(0, 21), "not an XML document: ");
}

TEST(ParseFeed, ManyEntries) {
  std::string rss = "<rss><channel>";
  for (int i = 0; i < 20000; ++i) {
    rss += "<item><title>n" + std::to_string(i) + "</title><link>/s/" + std::to_string(i) +
           "</link></item>";
  }
  rss += "</channel></rss>";
  const Feed feed = parsed(rss, "https://e.org/feed");
  ASSERT_EQ(feed.entries.size(), 20000U);
  EXPECT_EQ(feed.entries[19999].link, "https://e.org/s/19999");
}

// Truncations and byte flips of the fixtures, NUL bytes and long broken markup: any result
// will do, as long as nothing crashes (the sanitizer build checks the rest).
TEST(ParseFeed, MalformedInputDoesNotCrash) {
  std::uint32_t state = 12345;
  const auto next = [&state] {
    state = state * 1103515245U + 12345U;
    return state >> 8;
  };
  for (const std::string_view name : {"rss2.xml", "atom.xml", "rdf.xml", "latin1.xml"}) {
    const std::string original = read_data(name);
    for (std::size_t cut = 0; cut < original.size(); cut += 7) {
      (void)parse_feed(std::string_view(original).substr(0, cut), "https://e.org/feed");
    }
    for (int round = 0; round < 300; ++round) {
      std::string mutated = original;
      for (int flips = 0; flips < 4; ++flips) {
        mutated[next() % mutated.size()] = static_cast<char>(next() & 0xFF);
      }
      (void)parse_feed(mutated, "https://e.org/feed");
    }
  }
  (void)parse_feed(std::string("<rss>\0<channel/></rss>", 22), "https://e.org/feed");
  (void)parse_feed(std::string(100000, '<'), "https://e.org/feed");
  std::string broken_title = "<rss><channel><item><link>https://e.org/</link><title>";
  for (int i = 0; i < 50000; ++i) broken_title += "&lt;a&lt;!--&amp;#x";
  broken_title += "</title></item></channel></rss>";
  const Feed feed = parsed(broken_title, "https://e.org/feed");
  EXPECT_EQ(feed.entries.size(), 1U);
}

}  // namespace
}  // namespace st
