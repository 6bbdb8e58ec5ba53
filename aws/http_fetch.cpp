#include "aws/http_fetch.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <future>
#include <memory>

#include "aws/curl_fence.hpp"
#include "aws/http_executor.hpp"
#include "aws/network_fence.hpp"

namespace opsdeck::aws {

namespace {

constexpr std::size_t kMaxBody = 1u << 20;

struct Exchange {
  HttpResponse response;
  bool too_large = false;
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* x = static_cast<Exchange*>(user);
  size_t len = size * n;
  if (x->response.body.size() + len > kMaxBody) {
    x->too_large = true;
    return 0;  // curl fails the transfer with CURLE_WRITE_ERROR
  }
  x->response.body.append(data, len);
  return len;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* x = static_cast<Exchange*>(user);
  size_t len = size * n;
  std::string_view line(data, len);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {
    x->response.headers.clear();
    return len;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  std::string name(line.substr(0, colon));
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  x->response.headers.emplace_back(std::move(name), std::string(value));
  return len;
}

struct EasyDeleter {
  void operator()(CURL* e) const { curl_easy_cleanup(e); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

Result<HttpResponse> fetch_direct(const HttpRequest& r, std::chrono::milliseconds connect_timeout,
                                  std::chrono::milliseconds total_timeout) {
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  if (!easy) return make_error(ErrorKind::Internal, "curl_easy_init failed");
  CURL* e = easy.get();
  Exchange x;
  char errbuf[CURL_ERROR_SIZE] = {};
  const std::string url = r.url();
  curl_easy_setopt(e, CURLOPT_URL, url.c_str());
  // Never a proxy, whatever http_proxy / HTTPS_PROXY / ALL_PROXY say: "" disables the
  // proxy (including the environment's) and "*" exempts every host.
  curl_easy_setopt(e, CURLOPT_PROXY, "");
  curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  auto connect = std::min(connect_timeout, total_timeout);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect.count()));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(total_timeout.count()));
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(kMaxBody));
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &x);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &x);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(e, CURLOPT_USERAGENT, "opsdeck");
  std::string fenced;
  fence_curl(e, &fenced);
  if (r.method == "GET") {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  } else {
    if (r.method != "POST") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.data());
  }
  curl_slist* raw = nullptr;
  bool has_ct = false;
  for (const auto& [k, v] : r.headers) {
    std::string lk = k;
    for (auto& c : lk) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lk == "host") continue;
    if (lk == "content-type") has_ct = true;
    std::string line = v.empty() ? k + ";" : k + ": " + v;
    raw = curl_slist_append(raw, line.c_str());
  }
  if (!has_ct && r.method != "GET") raw = curl_slist_append(raw, "Content-Type:");
  raw = curl_slist_append(raw, "Expect:");
  std::unique_ptr<curl_slist, SlistDeleter> headers(raw);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());

  CURLcode rc = curl_easy_perform(e);
  if (rc == CURLE_OK && !x.too_large) {
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    x.response.status = static_cast<int>(status);
    return std::move(x.response);
  }
  Error err;
  err.endpoint = r.scheme + "://" + r.host;
  const std::string detail = errbuf[0] ? std::string(errbuf) : std::string(curl_easy_strerror(rc));
  if (!fenced.empty()) {
    err.kind = ErrorKind::ReadOnly;
    err.message = fence_refusal(fenced);
    err.hint = kFenceHint;
  } else if (x.too_large || rc == CURLE_WRITE_ERROR || rc == CURLE_FILESIZE_EXCEEDED) {
    err.kind = ErrorKind::Parse;
    err.message = fmt::format("response larger than the {} byte limit; refused", kMaxBody);
  } else if (rc == CURLE_OPERATION_TIMEDOUT) {
    err.kind = ErrorKind::Timeout;
    err.retryable = true;
    err.message = fmt::format("no complete answer within the timeout (connect {} ms, request {} ms): {}",
                              connect.count(), total_timeout.count(), detail);
  } else {
    err.kind = ErrorKind::Network;
    err.retryable = true;
    err.message = fmt::format("cannot reach the endpoint: {}", detail);
  }
  return err;
}

}  // namespace

Result<HttpResponse> fetch_sync(HttpRequest request, std::chrono::milliseconds connect_timeout,
                                std::chrono::milliseconds total_timeout, ProxyUse proxy) {
  if (proxy == ProxyUse::Never) return fetch_direct(request, connect_timeout, total_timeout);
  ExecutorOptions o;
  o.connect_timeout = connect_timeout;
  o.request_timeout = total_timeout;
  o.max_response_bytes = kMaxBody;
  HttpExecutor ex(o);
  std::promise<Result<HttpResponse>> p;
  auto f = p.get_future();
  ex.submit(std::move(request), [&p](Result<HttpResponse> r) { p.set_value(std::move(r)); });
  return f.get();
}

}  // namespace opsdeck::aws
