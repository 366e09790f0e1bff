#include "live/server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <deque>
#include <map>

#include "live/page.h"

namespace live {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {
class WsSession;
}

struct Server::Impl {
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  Handlers handlers;
  std::map<std::uint64_t, std::weak_ptr<WsSession>> clients;  // touched on the io thread only
  std::uint64_t next_id = 1;
  bool stopping = false;

  void accept();
};

namespace {

// A browser page may open a WebSocket to any address; only this machine's pages may
// steer the run.
bool local_origin(beast::string_view origin) {
  if (origin.empty()) return true;  // not a browser
  for (const char* ok : {"http://127.0.0.1", "http://localhost", "http://[::1]"}) {
    const beast::string_view p(ok);
    if (origin.substr(0, p.size()) == p &&
        (origin.size() == p.size() || origin[p.size()] == ':')) {
      return true;
    }
  }
  return false;
}

class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(tcp::socket&& s, Server::Impl& server, std::uint64_t id)
      : ws_(std::move(s)), server_(server), id_(id) {}

  void start(http::request<http::string_body> req) {
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(kMaxMessageBytes);
    ws_.async_accept(req, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->server_.clients[self->id_] = self;
      self->server_.handlers.joined(self->id_);
      self->read();
    });
  }

  bool greeted = false;  // broadcasts start after the hello

  void send(std::shared_ptr<const std::string> frame) {
    if (closed_) return;
    if (queue_.size() >= kMaxQueuedFrames) return;  // a slow reader misses frames
    queue_.push_back(std::move(frame));
    if (queue_.size() == 1) write();
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(ws_).close();
  }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->gone();
      self->on_message(beast::buffers_to_string(self->buffer_.data()));
      self->buffer_.consume(self->buffer_.size());
      self->read();
    });
  }

  // Rate limit: a bucket of kCommandsPerSecond tokens, refilled continuously.
  bool take_token() {
    const auto now = std::chrono::steady_clock::now();
    tokens_ = std::min(kCommandsPerSecond,
                       tokens_ + kCommandsPerSecond *
                                     std::chrono::duration<double>(now - refilled_).count());
    refilled_ = now;
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

  void on_message(const std::string& text) {
    if (!take_token()) {
      return send(std::make_shared<const std::string>(error_frame(
          "too many commands (at most " + std::to_string(static_cast<int>(kCommandsPerSecond)) +
          " a second); this one was ignored")));
    }
    Parsed p = parse_command(text);
    if (!p.command) return send(std::make_shared<const std::string>(error_frame(p.error)));
    server_.handlers.command(id_, std::move(*p.command));
  }

  void write() {
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) return self->gone();
                      self->queue_.pop_front();
                      if (!self->queue_.empty()) self->write();
                    });
  }

  void gone() {
    server_.clients.erase(id_);
    queue_.clear();
    close();
  }

  websocket::stream<beast::tcp_stream> ws_;
  Server::Impl& server_;
  std::uint64_t id_;
  beast::flat_buffer buffer_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  double tokens_ = kCommandsPerSecond;
  std::chrono::steady_clock::time_point refilled_ = std::chrono::steady_clock::now();
  bool closed_ = false;
};

// One HTTP connection: the page, or the upgrade to the socket.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& s, Server::Impl& server) : stream_(std::move(s)), server_(server) {}

  void read() {
    parser_.emplace();
    parser_->body_limit(8192);
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (!ec) self->on_request(self->parser_->release());
                     });
  }

 private:
  void on_request(http::request<http::string_body> req) {
    if (websocket::is_upgrade(req)) {
      if (req.target() != "/ws" || !local_origin(req[http::field::origin])) {
        return respond(req, http::status::forbidden, "text/plain", "not here\n");
      }
      stream_.expires_never();
      const std::uint64_t id = server_.next_id++;
      std::make_shared<WsSession>(stream_.release_socket(), server_, id)->start(std::move(req));
      return;
    }
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
      return respond(req, http::status::method_not_allowed, "text/plain", "GET only\n");
    }
    if (req.target() == "/" || req.target() == "/index.html") {
      return respond(req, http::status::ok, "text/html; charset=utf-8", std::string(page_html()));
    }
    respond(req, http::status::not_found, "text/plain", "not found\n");
  }

  void respond(const http::request<http::string_body>& req, http::status status,
               const char* type, std::string body) {
    auto res = std::make_shared<http::response<http::string_body>>(status, req.version());
    res->set(http::field::server, "ccsim live");
    res->set(http::field::content_type, type);
    res->set(http::field::cache_control, "no-store");
    res->keep_alive(req.keep_alive());
    if (req.method() != http::verb::head) res->body() = std::move(body);
    res->prepare_payload();
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec) return;
      if (res->keep_alive()) return self->read();
      beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    });
  }

  beast::tcp_stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

}  // namespace

void Server::Impl::accept() {
  acceptor.async_accept(ioc, [this](beast::error_code ec, tcp::socket s) {
    if (stopping) return;
    if (!ec) std::make_shared<HttpSession>(std::move(s), *this)->read();
    accept();
  });
}

Server::Server(const std::string& host, unsigned short port, Handlers handlers)
    : impl_(std::make_unique<Impl>()) {
  impl_->handlers = std::move(handlers);
  beast::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  const std::string where = host + ":" + std::to_string(port);
  if (ec) throw BindError("cannot listen on " + where + ": " + host + " is not an IP address");
  const tcp::endpoint ep(address, port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);  // a stopped server's port
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec == asio::error::address_in_use) {
    throw BindError("port " + std::to_string(port) + " on " + host +
                    " is in use (another ccsim live?); choose another with --port");
  }
  if (ec) throw BindError("cannot listen on " + where + ": " + ec.message());
  impl_->accept();
}

Server::~Server() = default;

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::run() { impl_->ioc.run(); }

void Server::stop() {
  asio::post(impl_->ioc, [impl = impl_.get()] {
    impl->stopping = true;
    beast::error_code ec;
    impl->acceptor.close(ec);
    for (auto& [id, weak] : impl->clients) {
      if (auto s = weak.lock()) s->close();
    }
    impl->clients.clear();
    impl->ioc.stop();
  });
}

void Server::broadcast(std::shared_ptr<const std::string> frame) {
  asio::post(impl_->ioc, [impl = impl_.get(), frame = std::move(frame)] {
    for (auto& [id, weak] : impl->clients) {
      if (auto s = weak.lock(); s && s->greeted) s->send(frame);
    }
  });
}

void Server::send(std::uint64_t client, std::shared_ptr<const std::string> frame) {
  post_to(client, std::move(frame), false);
}

void Server::greet(std::uint64_t client, std::shared_ptr<const std::string> hello) {
  post_to(client, std::move(hello), true);
}

void Server::post_to(std::uint64_t client, std::shared_ptr<const std::string> frame, bool hello) {
  asio::post(impl_->ioc, [impl = impl_.get(), client, hello, frame = std::move(frame)] {
    if (const auto it = impl->clients.find(client); it != impl->clients.end()) {
      if (auto s = it->second.lock()) {
        s->send(frame);
        s->greeted = s->greeted || hello;
      }
    }
  });
}

}  // namespace live
