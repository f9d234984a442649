#include "util/text.hpp"

#include <gtest/gtest.h>

#include "util/slug.hpp"
#include "util/time.hpp"

namespace st {
namespace {

TEST(Utf8, ValidatesAndRepairs) {
  EXPECT_TRUE(is_valid_utf8("plain ‘quoted’ — text"));
  EXPECT_FALSE(is_valid_utf8("bad \xC3"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_EQ(repair_utf8("a\xFF"
                        "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(repair_utf8("ok é"), "ok é");
}

TEST(Printable, EscapesBytesAndControlsAndDropsBidiControls) {
  EXPECT_EQ(printable("plain ‘quoted’ — text"), "plain ‘quoted’ — text");
  EXPECT_EQ(printable("Bad \xff\xfe"), "Bad \\xFF\\xFE");
  EXPECT_EQ(printable("a\x1b[31mred"), "a\\x1B[31mred");
  EXPECT_EQ(printable("csi \x9b and \xc2\x9b"), "csi \\x9B and \\u009B");
  EXPECT_EQ(printable("one\ntwo\tthree"), "one\\x0Atwo\\x09three");
  EXPECT_EQ(printable("one\ntwo\tthree", true), "one\ntwo\tthree");
  // "esolc" under a right-to-left override would display as "close".
  EXPECT_EQ(printable("\u202Eesolc\u202C and \u2067isolated\u2069"), "esolc and isolated");
  EXPECT_EQ(printable("cut \xE2\x80"), "cut \\xE2\\x80");
  for (const std::string_view hostile : {"\xff\x9b\x1b", "\xE2\x80\xAE", "\xC2\x85x"}) {
    EXPECT_TRUE(is_valid_utf8(printable(hostile))) << hostile;
    EXPECT_EQ(printable(printable(hostile)), printable(printable(printable(hostile))));
  }
}

TEST(NormalizeText, CollapsesWhiteSpaceAndDropsInvisibles) {
  EXPECT_EQ(normalize_text("  a\t\n b\xC2\xA0\xC2\xA0 c  "), "a b c");
  EXPECT_EQ(normalize_text("zero\xE2\x80\x8Bwidth soft\xC2\xADhyphen"), "zerowidth softhyphen");
  EXPECT_EQ(normalize_text("\xEF\xBB\xBFstart"), "start");
  // Zero-width joiner stays: it changes how emoji and some scripts are written.
  EXPECT_EQ(normalize_text("a\xE2\x80\x8D"
                           "b"),
            "a\xE2\x80\x8D"
            "b");
}

TEST(ComparisonKey, FoldsCaseQuotesAndDashesOnly) {
  EXPECT_EQ(comparison_key("  Eloise Parry\u2019s \u201CDeath\u201D \u2014 \u00ABnow\u00BB "),
            "eloise parry's \"death\" - \"now\"");
  EXPECT_EQ(comparison_key("Caf\u00C9 \u2016 \u2017"), "caf\u00C9 \u2016 \u2017");
  EXPECT_NE(comparison_key("figure 300"), comparison_key("figure 310"));
}

TEST(NormalizeText, ComposesToNfcAndKeepsTypography) {
  EXPECT_EQ(normalize_text("Le\xCC\x81on"), "L\xC3\xA9on");  // e + combining acute -> é
  EXPECT_EQ(normalize_text("“do not come” – Harris’s"), "“do not come” – Harris’s");
  EXPECT_EQ(normalize_text("bad\xFF"), "bad\xEF\xBF\xBD");
}

TEST(CountWords, CountsLettersAndDigitsRuns) {
  EXPECT_EQ(count_words(""), 0u);
  EXPECT_EQ(count_words("Harris’s “new era” – $310m in aid"), 6u);
  EXPECT_EQ(count_words("cash-for-tree-planting isn't 2021"), 3u);
  EXPECT_EQ(count_words("Ocasio-Cortez, 300,000 Mexicans"), 4u);
}

TEST(Time, ParsesIso8601) {
  EXPECT_EQ(*parse_time("2021-06-08T15:40:00Z"), 1623166800);
  EXPECT_EQ(*parse_time("2021-06-08T15:40Z"), 1623166800);
  EXPECT_EQ(*parse_time("2021-06-08 17:40:00+02:00"), 1623166800);
  EXPECT_EQ(*parse_time("2021-06-08T10:40:00.250-0500"), 1623166800);
  EXPECT_EQ(*parse_time("2021-06-08"), 1623110400);
  EXPECT_EQ(*parse_time("1969-12-31T23:59:59Z"), -1);
  EXPECT_FALSE(parse_time("2021-02-29").ok());
  EXPECT_FALSE(parse_time("2021-06-08T25:00Z").ok());
  EXPECT_FALSE(parse_time("yesterday").ok());
  EXPECT_FALSE(parse_time("2021-06-08T15:40:00Zjunk").ok());
  EXPECT_EQ(format_time(1623166800), "2021-06-08T15:40:00Z");
  EXPECT_EQ(format_time(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_time(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_time(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(format_time(4102444799), "2099-12-31T23:59:59Z");
  for (UnixSeconds t = -100000000; t < 4000000000; t += 7777777) {
    EXPECT_EQ(*parse_time(format_time(t)), t) << t;
  }
}

TEST(Time, NormalizesPageDatesToIso8601) {
  EXPECT_EQ(normalize_date_time("2021-06-08"), "2021-06-08");
  EXPECT_EQ(normalize_date_time(" 2021-06-08T15:40 "), "2021-06-08T15:40:00");
  EXPECT_EQ(normalize_date_time("2017-11-03 03:01:00.000000"), "2017-11-03T03:01:00");
  EXPECT_EQ(normalize_date_time("2019-01-03T07:00:02.000Z"), "2019-01-03T07:00:02Z");
  EXPECT_EQ(normalize_date_time("2021-11-01T10:52:50+0100"), "2021-11-01T10:52:50+01:00");
  EXPECT_EQ(normalize_date_time("2021-11-01T10:52:50-05"), "2021-11-01T10:52:50-05:00");
  EXPECT_EQ(normalize_date_time("2021-11-01T10:52:50+00:00"), "2021-11-01T10:52:50Z");
  EXPECT_EQ(normalize_date_time("Tue, 08 Jun 2021 15:40:00 GMT"), "2021-06-08T15:40:00Z");
  EXPECT_EQ(normalize_date_time("8 jun 2021 17:40:00 +0200"), "2021-06-08T17:40:00+02:00");
  EXPECT_EQ(normalize_date_time("8 Jun 2021"), "2021-06-08");
  for (const char* bad : {"", "yesterday", "2021-02-29", "2021-13-01", "2021-06-08T24:00",
                          "2021-06-08T15:40:00+15:00", "32 Jun 2021", "8 Jum 2021",
                          "2021-06-08T15:40:00Zjunk", "1623166800"}) {
    EXPECT_EQ(normalize_date_time(bad), "") << bad;
  }
}

TEST(Slug, ValidatesAndDerives) {
  EXPECT_TRUE(is_valid_slug("harris-mexico"));
  EXPECT_TRUE(is_valid_slug("2021-story"));
  EXPECT_FALSE(is_valid_slug("-x"));
  EXPECT_FALSE(is_valid_slug("Harris"));
  EXPECT_FALSE(is_valid_slug("a/b"));
  EXPECT_FALSE(is_valid_slug(""));
  EXPECT_FALSE(is_valid_slug(std::string(81, 'a')));
  EXPECT_TRUE(is_valid_slug(std::string(80, 'a')));
  EXPECT_EQ(slug_from_text("Harris hails ‘new era’ with México!"),
            "harris-hails-new-era-with-mexico");
  EXPECT_EQ(
      slug_from_url("https://www.aljazeera.com/news/2021/6/8/harris-hails-new-era.html?utm=x"),
      "harris-hails-new-era");
  EXPECT_EQ(slug_from_url("https://example.org/2021/06/08/"), "example-org");
  EXPECT_EQ(slug_from_url("https://www.bbc.co.uk/news/world-us-canada-57396734"),
            "world-us-canada-57396734");
  const std::string long_slug = slug_from_text(std::string(50, 'a') + " " + std::string(50, 'b'));
  EXPECT_TRUE(is_valid_slug(long_slug));
  EXPECT_EQ(long_slug, std::string(50, 'a'));
}

}  // namespace
}  // namespace st
