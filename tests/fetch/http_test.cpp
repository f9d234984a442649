// fetch(): one request against servers on 127.0.0.1.
#include "fetch/http.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <ctime>
#include <string>

#include "fetch/local_server.hpp"

namespace st {
namespace {

using namespace std::chrono_literals;
using test::LocalServer;
using test::RawServer;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// The test binary does not link zlib itself; httplib's library carries a gzip compressor.
std::string gzip(const std::string& data) {
  httplib::detail::gzip_compressor compressor;
  std::string out;
  compressor.compress(data.data(), data.size(), true, [&out](const char* bytes, std::size_t n) {
    out.append(bytes, n);
    return true;
  });
  return out;
}

// Serves `bytes` as they are, with the headers given: a response with a known length (a
// content provider) is not compressed again by httplib, whatever its type.
void serve_exactly(httplib::Response& response, const std::string& bytes,
                   const std::string& content_type) {
  response.set_content_provider(
      bytes.size(), content_type,
      [bytes](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        return sink.write(bytes.data() + offset, length);
      });
}

std::string http_date(std::time_t when) {
  std::tm parts{};
  gmtime_r(&when, &parts);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &parts);
  return text;
}

class Fetch : public ::testing::Test {
 protected:
  void SetUp() override { test::ignore_proxy_settings(); }

  FetchResult get(const std::string& path, FetchOptions options = {}) {
    return fetch(test::page_request(server.url(path)), options);
  }

  LocalServer server;
};

TEST_F(Fetch, ReturnsBodyTypeCharsetAndValidators) {
  server.http().Get("/article", [](const httplib::Request&, httplib::Response& response) {
    response.set_header("ETag", "\"v1\"");
    response.set_header("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
    response.set_content("<html><body>hello</body></html>", "text/html; charset=\"UTF-8\"");
  });
  const FetchResult result = get("/article");
  EXPECT_EQ(result.outcome, FetchOutcome::ok) << result.error;
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "<html><body>hello</body></html>");
  EXPECT_EQ(result.content_type, "text/html; charset=\"UTF-8\"");
  EXPECT_EQ(result.charset, "utf-8");
  EXPECT_EQ(result.etag, "\"v1\"");
  EXPECT_EQ(result.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_EQ(result.final_url, server.url("/article"));
  EXPECT_FALSE(result.retry_after.has_value());
  EXPECT_TRUE(result.error.empty());
}

TEST_F(Fetch, SendsTheDefaultUserAgentOrTheOneGiven) {
  server.http().Get("/ua", [](const httplib::Request& request, httplib::Response& response) {
    response.set_content(request.get_header_value("User-Agent"), "text/html");
  });
  EXPECT_THAT(
      default_user_agent(),
      ::testing::MatchesRegex(
          R"(storytrail/[0-9]+\.[0-9]+\.[0-9]+ \(\+https://github\.com/storytrail/storytrail\))"));
  EXPECT_EQ(get("/ua").body, default_user_agent());
  FetchOptions options;
  options.user_agent = "tester/1";
  EXPECT_EQ(get("/ua", options).body, "tester/1");
}

TEST_F(Fetch, AdvertisesCompressionAndDecodesWhatTheServerCompressed) {
  const std::string page = "<p>" + std::string(20'000, 'x') + "</p>";
  std::string accept_encoding;
  // httplib compresses text/html itself (brotli or gzip) when the client accepts it.
  server.http().Get("/big", [&](const httplib::Request& request, httplib::Response& response) {
    accept_encoding = request.get_header_value("Accept-Encoding");
    response.set_content(page, "text/html");
  });
  const FetchResult result = get("/big");
  EXPECT_EQ(result.outcome, FetchOutcome::ok) << result.error;
  EXPECT_EQ(result.body, page);
  EXPECT_THAT(accept_encoding, HasSubstr("gzip"));
  EXPECT_THAT(accept_encoding, HasSubstr("deflate"));
  EXPECT_THAT(accept_encoding, HasSubstr("br"));
}

TEST_F(Fetch, DecodesAGzipBody) {
  const std::string page = "<html><body>" + std::string(5000, 'a') + "</body></html>";
  server.http().Get("/gz", [&](const httplib::Request&, httplib::Response& response) {
    response.set_header("Content-Encoding", "gzip");
    serve_exactly(response, gzip(page), "text/html");
  });
  const FetchResult result = get("/gz");
  EXPECT_EQ(result.outcome, FetchOutcome::ok) << result.error;
  EXPECT_EQ(result.body, page);
}

TEST_F(Fetch, BodyLimitCountsDecodedBytes) {
  // 1 MB of one letter compresses to about 1 KB: the limit must catch it while inflating.
  const std::string compressed = gzip(std::string(1024 * 1024, 'a'));
  ASSERT_LT(compressed.size(), 16u * 1024);
  server.http().Get("/bomb", [&](const httplib::Request&, httplib::Response& response) {
    response.set_header("Content-Encoding", "gzip");
    serve_exactly(response, compressed, "text/html");
  });
  FetchOptions options;
  options.max_body_bytes = 64 * 1024;
  const FetchResult result = get("/bomb", options);
  EXPECT_EQ(result.outcome, FetchOutcome::failed);
  EXPECT_EQ(result.error, "body over 64 KB");
  EXPECT_TRUE(result.body.empty());
}

TEST_F(Fetch, BodyOverTheLimitFails) {
  server.http().Get("/plain", [](const httplib::Request&, httplib::Response& response) {
    serve_exactly(response, std::string(10'000, 'b'), "text/html");  // with Content-Length
  });
  // No length and no compression (httplib compresses only chunked text): the limit is met in
  // the write callback, not from Content-Length.
  server.http().Get("/streamed", [](const httplib::Request&, httplib::Response& response) {
    response.set_content_provider("text/html", [](std::size_t offset, httplib::DataSink& sink) {
      if (offset >= 10'000) {
        sink.done();
        return true;
      }
      return sink.write(std::string(1000, 'c').data(), 1000);
    });
  });
  FetchOptions options;
  options.max_body_bytes = 1024;
  const FetchResult plain = get("/plain", options);
  EXPECT_EQ(plain.outcome, FetchOutcome::failed);
  EXPECT_EQ(plain.error, "body over 1 KB");
  options.max_body_bytes = 1536;
  const FetchResult streamed = get("/streamed", options);
  EXPECT_EQ(streamed.outcome, FetchOutcome::failed);
  EXPECT_EQ(streamed.error, "body over 1.5 KB");
  options.max_body_bytes = 10'000;  // exactly the size: allowed
  EXPECT_EQ(get("/plain", options).outcome, FetchOutcome::ok);
}

TEST_F(Fetch, ConditionalRequestGetsNotModified) {
  std::string if_modified_since;
  server.http().Get("/cached", [&](const httplib::Request& request, httplib::Response& response) {
    if_modified_since = request.get_header_value("If-Modified-Since");
    response.set_header("ETag", "\"v2\"");
    if (request.get_header_value("If-None-Match") == "\"v2\"") {
      response.status = 304;
      return;
    }
    response.set_content("<p>new</p>", "text/html");
  });
  FetchRequest request = test::page_request(server.url("/cached"));
  request.etag = "\"v2\"";
  request.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT";
  const FetchResult result = fetch(request);
  EXPECT_EQ(result.outcome, FetchOutcome::not_modified) << result.error;
  EXPECT_EQ(result.status, 304);
  EXPECT_TRUE(result.body.empty());
  EXPECT_EQ(result.etag, "\"v2\"");
  EXPECT_EQ(if_modified_since, "Wed, 21 Oct 2015 07:28:00 GMT");

  request.etag = "\"v1\"";  // an old version: the whole page comes back
  const FetchResult changed = fetch(request);
  EXPECT_EQ(changed.outcome, FetchOutcome::ok);
  EXPECT_EQ(changed.body, "<p>new</p>");
}

TEST_F(Fetch, ClientAndServerErrorsAreHttpErrors) {
  server.http().Get("/gone", [](const httplib::Request&, httplib::Response& response) {
    response.status = 410;
    response.set_content("<p>gone</p>", "text/html");
  });
  server.http().Get("/broken", [](const httplib::Request&, httplib::Response& response) {
    response.status = 500;
    response.set_content("oops", "text/plain");
  });
  const FetchResult missing = get("/missing");
  EXPECT_EQ(missing.outcome, FetchOutcome::http_error);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.error, "HTTP 404 Not Found");
  EXPECT_TRUE(missing.body.empty());

  const FetchResult gone = get("/gone");
  EXPECT_EQ(gone.outcome, FetchOutcome::http_error);
  EXPECT_EQ(gone.status, 410);
  EXPECT_EQ(gone.error, "HTTP 410 Gone");

  const FetchResult broken = get("/broken");
  EXPECT_EQ(broken.outcome, FetchOutcome::http_error);
  EXPECT_EQ(broken.status, 500);
  EXPECT_EQ(broken.error, "HTTP 500 Internal Server Error");
}

TEST_F(Fetch, StatusWithoutReasonPhrase) {
  RawServer raw("HTTP/1.1 404 \r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  const FetchResult result = fetch(test::page_request(raw.url("/x")));
  EXPECT_EQ(result.outcome, FetchOutcome::http_error);
  EXPECT_EQ(result.error, "HTTP 404");
}

TEST_F(Fetch, TooManyRequestsGivesRetryAfterInSeconds) {
  server.http().Get("/busy", [](const httplib::Request&, httplib::Response& response) {
    response.status = 429;
    response.set_header("Retry-After", "120");
  });
  const FetchResult result = get("/busy");
  EXPECT_EQ(result.outcome, FetchOutcome::http_error);
  EXPECT_EQ(result.status, 429);
  EXPECT_EQ(result.error, "HTTP 429 Too Many Requests");
  ASSERT_TRUE(result.retry_after.has_value());
  EXPECT_EQ(*result.retry_after, 120s);
}

// A wait longer than a week (or one too long to read) is taken as a week.
TEST_F(Fetch, AnEndlessRetryAfterIsCapped) {
  server.http().Get("/forever", [](const httplib::Request&, httplib::Response& response) {
    response.status = 503;
    response.set_header("Retry-After", "99999999999999999999999");
  });
  server.http().Get("/years", [](const httplib::Request&, httplib::Response& response) {
    response.status = 429;
    response.set_header("Retry-After", "1000000000000");
  });
  for (const char* path : {"/forever", "/years"}) {
    const FetchResult result = get(path);
    ASSERT_TRUE(result.retry_after.has_value()) << path;
    EXPECT_EQ(*result.retry_after, kMaxRetryAfter) << path;
  }
}

TEST_F(Fetch, ServiceUnavailableGivesRetryAfterFromAnHttpDate) {
  const std::time_t now = std::time(nullptr);
  server.http().Get("/down", [now](const httplib::Request&, httplib::Response& response) {
    response.status = 503;
    response.set_header("Date", http_date(now));
    response.set_header("Retry-After", http_date(now + 90));
  });
  server.http().Get("/down-no-date", [now](const httplib::Request&, httplib::Response& response) {
    response.status = 503;
    response.set_header("Retry-After", http_date(now + 3600));
  });
  const FetchResult result = get("/down");
  EXPECT_EQ(result.outcome, FetchOutcome::http_error);
  EXPECT_EQ(result.error, "HTTP 503 Service Unavailable");
  ASSERT_TRUE(result.retry_after.has_value());
  EXPECT_EQ(*result.retry_after, 90s);  // measured against the response's own Date

  // Without a Date the local clock counts; this test may take a few seconds to get here.
  const FetchResult no_date = get("/down-no-date");
  ASSERT_TRUE(no_date.retry_after.has_value());
  EXPECT_LE(*no_date.retry_after, 3600s);
  EXPECT_GE(*no_date.retry_after, 3600s - 60s);
}

TEST_F(Fetch, FollowsRedirectsToTheFinalUrl) {
  server.http().Get("/a", [&](const httplib::Request&, httplib::Response& response) {
    response.set_redirect(server.url("/b"), 301);  // absolute
  });
  server.http().Get("/b", [](const httplib::Request&, httplib::Response& response) {
    response.status = 302;
    response.set_header("Location", "/c");  // relative
  });
  server.http().Get("/c", [](const httplib::Request&, httplib::Response& response) {
    response.set_header("ETag", "\"c\"");
    response.set_content("<p>c</p>", "text/html");
  });
  const FetchResult result = get("/a");
  EXPECT_EQ(result.outcome, FetchOutcome::ok) << result.error;
  EXPECT_EQ(result.body, "<p>c</p>");
  EXPECT_EQ(result.final_url, server.url("/c"));
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.etag, "\"c\"");
}

TEST_F(Fetch, RedirectLoopStopsAtTheLimit) {
  std::atomic<int> hits{0};
  server.http().Get("/loop", [&](const httplib::Request&, httplib::Response& response) {
    ++hits;
    response.set_redirect("/loop", 302);
  });
  const FetchResult result = get("/loop");
  EXPECT_EQ(result.outcome, FetchOutcome::failed);
  EXPECT_EQ(result.error, "more than 5 redirects");
  EXPECT_EQ(hits, 6);  // the request and five redirects followed

  FetchOptions options;
  options.max_redirects = 2;
  EXPECT_EQ(get("/loop", options).error, "more than 2 redirects");
}

TEST_F(Fetch, RefusesARedirectToAnotherScheme) {
  // curl must not follow it: nothing listens for FTP here, and nothing may be contacted.
  server.http().Get("/to-ftp", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("ftp://127.0.0.1/file.txt", 302);
  });
  const FetchResult result = get("/to-ftp");
  EXPECT_EQ(result.outcome, FetchOutcome::failed);
  EXPECT_EQ(result.error, "redirect to ftp://127.0.0.1/file.txt: only http and https are followed");
}

TEST_F(Fetch, RefusesUrlsThatAreNotHttp) {
  const FetchResult ftp = fetch(test::page_request("ftp://127.0.0.1/file.txt"));
  EXPECT_EQ(ftp.outcome, FetchOutcome::failed);
  EXPECT_EQ(ftp.error, "cannot fetch ftp://127.0.0.1/file.txt: only http and https are supported");
  const FetchResult file = fetch(test::page_request("FILE:///etc/passwd"));
  EXPECT_EQ(file.outcome, FetchOutcome::failed);
  EXPECT_THAT(file.error, HasSubstr("only http and https"));
  EXPECT_EQ(fetch(test::page_request("not a url")).error, "malformed URL not a url");
}

TEST_F(Fetch, ConnectionRefused) {
  const int port = test::unused_port();
  const FetchResult result = fetch(test::page_request(test::loopback_url(port, "/")));
  EXPECT_EQ(result.outcome, FetchOutcome::failed);
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.error, "connection refused by 127.0.0.1:" + std::to_string(port));
}

TEST_F(Fetch, UnresolvableHost) {
  // A name under the reserved .invalid domain whose first label is 64 bytes long: a DNS label
  // holds at most 63, so the resolver fails before sending any query (checked with strace),
  // and /etc/hosts does not have it. No address is contacted.
  const std::string host = std::string(64, 'a') + ".invalid";
  const FetchResult result = fetch(test::page_request("http://" + host + "/"));
  EXPECT_EQ(result.outcome, FetchOutcome::failed);
  EXPECT_EQ(result.error, "cannot resolve host " + host);
}

TEST_F(Fetch, TlsToAPlainHttpServerFails) {
  const std::string url = "https://127.0.0.1:" + std::to_string(server.port()) + "/";
  const FetchResult result = fetch(test::page_request(url));
  EXPECT_EQ(result.outcome, FetchOutcome::failed);
  EXPECT_THAT(result.error, StartsWith("TLS error with 127.0.0.1:"));
}

TEST_F(Fetch, TotalTimeout) {
  server.http().Get("/stall", [&](const httplib::Request&, httplib::Response& response) {
    server.wait(5s);
    response.set_content("late", "text/html");
  });
  FetchOptions options;
  options.total_timeout = 300ms;
  const FetchResult result = get("/stall", options);
  EXPECT_EQ(result.outcome, FetchOutcome::failed);
  EXPECT_EQ(result.error, "timed out after 300 ms");
}

TEST_F(Fetch, ASlowDripIsCut) {
  // One byte every 200 ms, each written as it comes (no length: httplib neither chunks nor
  // compresses it, which would hold the bytes back).
  std::atomic<int> dripped{0};
  server.http().Get("/drip", [&](const httplib::Request&, httplib::Response& response) {
    response.set_content_provider("text/html", [&](std::size_t offset, httplib::DataSink& sink) {
      if (offset >= 100 || server.wait(200ms)) {
        sink.done();
        return true;
      }
      if (!sink.write("x", 1)) return false;  // the client has gone
      ++dripped;
      return true;
    });
  });
  FetchOptions options;
  options.low_speed_bytes = 100;
  options.low_speed_time = 1s;
  const FetchResult result = get("/drip", options);
  EXPECT_EQ(result.outcome, FetchOutcome::failed);
  EXPECT_EQ(result.error, "too slow: under 100 bytes/s for 1 s");
  EXPECT_GE(dripped, 2);  // bytes did come: the transfer was slow, not stalled
}

TEST_F(Fetch, BodyCutShort) {
  RawServer raw(
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n"
      "Connection: close\r\n\r\n<p>only part");
  const FetchResult result = fetch(test::page_request(raw.url("/cut")));
  EXPECT_EQ(result.outcome, FetchOutcome::failed);
  EXPECT_EQ(result.error, "body cut short");
  EXPECT_TRUE(result.body.empty());
}

TEST_F(Fetch, RefusesAPageThatIsNotHtmlWithoutDownloadingIt) {
  constexpr std::size_t total = 64 * 1024 * 1024;
  std::atomic<std::size_t> sent{0};
  server.http().Get("/paper.pdf", [&](const httplib::Request&, httplib::Response& response) {
    response.set_content_provider(
        total, "application/pdf", [&](std::size_t, std::size_t length, httplib::DataSink& sink) {
          const std::string chunk(std::min<std::size_t>(length, 64 * 1024), '%');
          if (!sink.write(chunk.data(), chunk.size())) return false;
          sent += chunk.size();
          return true;
        });
  });
  const FetchResult result = get("/paper.pdf");
  EXPECT_EQ(result.outcome, FetchOutcome::failed);
  EXPECT_EQ(result.error, "not an HTML page (application/pdf)");
  EXPECT_EQ(result.content_type, "application/pdf");
  EXPECT_EQ(result.status, 200);
  EXPECT_TRUE(result.body.empty());
  // The client hung up after the head: the server got no further than socket buffers allow.
  EXPECT_LT(sent.load(), total / 4);
}

TEST_F(Fetch, PageAcceptsXhtmlAndNoContentType) {
  server.http().Get("/xhtml", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("<html/>", "application/xhtml+xml; charset=ISO-8859-1");
  });
  const FetchResult xhtml = get("/xhtml");
  EXPECT_EQ(xhtml.outcome, FetchOutcome::ok) << xhtml.error;
  EXPECT_EQ(xhtml.charset, "iso-8859-1");

  RawServer raw("HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\n<html/>");
  const FetchResult untyped = fetch(test::page_request(raw.url("/")));
  EXPECT_EQ(untyped.outcome, FetchOutcome::ok) << untyped.error;
  EXPECT_EQ(untyped.body, "<html/>");
  EXPECT_TRUE(untyped.content_type.empty());
}

TEST_F(Fetch, FeedAcceptsFeedTypesAndRefusesHtml) {
  std::string accept;
  server.http().Get("/rss", [&](const httplib::Request& request, httplib::Response& response) {
    accept = request.get_header_value("Accept");
    response.set_content("<rss/>", "application/rss+xml");
  });
  server.http().Get("/atom", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("<feed/>", "application/atom+xml;charset=utf-8");
  });
  server.http().Get("/html", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("<html/>", "text/html; charset=utf-8");
  });
  const auto get_feed = [&](const std::string& path) {
    return fetch(test::feed_request(server.url(path)));
  };
  const FetchResult rss = get_feed("/rss");
  EXPECT_EQ(rss.outcome, FetchOutcome::ok) << rss.error;
  EXPECT_EQ(rss.body, "<rss/>");
  EXPECT_THAT(accept, StartsWith("application/rss+xml"));
  EXPECT_EQ(get_feed("/atom").outcome, FetchOutcome::ok);

  const FetchResult html = get_feed("/html");
  EXPECT_EQ(html.outcome, FetchOutcome::failed);
  EXPECT_EQ(html.error, "not a feed (text/html)");

  // And a page must not be a feed.
  EXPECT_EQ(get("/rss").error, "not an HTML page (application/rss+xml)");
}

}  // namespace
}  // namespace st
