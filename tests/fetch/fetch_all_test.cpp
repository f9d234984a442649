// fetch_all(): many requests under politeness limits, against three servers on 127.0.0.1.
// Three ports are three hosts to the politeness rules.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "fetch/http.hpp"
#include "fetch/local_server.hpp"

namespace st {
namespace {

using namespace std::chrono_literals;
using test::LocalServer;
using Clock = std::chrono::steady_clock;

// How many handlers run at once, and the most there ever were. A handler runs within its
// request's time in flight, so the peak here is at most the client's.
class Gauge {
 public:
  void enter() {
    const int now = ++current_;
    int seen = peak_.load();
    while (now > seen && !peak_.compare_exchange_weak(seen, now)) {
    }
  }
  void leave() { --current_; }
  int peak() const { return peak_; }

 private:
  std::atomic<int> current_{0};
  std::atomic<int> peak_{0};
};

struct Delivery {
  std::size_t index;
  FetchResult result;
};

class FetchAll : public ::testing::Test {
 protected:
  void SetUp() override { test::ignore_proxy_settings(); }

  // Runs fetch_all and returns what `done` was given, in the order given.
  std::vector<Delivery> run(const std::vector<FetchRequest>& requests,
                            const FetchPoliteness& politeness,
                            const std::atomic<bool>* stop = nullptr,
                            const std::function<void(std::size_t)>& after_each = {}) {
    std::vector<Delivery> deliveries;
    fetch_all(
        requests, FetchOptions{}, politeness,
        [&](std::size_t index, FetchResult result) {
          deliveries.push_back(Delivery{index, std::move(result)});
          if (after_each) after_each(index);
        },
        stop);
    return deliveries;
  }

  std::array<LocalServer, 3> servers;
};

TEST_F(FetchAll, DeliversEachResultOnceWithinConcurrencyLimits) {
  Gauge overall;
  std::array<Gauge, 3> per_host;
  for (std::size_t s = 0; s < servers.size(); ++s) {
    servers[s].http().Get(
        R"(/item/(\d+))", [&, s](const httplib::Request& request, httplib::Response& response) {
          overall.enter();
          per_host[s].enter();
          std::this_thread::sleep_for(10ms);
          per_host[s].leave();
          overall.leave();
          response.set_content("<p>" + request.matches[1].str() + "</p>", "text/html");
        });
  }
  std::vector<FetchRequest> requests;
  for (std::size_t i = 0; i < 30; ++i) {
    requests.push_back(test::page_request(servers[i % 3].url("/item/" + std::to_string(i))));
  }
  FetchPoliteness politeness;
  politeness.max_concurrent = 2;
  politeness.min_host_gap = 0ms;
  const std::vector<Delivery> deliveries = run(requests, politeness);

  ASSERT_EQ(deliveries.size(), requests.size());
  std::set<std::size_t> seen;
  for (const Delivery& delivery : deliveries) {
    EXPECT_TRUE(seen.insert(delivery.index).second) << "index " << delivery.index << " twice";
    EXPECT_EQ(delivery.result.outcome, FetchOutcome::ok) << delivery.result.error;
    EXPECT_EQ(delivery.result.body, "<p>" + std::to_string(delivery.index) + "</p>");
    EXPECT_EQ(delivery.result.final_url, requests[delivery.index].url);
  }
  EXPECT_LE(overall.peak(), 2);
  for (const Gauge& gauge : per_host) EXPECT_EQ(gauge.peak(), 1);
}

TEST_F(FetchAll, RunsDifferentHostsAtTheSameTime) {
  // Each handler waits for the other host's handler to have started. Run one after the other,
  // the first would give up after 3 s and say so.
  std::atomic<int> entered{0};
  std::atomic<bool> met_both{true};
  for (std::size_t s = 0; s < 2; ++s) {
    servers[s].http().Get("/meet", [&](const httplib::Request&, httplib::Response& response) {
      ++entered;
      const auto until = Clock::now() + 3s;
      while (entered < 2 && Clock::now() < until) std::this_thread::sleep_for(1ms);
      if (entered < 2) met_both = false;
      response.set_content("<p>met</p>", "text/html");
    });
  }
  const std::vector<Delivery> deliveries = run(
      {test::page_request(servers[0].url("/meet")), test::page_request(servers[1].url("/meet"))},
      FetchPoliteness{});
  ASSERT_EQ(deliveries.size(), 2u);
  EXPECT_TRUE(met_both);
}

TEST_F(FetchAll, KeepsTheGapBetweenRequestsToOneHost) {
  std::mutex mutex;
  std::vector<Clock::time_point> starts;
  servers[0].http().Get("/gap", [&](const httplib::Request&, httplib::Response& response) {
    {
      const std::lock_guard lock(mutex);
      starts.push_back(Clock::now());
    }
    response.set_content("<p>gap</p>", "text/html");
  });
  servers[1].http().Get("/other", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("<p>other</p>", "text/html");
  });
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 4; ++i) {
    requests.push_back(test::page_request(servers[0].url("/gap")));
    requests.push_back(test::page_request(servers[1].url("/other")));
  }
  FetchPoliteness politeness;
  politeness.min_host_gap = 150ms;
  const std::vector<Delivery> deliveries = run(requests, politeness);
  ASSERT_EQ(deliveries.size(), requests.size());

  // A request starts on the server before its client sees the end of it, and the next one
  // reaches the server after the client started it: start to start is at least the gap.
  ASSERT_EQ(starts.size(), 4u);
  for (std::size_t i = 1; i < starts.size(); ++i) {
    EXPECT_GE(starts[i] - starts[i - 1], 150ms) << "between requests " << i - 1 << " and " << i;
  }
}

// Given a HostMemory, the gap holds from one fetch_all call to the next (a feed, then its
// articles, on one host).
TEST_F(FetchAll, AHostMemoryKeepsTheGapAcrossCalls) {
  std::mutex mutex;
  std::vector<Clock::time_point> starts;
  servers[0].http().Get("/one", [&](const httplib::Request&, httplib::Response& response) {
    {
      const std::lock_guard lock(mutex);
      starts.push_back(Clock::now());
    }
    response.set_content("<p>one</p>", "text/html");
  });
  HostMemory memory;
  FetchPoliteness politeness;
  politeness.min_host_gap = 300ms;
  politeness.memory = &memory;
  const std::vector<FetchRequest> requests{test::page_request(servers[0].url("/one"))};
  ASSERT_EQ(run(requests, politeness).size(), 1u);
  ASSERT_EQ(run(requests, politeness).size(), 1u);
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_GE(starts[1] - starts[0], 300ms);
}

// After a 429 with Retry-After, the host's other requests are not sent: each is reported
// deferred with the wait, in this call and in the next one sharing the memory. Other hosts go on.
TEST_F(FetchAll, ARetryAfterDefersTheHostsOtherRequests) {
  std::atomic<int> busy_requests{0};
  servers[0].http().Get(R"(/busy/(\d+))",
                        [&](const httplib::Request&, httplib::Response& response) {
                          ++busy_requests;
                          response.status = 429;
                          response.set_header("Retry-After", "3600");
                        });
  servers[1].http().Get("/fine", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("<p>fine</p>", "text/html");
  });
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 3; ++i) {
    requests.push_back(test::page_request(servers[0].url("/busy/" + std::to_string(i))));
    requests.push_back(test::page_request(servers[1].url("/fine")));
  }
  HostMemory memory;
  FetchPoliteness politeness;
  politeness.min_host_gap = 0ms;
  politeness.memory = &memory;
  std::vector<Delivery> deliveries = run(requests, politeness);
  ASSERT_EQ(deliveries.size(), requests.size());
  EXPECT_EQ(busy_requests.load(), 1);
  int deferred = 0, fine = 0;
  for (const Delivery& d : deliveries) {
    if (d.result.outcome == FetchOutcome::deferred) {
      ++deferred;
      ASSERT_TRUE(d.result.retry_after.has_value());
      EXPECT_GT(*d.result.retry_after, 3500s);
      EXPECT_NE(d.result.error.find("Retry-After"), std::string::npos) << d.result.error;
    }
    if (d.result.outcome == FetchOutcome::ok) ++fine;
  }
  EXPECT_EQ(deferred, 2);
  EXPECT_EQ(fine, 3);
  deliveries = run({requests[0]}, politeness);
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].result.outcome, FetchOutcome::deferred);
  EXPECT_EQ(busy_requests.load(), 1);
}

TEST_F(FetchAll, ReusesConnectionsOverAThousandRequests) {
  std::array<std::mutex, 3> mutexes;
  std::array<std::set<int>, 3> client_ports;  // one per connection the server saw
  for (std::size_t s = 0; s < servers.size(); ++s) {
    servers[s].http().Get("/n",
                          [&, s](const httplib::Request& request, httplib::Response& response) {
                            {
                              const std::lock_guard lock(mutexes[s]);
                              client_ports[s].insert(request.remote_port);
                            }
                            response.set_content("<p>n</p>", "text/html");
                          });
  }
  std::vector<FetchRequest> requests;
  for (std::size_t i = 0; i < 1000; ++i) {
    requests.push_back(test::page_request(servers[i % 3].url("/n")));
  }
  FetchPoliteness politeness;
  politeness.min_host_gap = 0ms;
  const std::vector<Delivery> deliveries = run(requests, politeness);
  ASSERT_EQ(deliveries.size(), requests.size());
  std::vector<bool> delivered(requests.size(), false);
  for (const Delivery& delivery : deliveries) {
    EXPECT_EQ(delivery.result.outcome, FetchOutcome::ok) << delivery.result.error;
    delivered.at(delivery.index) = true;
  }
  EXPECT_TRUE(std::all_of(delivered.begin(), delivered.end(), [](bool b) { return b; }));
  for (const auto& ports : client_ports) EXPECT_EQ(ports.size(), 1u);
}

TEST_F(FetchAll, StopAbandonsRequestsInFlightAndStartsNoMore) {
  std::atomic<int> slow_finished{0};
  std::atomic<int> fast_served{0};
  servers[0].http().Get("/fast", [&](const httplib::Request&, httplib::Response& response) {
    ++fast_served;
    response.set_content("<p>fast</p>", "text/html");
  });
  for (std::size_t s = 1; s < 3; ++s) {
    // Stalls until the test ends (or 10 s).
    servers[s].http().Get("/slow", [&, s](const httplib::Request&, httplib::Response& response) {
      servers[s].wait(10s);
      ++slow_finished;
      response.set_content("<p>slow</p>", "text/html");
    });
  }
  const std::vector<FetchRequest> requests = {
      test::page_request(servers[0].url("/fast")), test::page_request(servers[1].url("/slow")),
      test::page_request(servers[2].url("/slow")), test::page_request(servers[0].url("/fast")),
      test::page_request(servers[1].url("/slow")),
  };
  FetchPoliteness politeness;
  politeness.min_host_gap = 0ms;
  std::atomic<bool> stop{false};
  const std::vector<Delivery> deliveries =
      run(requests, politeness, &stop, [&](std::size_t) { stop = true; });

  ASSERT_EQ(deliveries.size(), 3u);
  EXPECT_EQ(deliveries[0].index, 0u);
  EXPECT_EQ(deliveries[0].result.outcome, FetchOutcome::ok);
  // The two slow ones were in flight: abandoned, in index order. 3 and 4 never started.
  EXPECT_EQ(deliveries[1].index, 1u);
  EXPECT_EQ(deliveries[2].index, 2u);
  for (std::size_t i = 1; i < 3; ++i) {
    EXPECT_EQ(deliveries[i].result.outcome, FetchOutcome::failed);
    EXPECT_EQ(deliveries[i].result.error, "interrupted");
  }
  EXPECT_EQ(fast_served, 1);
  // fetch_all returned without waiting for the stalled responses.
  EXPECT_EQ(slow_finished, 0);
}

TEST_F(FetchAll, StoppedBeforeStartingReportsNothing) {
  std::atomic<bool> stop{true};
  const std::vector<Delivery> deliveries =
      run({test::page_request(servers[0].url("/"))}, FetchPoliteness{}, &stop);
  EXPECT_TRUE(deliveries.empty());
}

TEST_F(FetchAll, ReportsEveryKindOfOutcome) {
  servers[0].http().Get("/page", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("<p>page</p>", "text/html");
  });
  servers[0].http().Get("/pdf", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("%PDF", "application/pdf");
  });
  const std::vector<FetchRequest> requests = {
      test::page_request(servers[0].url("/page")),
      test::page_request("ftp://127.0.0.1/file"),
      test::page_request(servers[0].url("/missing")),
      test::page_request(servers[0].url("/pdf")),
      test::page_request(test::loopback_url(test::unused_port(), "/")),
  };
  FetchPoliteness politeness;
  politeness.min_host_gap = 0ms;
  std::map<std::size_t, FetchResult> results;
  for (Delivery& delivery : run(requests, politeness)) {
    EXPECT_TRUE(results.emplace(delivery.index, std::move(delivery.result)).second);
  }
  ASSERT_EQ(results.size(), requests.size());
  EXPECT_EQ(results[0].outcome, FetchOutcome::ok);
  EXPECT_EQ(results[1].outcome, FetchOutcome::failed);
  EXPECT_THAT(results[1].error, ::testing::HasSubstr("only http and https"));
  EXPECT_EQ(results[2].outcome, FetchOutcome::http_error);
  EXPECT_EQ(results[2].error, "HTTP 404 Not Found");
  EXPECT_EQ(results[3].error, "not an HTML page (application/pdf)");
  EXPECT_THAT(results[4].error, ::testing::StartsWith("connection refused by 127.0.0.1:"));
}

}  // namespace
}  // namespace st
