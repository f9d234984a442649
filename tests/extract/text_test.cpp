// extract_text: plain text captures.

#include <gtest/gtest.h>

#include <string>

#include "extract/extract.hpp"
#include "extract/test_files.hpp"

namespace st {
namespace {

using namespace std::string_literals;
using testing::read_test_file;

Article extract_ok(const std::string& bytes, const std::string& content_type = "") {
  auto result = extract_text({bytes, "https://example.org/story", content_type});
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? *result : Article{};
}

TEST(ExtractText, FirstParagraphIsTheHeadlineTheRestTheBody) {
  const Article article = extract_ok(read_test_file("plain-text.txt"));
  EXPECT_EQ(article.headline, "Harbour bridge reopens after three-year repair");
  ASSERT_EQ(article.body.size(), 3u);
  // Lines of a paragraph are joined with a space; a line of no-break spaces is a blank line.
  EXPECT_EQ(article.body[0].text,
            "The Old Harbour bridge reopened to traffic on Tuesday, ending a repair that closed "
            "the crossing for almost three years.");
  EXPECT_EQ(article.body[1].text, "About 400 vehicles crossed in the first hour.");
  EXPECT_EQ(article.body[2].text, "\u201CIt\u2019s been a long wait,\u201D said a shop owner.");
  for (const Block& block : article.body) EXPECT_EQ(block.kind, BlockKind::paragraph);
  EXPECT_EQ(article.extractor, kTextExtractorName);
  EXPECT_EQ(article.url, "https://example.org/story");
  EXPECT_TRUE(article.standfirst.empty());
  EXPECT_TRUE(article.bylines.empty());
}

TEST(ExtractText, HandlesEveryLineEnding) {
  const Article article = extract_ok("Title\r\n\r\nOne\r\ntwo\r\rThree\n \t\nFour");
  EXPECT_EQ(article.headline, "Title");
  ASSERT_EQ(article.body.size(), 3u);
  EXPECT_EQ(article.body[0].text, "One two");
  EXPECT_EQ(article.body[1].text, "Three");
  EXPECT_EQ(article.body[2].text, "Four");
}

TEST(ExtractText, NormalizesText) {
  const Article article =
      extract_ok("  Cafe\xCC\x81   \t news \n\nsoft\xC2\xADhyphen\xE2\x80\x8B gone");
  EXPECT_EQ(article.headline, "Caf\u00E9 news");  // NFC, spaces collapsed
  ASSERT_EQ(article.body.size(), 1u);
  EXPECT_EQ(article.body[0].text, "softhyphen gone");
}

TEST(ExtractText, AHeadlineAloneIsEnough) {
  const Article article = extract_ok("\n\nOnly a headline\n\n\n");
  EXPECT_EQ(article.headline, "Only a headline");
  EXPECT_TRUE(article.body.empty());
}

TEST(ExtractText, HonoursAUtf8ByteOrderMark) {
  const Article article = extract_ok("\xEF\xBB\xBFHeadline\n\nBody.");
  EXPECT_EQ(article.headline, "Headline");
}

TEST(ExtractText, ConvertsUtf16WithAByteOrderMark) {
  const Article le = extract_ok(read_test_file("utf16le-bom.txt"));
  EXPECT_EQ(le.headline, "Schnee in M\u00FCnchen");
  ASSERT_EQ(le.body.size(), 1u);
  EXPECT_EQ(le.body[0].text, "In der Nacht fielen 10 Zentimeter \U0001F328 Schnee.");

  const Article be = extract_ok("\xFE\xFF\0H\0i\0\n\0\n\0B\0o\0d\0y"s);
  EXPECT_EQ(be.headline, "Hi");
  ASSERT_EQ(be.body.size(), 1u);
  EXPECT_EQ(be.body[0].text, "Body");
}

TEST(ExtractText, RejectsInvalidUtf8) {
  const std::string bytes = read_test_file("invalid-utf8.txt");
  const auto result = extract_text({bytes, "", ""});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message,
            "the text is not valid UTF-8 (convert it first, for example with iconv)");
}

TEST(ExtractText, UsesADeclaredCharsetForBytesThatAreNotUtf8) {
  const Article article =
      extract_ok(read_test_file("invalid-utf8.txt"), "text/plain; charset=ISO-8859-1");
  EXPECT_EQ(article.headline, "Caf\u00E9 prices");
}

TEST(ExtractText, ValidUtf8WinsOverADeclaredLegacyCharset) {
  const Article article = extract_ok("Caf\xC3\xA9\n\nBody", "text/plain; charset=iso-8859-1");
  EXPECT_EQ(article.headline, "Caf\u00E9");
}

TEST(ExtractText, EmptyTextIsAnError) {
  for (const std::string bytes : {"", "   \n\n\t\n", "\xEF\xBB\xBF", "\xC2\xA0\n"}) {
    const auto result = extract_text({bytes, "", ""});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message,
              "no article text found: the text is empty or only white space");
  }
}

}  // namespace
}  // namespace st
