// Servers on 127.0.0.1 for the fetch tests; nothing here touches any other address.
//
// - LocalServer: a cpp-httplib server on a free port, run on its own thread.
// - RawServer: answers every connection with fixed bytes, for responses httplib will not send
//   (a body shorter than its Content-Length).
// - unused_port(): a port with nothing listening on it.
// - page_request(), feed_request(): requests without validators.
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "fetch/http.hpp"

namespace st::test {

// Requests without validators (designated initializers would leave the rest to defaults, but
// -Wmissing-field-initializers objects to braces that skip members).
inline FetchRequest page_request(std::string url) {
  FetchRequest request;
  request.url = std::move(url);
  return request;
}
inline FetchRequest feed_request(std::string url) {
  FetchRequest request = page_request(std::move(url));
  request.kind = FetchKind::feed;
  return request;
}

// Requests to 127.0.0.1 must not go through a proxy named in the environment.
inline void ignore_proxy_settings() {
  for (const char* name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    ::unsetenv(name);
  }
}

// An owned socket descriptor.
class Socket {
 public:
  explicit Socket(int fd = -1) : fd_(fd) {}
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// A TCP socket bound to 127.0.0.1 on a port the kernel picks; returns the port.
inline int bind_loopback(const Socket& socket) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(socket.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("cannot bind a socket on 127.0.0.1");
  }
  socklen_t length = sizeof address;
  ::getsockname(socket.get(), reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

// A port on 127.0.0.1 that was free a moment ago and has nothing listening on it.
inline int unused_port() {
  const Socket socket(::socket(AF_INET, SOCK_STREAM, 0));
  return bind_loopback(socket);
}

inline std::string loopback_url(int port, std::string_view path) {
  return "http://127.0.0.1:" + std::to_string(port) + std::string(path);
}

class LocalServer {
 public:
  LocalServer() {
    // Enough keep-alive requests per connection that connection reuse can be seen.
    server_.set_keep_alive_max_count(100'000);
    // httplib writes a response's head and body separately; with Nagle's algorithm the body
    // would wait for the client's delayed ACK, 40 ms per request.
    server_.set_tcp_nodelay(true);
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("cannot bind the test server on 127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() does nothing to a server that has not started running: wait until it has.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;
  ~LocalServer() {
    release_waiting_handlers();
    server_.stop();
    thread_.join();
  }

  httplib::Server& http() { return server_; }
  int port() const { return port_; }
  std::string url(std::string_view path) const { return loopback_url(port_, path); }

  // For handlers that stall on purpose: waits until `limit` passes or the server is being
  // stopped, so a stalled handler never holds up the end of a test. True if released early.
  bool wait(std::chrono::milliseconds limit) const {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      if (released_) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return released_;
  }
  void release_waiting_handlers() { released_ = true; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> released_{false};
};

// Answers every connection with `response` once the request head is in, then closes it.
class RawServer {
 public:
  explicit RawServer(std::string response)
      : response_(std::move(response)), listener_(::socket(AF_INET, SOCK_STREAM, 0)) {
    port_ = bind_loopback(listener_);
    if (::listen(listener_.get(), 16) != 0) throw std::runtime_error("cannot listen");
    thread_ = std::thread([this] { serve(); });
  }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;
  ~RawServer() {
    // Wakes the accept() the thread is blocked in.
    ::shutdown(listener_.get(), SHUT_RDWR);
    thread_.join();
  }

  std::string url(std::string_view path) const { return loopback_url(port_, path); }

 private:
  void serve() {
    while (true) {
      const Socket connection(::accept(listener_.get(), nullptr, nullptr));
      if (connection.get() < 0) return;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t got = ::recv(connection.get(), buffer, sizeof buffer, 0);
        if (got <= 0) break;
        request.append(buffer, static_cast<std::size_t>(got));
      }
      ::send(connection.get(), response_.data(), response_.size(), MSG_NOSIGNAL);
    }
  }

  std::string response_;
  Socket listener_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace st::test
