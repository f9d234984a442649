#include "extract/charset.hpp"

#include <gtest/gtest.h>

#include <string>

#include "util/text.hpp"

namespace st {
namespace {

using namespace std::string_literals;

TEST(ByteOrderMark, RecognisesUtf8AndUtf16) {
  EXPECT_EQ(detect_byte_order_mark("\xEF\xBB\xBFhi").charset, "utf-8");
  EXPECT_EQ(detect_byte_order_mark("\xEF\xBB\xBFhi").length, 3u);
  EXPECT_EQ(detect_byte_order_mark("\xFF\xFEh\0"s).charset, "utf-16le");
  EXPECT_EQ(detect_byte_order_mark("\xFE\xFF\0h"s).charset, "utf-16be");
  EXPECT_EQ(detect_byte_order_mark("\xFE\xFF\0h"s).length, 2u);
  EXPECT_TRUE(detect_byte_order_mark("<html>").charset.empty());
  EXPECT_EQ(detect_byte_order_mark("\xEF\xBB").length, 0u);
}

TEST(CharsetFromContentType, ReadsTheParameter) {
  EXPECT_EQ(charset_from_content_type("text/html; charset=UTF-8"), "utf-8");
  EXPECT_EQ(charset_from_content_type("text/html;charset=\"ISO-8859-1\""), "iso-8859-1");
  EXPECT_EQ(charset_from_content_type("text/html; Charset = 'Shift_JIS' ; q=1"), "shift_jis");
  EXPECT_EQ(charset_from_content_type("text/html"), "");
  EXPECT_EQ(charset_from_content_type(""), "");
}

TEST(SniffHtmlCharset, ReadsMetaCharset) {
  EXPECT_EQ(sniff_html_charset("<html><head><meta charset=\"windows-1252\">"), "windows-1252");
  EXPECT_EQ(sniff_html_charset("<META CHARSET=Latin1>"), "latin1");
  EXPECT_EQ(sniff_html_charset("<meta charset='koi8-r'/>"), "koi8-r");
}

TEST(SniffHtmlCharset, ReadsHttpEquivContentType) {
  EXPECT_EQ(sniff_html_charset("<meta http-equiv=\"Content-Type\" "
                               "content=\"text/html; charset=ISO-8859-1\">"),
            "iso-8859-1");
  // The content attribute may come first.
  EXPECT_EQ(sniff_html_charset("<meta content='text/html;charset=gb2312' "
                               "http-equiv='content-type'>"),
            "gb2312");
  // Without http-equiv the content attribute is not a declaration.
  EXPECT_EQ(sniff_html_charset("<meta name=x content=\"charset=koi8-r\">"), "");
}

TEST(SniffHtmlCharset, SkipsCommentsAndQuotedAttributes) {
  EXPECT_EQ(sniff_html_charset("<!-- <meta charset=koi8-r> --><meta charset=utf-8>"), "utf-8");
  EXPECT_EQ(sniff_html_charset("<div title='<meta charset=koi8-r>'><meta charset=latin1>"),
            "latin1");
}

TEST(SniffHtmlCharset, LooksOnlyAtTheFirst4KiB) {
  const std::string late = std::string(5000, ' ') + "<meta charset=windows-1251>";
  EXPECT_EQ(sniff_html_charset(late), "");
  const std::string early = std::string(3000, ' ') + "<meta charset=windows-1251>";
  EXPECT_EQ(sniff_html_charset(early), "windows-1251");
}

TEST(SniffHtmlCharset, DeclaredUtf16MeansUtf8) {
  EXPECT_EQ(sniff_html_charset("<meta charset=utf-16le>"), "utf-8");
}

TEST(IconvCharsetName, MapsLabelsAsBrowsersDo) {
  EXPECT_EQ(iconv_charset_name("ISO-8859-1"), "CP1252");
  EXPECT_EQ(iconv_charset_name(" latin1 "), "CP1252");
  EXPECT_EQ(iconv_charset_name("us-ascii"), "CP1252");
  EXPECT_EQ(iconv_charset_name("windows-1252"), "CP1252");
  EXPECT_EQ(iconv_charset_name("gb2312"), "GB18030");
  EXPECT_EQ(iconv_charset_name("utf8"), "UTF-8");
  EXPECT_EQ(iconv_charset_name("koi8-r"), "KOI8-R");
  // iconv suffixes and other odd characters are not passed on.
  EXPECT_EQ(iconv_charset_name("latin2//TRANSLIT"), "UTF-8");
  EXPECT_EQ(iconv_charset_name(""), "UTF-8");
}

TEST(DecodeToUtf8, ConvertsWindows1252) {
  EXPECT_EQ(decode_to_utf8("\x93"
                           "caf\xE9"
                           "\x94 \x80"
                           "5 \x85",
                           "windows-1252"),
            "\u201Ccaf\u00E9\u201D \u20AC5 \u2026");
}

TEST(DecodeToUtf8, ReadsLatin1AsWindows1252) {
  // 0x92 is a C1 control in ISO-8859-1 but an apostrophe in windows-1252, which is what pages
  // labelled ISO-8859-1 mean.
  EXPECT_EQ(decode_to_utf8("it\x92s \xA3"
                           "5",
                           "iso-8859-1"),
            "it\u2019s \u00A35");
}

TEST(DecodeToUtf8, ConvertsOtherCharsets) {
  EXPECT_EQ(decode_to_utf8("\xF0\xD2\xC9\xD7\xC5\xD4", "koi8-r"),
            "\u041F\u0440\u0438\u0432\u0435\u0442");
  EXPECT_EQ(decode_to_utf8("\x93\xFA\x96\x7B", "shift_jis"), "\u65E5\u672C");
  EXPECT_EQ(decode_to_utf8("\xC4\xE3\xBA\xC3", "gb2312"), "\u4F60\u597D");
}

TEST(DecodeToUtf8, ConvertsUtf16IncludingSurrogatePairs) {
  EXPECT_EQ(decode_to_utf8("h\0i\0=\xD8\x00\xDE"s, "utf-16le"), "hi\U0001F600");
  EXPECT_EQ(decode_to_utf8("\0h\0i"s, "utf-16be"), "hi");
}

TEST(DecodeToUtf8, ReplacesWhatTheCharsetDoesNotDefine) {
  // A lone low surrogate and an odd trailing byte.
  const std::string out = decode_to_utf8(
      "a\0\x00\xDC"
      "b\0c"s,
      "utf-16le");
  EXPECT_TRUE(is_valid_utf8(out));
  EXPECT_EQ(out, "a\uFFFDb\uFFFD");
  // Shift_JIS lead byte followed by nothing.
  EXPECT_EQ(decode_to_utf8("ok\x93", "shift_jis"), "ok\uFFFD");
}

TEST(DecodeToUtf8, RepairsInvalidUtf8) {
  EXPECT_EQ(decode_to_utf8("a\xFF"
                           "b\xC3",
                           "utf-8"),
            "a\uFFFDb\uFFFD");
  EXPECT_EQ(decode_to_utf8("caf\xC3\xA9", ""), "caf\u00E9");
}

TEST(DecodeToUtf8, UnknownCharsetFallsBackToUtf8) {
  EXPECT_EQ(decode_to_utf8("caf\xC3\xA9 \xFF", "x-no-such-charset"), "caf\u00E9 \uFFFD");
}

TEST(HtmlCharset, ByteOrderMarkWins) {
  EXPECT_EQ(html_charset("\xEF\xBB\xBF<meta charset=latin1>", "text/html; charset=koi8-r"),
            "utf-8");
  EXPECT_EQ(html_charset("\xFF\xFE<\0"s, ""), "utf-16le");
}

TEST(HtmlCharset, ContentTypeBeforeMetaBeforeDefault) {
  EXPECT_EQ(html_charset("<meta charset=latin1>caf\xE9", "text/html; charset=koi8-r"), "koi8-r");
  EXPECT_EQ(html_charset("<meta charset=latin1>caf\xE9", "text/html"), "latin1");
  EXPECT_EQ(html_charset("<p>plain", ""), "utf-8");
}

TEST(HtmlCharset, UnknownDeclarationsArePassedOver) {
  EXPECT_EQ(html_charset("<meta charset=latin1>caf\xE9", "text/html; charset=bogus"), "latin1");
  EXPECT_EQ(html_charset("<meta charset=bogus>", ""), "utf-8");
}

TEST(HtmlCharset, ValidUtf8BeatsALegacyDeclaration) {
  // Converted to UTF-8 but still declaring GB2312.
  EXPECT_EQ(html_charset("<meta charset=gb2312>\xE4\xBD\xA0\xE5\xA5\xBD", ""), "utf-8");
  // Plain ASCII keeps its declaration: nothing tells the two apart.
  EXPECT_EQ(html_charset("<meta charset=gb2312>hello", ""), "gb2312");
}

}  // namespace
}  // namespace st
