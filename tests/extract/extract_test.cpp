// sniff_capture_kind and extract_article: what a capture is, and captures turned away.

#include "extract/extract.hpp"

#include <gtest/gtest.h>

#include <string>

#include "extract/test_files.hpp"

namespace st {
namespace {

using namespace std::string_literals;
using testing::read_test_file;

TEST(SniffCaptureKind, ContentTypeDecides) {
  EXPECT_EQ(sniff_capture_kind("just words", "text/html; charset=utf-8"), CaptureKind::html);
  EXPECT_EQ(sniff_capture_kind("just words", "application/xhtml+xml"), CaptureKind::html);
  EXPECT_EQ(sniff_capture_kind("<html><body>x", "text/plain"), CaptureKind::text);
  EXPECT_EQ(sniff_capture_kind("<html><body>x", " TEXT/PLAIN ; charset=utf-8"), CaptureKind::text);
}

TEST(SniffCaptureKind, OtherContentTypesFallBackToTheBytes) {
  EXPECT_EQ(sniff_capture_kind("<!DOCTYPE html><p>x", "application/octet-stream"),
            CaptureKind::html);
  EXPECT_EQ(sniff_capture_kind("Headline\n\nBody", "application/octet-stream"), CaptureKind::text);
}

TEST(SniffCaptureKind, RecognisesHtmlOpenings) {
  for (const std::string opening : {"<!DOCTYPE html>", "<!doctype HTML>", "<html lang=en>",
                                    "<HEAD>", "<body>", "<meta charset=utf-8>", "<!-- saved -->"}) {
    EXPECT_EQ(sniff_capture_kind(opening + "<p>Text</p>", ""), CaptureKind::html) << opening;
    EXPECT_EQ(sniff_capture_kind("\xEF\xBB\xBF \n\t" + opening, ""), CaptureKind::html) << opening;
  }
}

TEST(SniffCaptureKind, FindsHtmlOrBodyTagInTheFirst2KiB) {
  EXPECT_EQ(sniff_capture_kind("<?xml version=\"1.0\"?>\n<html xmlns=\"x\">", ""),
            CaptureKind::html);
  EXPECT_EQ(sniff_capture_kind("junk before <BODY>text", ""), CaptureKind::html);
  EXPECT_EQ(sniff_capture_kind(std::string(3000, 'x') + "<html>", ""), CaptureKind::text);
  // Words that merely start like the tags are not tags.
  EXPECT_EQ(sniff_capture_kind("See <htmlfile> and <bodyguard> notes", ""), CaptureKind::text);
}

TEST(SniffCaptureKind, PlainTextIsText) {
  EXPECT_EQ(sniff_capture_kind("Harbour bridge reopens\n\nThe bridge...", ""), CaptureKind::text);
  EXPECT_EQ(sniff_capture_kind("a < b and b > c", ""), CaptureKind::text);
  EXPECT_EQ(sniff_capture_kind("", ""), CaptureKind::text);
}

TEST(SniffCaptureKind, ReadsUtf16WithByteOrderMark) {
  const std::string utf16 = "\xFF\xFE<\0h\0t\0m\0l\0>\0"s;
  EXPECT_EQ(sniff_capture_kind(utf16, ""), CaptureKind::html);
}

TEST(ExtractArticle, RejectsBinaryData) {
  const std::string bytes = read_test_file("binary-data.bin");
  const auto result = extract_article({bytes, "", ""});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "the file looks like binary data, not an HTML page or text");
}

TEST(ExtractArticle, RejectsANulByteEvenInAnHtmlPage) {
  const std::string bytes = "<html><body><p>Hello\0world</p></body></html>"s;
  const auto result = extract_article({bytes, "", "text/html"});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "the file looks like binary data, not an HTML page or text");
}

TEST(ExtractArticle, RejectsManyControlBytes) {
  std::string bytes = "Headline\n\n";
  for (int i = 0; i < 20; ++i) bytes += "word\x01\x02 ";
  const auto result = extract_article({bytes, "", ""});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "the file looks like binary data, not an HTML page or text");
}

TEST(ExtractArticle, AcceptsAFewControlBytesAndEscapes) {
  // A stray form feed or escape is not binary data (ISO-2022 text uses escapes).
  std::string bytes = "Headline\f\n\nA body paragraph \x1B$B with an escape.\n";
  bytes += std::string(400, 'x');
  EXPECT_TRUE(extract_article({bytes, "", ""}).ok());
}

TEST(ExtractArticle, NamesKnownBinaryFormats) {
  const auto pdf = extract_article({"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj", "", ""});
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().message, "the file looks like a PDF document, not an HTML page or text");
  const auto gzip = extract_article({"\x1F\x8B\x08\x00\x00\x00\x00\x00"s, "", "text/html"});
  ASSERT_FALSE(gzip.ok());
  EXPECT_NE(gzip.error().message.find("gzip"), std::string::npos);
  EXPECT_NE(gzip.error().message.find("gunzip"), std::string::npos);
}

TEST(ExtractArticle, AcceptsUtf16WithByteOrderMarkDespiteItsNulBytes) {
  const std::string bytes = read_test_file("utf16le-bom.txt");
  const auto result = extract_article({bytes, "", ""});
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->headline, "Schnee in M\u00FCnchen");
}

TEST(ExtractArticle, RejectsAnEmptyFile) {
  const auto result = extract_article({"", "", ""});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "the file is empty");
}

TEST(ExtractArticle, DispatchesOnTheKind) {
  const std::string page = read_test_file("news-page.html");
  const auto html = extract_article({page, "https://x.org/a", ""});
  ASSERT_TRUE(html.ok()) << html.error().message;
  EXPECT_EQ(html->extractor, kHtmlExtractorName);
  // The same bytes declared as plain text are taken as text.
  const auto text = extract_article({page, "https://x.org/a", "text/plain"});
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->extractor, kTextExtractorName);
  EXPECT_EQ(text->url, "https://x.org/a");
}

}  // namespace
}  // namespace st
