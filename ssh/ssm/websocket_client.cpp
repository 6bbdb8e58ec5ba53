#include "ssh/ssm/websocket_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <atomic>
#include <deque>
#include <thread>

#include "aws/network_fence.hpp"

namespace opsdeck::ssh::ssm {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

aws::Error network_error(const std::string& what, const beast::error_code& ec, const std::string& host) {
  bool timeout = ec == beast::error::timeout;
  return aws::make_error(timeout ? aws::ErrorKind::Timeout : aws::ErrorKind::Network,
                         "Session Manager data channel " + what + " (" + host + "): " + ec.message(),
                         timeout ? "the far end stopped answering; check the network path to ssmmessages"
                                 : "check the network path to the ssmmessages endpoint and retry");
}

struct ConnectionBase {
  virtual ~ConnectionBase() = default;
  virtual void start() = 0;
  virtual void write(std::string frame, bool text) = 0;
  virtual void close() = 0;
  bool dead = false;  // superseded or closed on purpose: no more handler calls
};

}  // namespace

struct WebSocketClient::Impl {
  net::io_context ioc;
  net::executor_work_guard<net::io_context::executor_type> work{ioc.get_executor()};
  net::ssl::context ssl{net::ssl::context::tls_client};
  Handlers handlers;
  Options options;
  std::shared_ptr<ConnectionBase> current;
  std::atomic<size_t> queued{0};
  std::atomic<bool> stopped{false};
  std::thread thread;
};

namespace {

using PlainStream = websocket::stream<beast::tcp_stream>;
using TlsStream = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

template <bool Tls>
class Connection : public ConnectionBase, public std::enable_shared_from_this<Connection<Tls>> {
  using Stream = std::conditional_t<Tls, TlsStream, PlainStream>;

 public:
  Connection(WebSocketClient::Impl& impl, WebSocketUrl url, std::string first_text)
      : impl_(impl), url_(std::move(url)), first_text_(std::move(first_text)), resolver_(impl.ioc), ws_(make_stream()) {}

  void start() override {
    auto self = this->shared_from_this();
    resolver_.async_resolve(url_.host, url_.port, [self](beast::error_code ec, tcp::resolver::results_type results) {
      self->on_resolve(ec, std::move(results));
    });
  }

  void write(std::string frame, bool text) override {
    outbox_.emplace_back(std::move(frame), text);
    if (outbox_.size() == 1 && open_) write_next();
  }

  void close() override {
    dead = true;
    if (!open_) {
      beast::get_lowest_layer(ws_).close();
      return;
    }
    open_ = false;
    auto self = this->shared_from_this();
    ws_.async_close(websocket::close_code::normal, [self](beast::error_code) {});
  }

 private:
  Stream make_stream() {
    if constexpr (Tls) {
      return Stream(impl_.ioc, impl_.ssl);
    } else {
      return Stream(impl_.ioc);
    }
  }

  void fail(aws::Error error) {
    if (dead) return;
    dead = true;
    open_ = false;
    size_t pending = 0;
    for (auto& [frame, text] : outbox_) pending += frame.size();
    impl_.queued -= std::min(impl_.queued.load(), pending);
    outbox_.clear();
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    if (impl_.handlers.lost) impl_.handlers.lost(std::move(error));
  }

  void on_resolve(beast::error_code ec, tcp::resolver::results_type results) {
    if (dead) return;
    if (ec) return fail(network_error("name lookup failed", ec, url_.host));
    std::vector<tcp::endpoint> allowed;
    std::string fenced;
    for (const auto& r : results) {
      auto ep = r.endpoint();
      if (aws::connection_allowed(ep.data()))
        allowed.push_back(ep);
      else
        fenced = aws::address_text(ep.data());
    }
    if (allowed.empty())
      return fail(aws::make_error(aws::ErrorKind::ReadOnly,
                                  "Session Manager data channel not opened: " + aws::fence_refusal(fenced) + " (" +
                                      url_.host + ")",
                                  aws::kFenceHint));
    auto self = this->shared_from_this();
    beast::get_lowest_layer(ws_).expires_after(impl_.options.connect_timeout);
    beast::get_lowest_layer(ws_).async_connect(allowed, [self](beast::error_code e, const tcp::endpoint&) {
      self->on_connect(e);
    });
  }

  void on_connect(beast::error_code ec) {
    if (dead) return;
    if (ec) return fail(network_error("connection failed", ec, url_.host + ":" + url_.port));
    // Small frames (keystrokes, acknowledgements, one-byte port round trips) go out at once
    // instead of waiting for the far end's delayed ACK.
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true), ignored);
    auto self = this->shared_from_this();
    if constexpr (Tls) {
      auto& tls = ws_.next_layer();
      if (!SSL_set_tlsext_host_name(tls.native_handle(), url_.host.c_str()))
        return fail(aws::make_error(aws::ErrorKind::Network, "TLS: cannot set the server name " + url_.host));
      tls.set_verify_mode(net::ssl::verify_peer);
      tls.set_verify_callback(net::ssl::host_name_verification(url_.host));
      tls.async_handshake(net::ssl::stream_base::client, [self](beast::error_code e) {
        if (self->dead) return;
        if (e) return self->fail(network_error("TLS handshake failed", e, self->url_.host));
        self->upgrade();
      });
    } else {
      upgrade();
    }
  }

  void upgrade() {
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeout{};
    timeout.handshake_timeout = impl_.options.connect_timeout;
    timeout.idle_timeout = impl_.options.idle_timeout;
    timeout.keep_alive_pings = true;
    ws_.set_option(timeout);
    ws_.read_message_max(16 * 1024 * 1024);
    std::string host = url_.host + ((url_.tls && url_.port == "443") || (!url_.tls && url_.port == "80")
                                        ? std::string()
                                        : ":" + url_.port);
    auto self = this->shared_from_this();
    ws_.async_handshake(host, url_.target, [self](beast::error_code e) {
      if (self->dead) return;
      if (e) return self->fail(network_error("WebSocket handshake failed", e, self->url_.host));
      self->open_ = true;
      self->outbox_.emplace_front(std::move(self->first_text_), true);
      self->impl_.queued += self->outbox_.front().first.size();
      self->write_next();
      if (self->impl_.handlers.connected) self->impl_.handlers.connected();
      self->read_next();
    });
  }

  void write_next() {
    auto self = this->shared_from_this();
    ws_.text(outbox_.front().second);
    ws_.async_write(net::buffer(outbox_.front().first), [self](beast::error_code e, size_t) {
      if (self->dead || self->outbox_.empty()) return;
      self->impl_.queued -= std::min(self->impl_.queued.load(), self->outbox_.front().first.size());
      self->outbox_.pop_front();
      if (e) return self->fail(network_error("write failed", e, self->url_.host));
      if (!self->outbox_.empty()) self->write_next();
    });
  }

  void read_next() {
    auto self = this->shared_from_this();
    ws_.async_read(buffer_, [self](beast::error_code e, size_t) {
      if (self->dead) return;
      if (e) {
        std::string what = e == websocket::error::closed ? "closed by the server" : "read failed";
        return self->fail(network_error(what, e, self->url_.host));
      }
      std::string frame = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      bool binary = self->ws_.got_binary();
      if (binary && self->impl_.handlers.binary) self->impl_.handlers.binary(std::move(frame));
      if (!self->dead) self->read_next();
    });
  }

  WebSocketClient::Impl& impl_;
  WebSocketUrl url_;
  std::string first_text_;
  tcp::resolver resolver_;
  Stream ws_;
  beast::flat_buffer buffer_;
  std::deque<std::pair<std::string, bool>> outbox_;
  bool open_ = false;
};

}  // namespace

aws::Result<WebSocketUrl> parse_websocket_url(const std::string& url) {
  auto refuse = [&](const std::string& why) {
    return aws::make_error(aws::ErrorKind::Usage, "Session Manager stream URL refused: " + why,
                           "StartSession answered with a StreamUrl opsdeck cannot open");
  };
  WebSocketUrl out;
  std::string rest;
  if (url.rfind("wss://", 0) == 0) {
    out.tls = true;
    rest = url.substr(6);
  } else if (url.rfind("ws://", 0) == 0) {
    rest = url.substr(5);
  } else {
    return refuse("not a ws:// or wss:// URL");
  }
  size_t slash = rest.find_first_of("/?");
  std::string authority = rest.substr(0, slash);
  out.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (out.target.front() == '?') out.target.insert(0, "/");
  if (authority.find('@') != std::string::npos) return refuse("credentials in the URL");
  if (!authority.empty() && authority.front() == '[') {  // [::1]:port
    size_t close = authority.find(']');
    if (close == std::string::npos) return refuse("an unclosed IPv6 address");
    out.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return refuse("text after the IPv6 address");
      out.port = authority.substr(close + 2);
    }
  } else {
    size_t colon = authority.rfind(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos) out.port = authority.substr(colon + 1);
  }
  if (out.host.empty()) return refuse("no host");
  if (out.port.empty()) out.port = out.tls ? "443" : "80";
  if (out.port.find_first_not_of("0123456789") != std::string::npos || out.port.size() > 5 ||
      std::stoi(out.port) == 0 || std::stoi(out.port) > 65535)
    return refuse("port " + out.port);
  return out;
}

WebSocketClient::WebSocketClient(Handlers handlers, Options options) : impl_(std::make_unique<Impl>()) {
  impl_->handlers = std::move(handlers);
  impl_->options = options;
  impl_->ssl.set_default_verify_paths();
  impl_->ssl.set_verify_mode(net::ssl::verify_peer);
  impl_->thread = std::thread([impl = impl_.get()] { impl->ioc.run(); });
}

WebSocketClient::~WebSocketClient() { stop(); }

void WebSocketClient::connect(std::string url, std::string first_text) {
  post([impl = impl_.get(), url = std::move(url), first_text = std::move(first_text)]() mutable {
    if (impl->current) impl->current->close();
    impl->current.reset();
    impl->queued = 0;
    auto parsed = parse_websocket_url(url);
    if (!parsed) {
      if (impl->handlers.lost) impl->handlers.lost(parsed.error());
      return;
    }
    if (parsed.value().tls)
      impl->current = std::make_shared<Connection<true>>(*impl, parsed.value(), std::move(first_text));
    else
      impl->current = std::make_shared<Connection<false>>(*impl, parsed.value(), std::move(first_text));
    impl->current->start();
  });
}

void WebSocketClient::send(std::string frame) {
  impl_->queued += frame.size();
  net::post(impl_->ioc, [impl = impl_.get(), frame = std::move(frame)]() mutable {
    if (impl->current && !impl->current->dead) {
      impl->current->write(std::move(frame), false);
    } else {
      impl->queued -= std::min(impl->queued.load(), frame.size());
    }
  });
}

void WebSocketClient::post(std::function<void()> fn) {
  net::post(impl_->ioc, [impl = impl_.get(), fn = std::move(fn)] {
    if (!impl->stopped) fn();
  });
}

void WebSocketClient::after(std::chrono::milliseconds delay, std::function<void()> fn) {
  auto timer = std::make_shared<net::steady_timer>(impl_->ioc, delay);
  timer->async_wait([impl = impl_.get(), timer, fn = std::move(fn)](beast::error_code ec) {
    if (!ec && !impl->stopped) fn();
  });
}

void WebSocketClient::close() {
  post([impl = impl_.get()] {
    if (impl->current) impl->current->close();
  });
}

void WebSocketClient::stop() {
  if (impl_->stopped.exchange(true)) return;
  impl_->work.reset();
  impl_->ioc.stop();  // pending handlers are dropped; the connection goes with the io_context
  if (impl_->thread.joinable()) {
    if (impl_->thread.get_id() == std::this_thread::get_id())
      impl_->thread.detach();
    else
      impl_->thread.join();
  }
}

size_t WebSocketClient::queued_bytes() const { return impl_->queued.load(); }

}  // namespace opsdeck::ssh::ssm
