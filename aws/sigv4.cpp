#include "aws/sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <memory>
#include <vector>

namespace opsdeck::aws {

namespace {

std::string to_hex(const unsigned char* d, size_t n) {
  static const char* hex = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = hex[d[i] >> 4];
    out[2 * i + 1] = hex[d[i] & 15];
  }
  return out;
}

// HMAC-SHA256 with the MAC fetched once and one context per thread (OpenSSL 3's one-shot
// HMAC() fetches the implementation on every call, which dominated signing time).
std::string hmac(std::string_view key, std::string_view data) {
  static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  struct CtxFree {
    void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
  };
  thread_local std::unique_ptr<EVP_MAC_CTX, CtxFree> ctx = [] {
    std::unique_ptr<EVP_MAC_CTX, CtxFree> c(EVP_MAC_CTX_new(mac));
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0), OSSL_PARAM_construct_end()};
    EVP_MAC_CTX_set_params(c.get(), params);
    return c;
  }();
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t len = 0;
  EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), nullptr);
  EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  EVP_MAC_final(ctx.get(), out, &len, sizeof out);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Trims and collapses runs of whitespace to one space (SigV4 header value rule).
// Appends `v` trimmed, with inner whitespace runs collapsed to one space.
void trim_append(std::string& out, std::string_view v) {
  bool space = false, any = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = any;
    } else {
      if (space) out.push_back(' ');
      space = false;
      any = true;
      out.push_back(c);
    }
  }
}

[[maybe_unused]] std::string trim_all(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

std::string normalize(std::string_view path) {
  std::vector<std::string_view> segs;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view seg = path.substr(i, j - i);
    if (seg == "..") {
      if (!segs.empty()) segs.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segs.push_back(seg);
    }
    i = j + 1;
  }
  std::string out;
  for (auto s : segs) {
    out += '/';
    out += s;
  }
  bool trailing = !path.empty() && path.back() == '/';
  bool ends_dot = path.ends_with("/.") || path.ends_with("/..");
  if (out.empty() || ((trailing || ends_dot) && out.back() != '/')) out += '/';
  return out;
}

}  // namespace

namespace sigv4 {

std::string hex_sha256(std::string_view data) {
  // One fetched SHA-256 implementation and one context per thread: OpenSSL 3's one-shot
  // SHA256() looks the algorithm up on every call.
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  unsigned char d[SHA256_DIGEST_LENGTH];
  unsigned int len = 0;
  EVP_DigestInit_ex(ctx.get(), md, nullptr);
  EVP_DigestUpdate(ctx.get(), data.data(), data.size());
  EVP_DigestFinal_ex(ctx.get(), d, &len);
  return to_hex(d, sizeof d);
}

std::string amz_date(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  thread_local std::time_t last = -1;
  thread_local std::string last_text;
  if (tt == last) return last_text;
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  last = tt;
  last_text = buf;
  return last_text;
}

std::string canonical_path(std::string_view raw_path, const SigningParams& p) {
  if (raw_path.empty() || raw_path == "/") return "/";  // every query and JSON request
  std::string path = raw_path.empty() ? std::string("/") : std::string(raw_path);
  if (p.normalize_path) path = normalize(path);
  if (p.double_encode_path) return uri_encode(path, /*keep_slash=*/true);
  return uri_encode(uri_decode(path), /*keep_slash=*/true);
}

std::string canonical_query(const HeaderList& query) {
  if (query.empty()) return {};
  std::vector<std::pair<std::string, std::string>> enc;
  enc.reserve(query.size());
  for (const auto& [k, v] : query) enc.emplace_back(uri_encode(k), uri_encode(v));
  std::sort(enc.begin(), enc.end());
  std::string out;
  for (const auto& [k, v] : enc) {
    if (!out.empty()) out += '&';
    out += k;
    out += '=';
    out += v;
  }
  return out;
}

namespace {

using LoweredHeaders = std::vector<std::pair<std::string, std::string_view>>;  // (lower name, raw value)

bool never_signed(std::string_view name) {
  // botocore's SIGNED_HEADERS_BLACKLIST plus the signature itself: hop-by-hop headers
  // that proxies may rewrite.
  static constexpr std::string_view kUnsigned[] = {
      "authorization", "connection", "expect", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "user-agent",
      "x-amzn-trace-id"};
  return std::find(std::begin(kUnsigned), std::end(kUnsigned), name) != std::end(kUnsigned);
}

std::pair<std::string, std::string> build_canonical_headers(LoweredHeaders& hs) {
  // Stable: repeated names keep their original order when joined with ','.
  std::stable_sort(hs.begin(), hs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string block, names;
  block.reserve(256);
  names.reserve(96);
  for (size_t i = 0; i < hs.size(); ++i) {
    bool repeat = i > 0 && hs[i].first == hs[i - 1].first;
    if (repeat) {
      block.back() = ',';
    } else {
      block += hs[i].first;
      block += ':';
      if (!names.empty()) names += ';';
      names += hs[i].first;
    }
    trim_append(block, hs[i].second);
    block += '\n';
  }
  return {block, names};
}

}  // namespace

std::pair<std::string, std::string> canonical_headers(const HeaderList& headers) {
  LoweredHeaders hs;
  hs.reserve(headers.size());
  for (const auto& [k, v] : headers) {
    std::string name = lower(k);
    if (!never_signed(name)) hs.emplace_back(std::move(name), v);
  }
  return build_canonical_headers(hs);
}

namespace {
std::string assemble_canonical_request(const HttpRequest& req, const SigningParams& p,
                                       const std::string& block, const std::string& names,
                                       std::string_view payload_hash) {
  std::string out;
  out.reserve(req.method.size() + block.size() + names.size() + 200);
  out += req.method;
  out += '\n';
  out += canonical_path(req.path, p);
  out += '\n';
  out += canonical_query(req.query);
  out += '\n';
  out += block;
  out += '\n';
  out += names;
  out += '\n';
  out += payload_hash;
  return out;
}
}  // namespace

std::string canonical_request(const HttpRequest& req, const SigningParams& p,
                              std::string_view payload_hash) {
  auto [block, names] = canonical_headers(req.headers);
  return assemble_canonical_request(req, p, block, names, payload_hash);
}

std::string credential_scope(std::string_view amz_date, const SigningParams& p) {
  return std::string(amz_date.substr(0, 8)) + '/' + p.region + '/' + p.service + "/aws4_request";
}

std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical_request) {
  std::string out = "AWS4-HMAC-SHA256\n";
  out += amz_date;
  out += '\n';
  out += scope;
  out += '\n';
  out += hex_sha256(canonical_request);
  return out;
}

std::string signature(std::string_view secret, std::string_view amz_date, const SigningParams& p,
                      std::string_view sts) {
  // The derived key depends only on (secret, day, region, service): the SDKs cache it, and
  // so do we (per thread, no locking), which saves four of the five HMACs per request.
  struct KeyCache {
    std::string secret, day, region, service, key;
  };
  thread_local KeyCache cache;
  std::string_view day = amz_date.substr(0, 8);
  if (cache.key.empty() || cache.secret != secret || cache.day != day || cache.region != p.region ||
      cache.service != p.service) {
    std::string k = hmac("AWS4" + std::string(secret), day);
    k = hmac(k, p.region);
    k = hmac(k, p.service);
    cache.key = hmac(k, "aws4_request");
    cache.secret = std::string(secret);
    cache.day = std::string(day);
    cache.region = p.region;
    cache.service = p.service;
  }
  std::string sig = hmac(cache.key, sts);
  return to_hex(reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
}

}  // namespace sigv4

SignedParts sigv4_sign(const HttpRequest& req, const Credentials& creds, const SigningParams& p) {
  SignedParts out;
  out.amz_date = sigv4::amz_date(p.time);
  out.payload_hash = sigv4::hex_sha256(req.body);

  // The headers that enter the signature: the request's own, plus host, X-Amz-Date, the
  // session token and the content hash (these replace any the request already carries).
  const bool add_token = !creds.session_token.empty() && !p.omit_session_token;
  sigv4::LoweredHeaders hs;
  hs.reserve(req.headers.size() + 4);
  bool has_host = false;
  for (const auto& [k, v] : req.headers) {
    std::string name = lower(k);
    if (sigv4::never_signed(name) || name == "x-amz-date" || (add_token && name == "x-amz-security-token") ||
        (p.add_content_sha256 && name == "x-amz-content-sha256"))
      continue;
    has_host = has_host || name == "host";
    hs.emplace_back(std::move(name), v);
  }
  if (!has_host) hs.emplace_back("host", req.host);
  hs.emplace_back("x-amz-date", out.amz_date);
  if (p.add_content_sha256) hs.emplace_back("x-amz-content-sha256", out.payload_hash);
  if (add_token) hs.emplace_back("x-amz-security-token", creds.session_token);

  auto [block, names] = sigv4::build_canonical_headers(hs);
  out.canonical_request = sigv4::assemble_canonical_request(req, p, block, names, out.payload_hash);
  std::string scope = sigv4::credential_scope(out.amz_date, p);
  out.string_to_sign = sigv4::string_to_sign(out.amz_date, scope, out.canonical_request);
  out.signature = sigv4::signature(creds.secret_access_key, out.amz_date, p, out.string_to_sign);
  out.authorization.reserve(120 + scope.size() + names.size());
  out.authorization = "AWS4-HMAC-SHA256 Credential=";
  out.authorization += creds.access_key_id;
  out.authorization += '/';
  out.authorization += scope;
  out.authorization += ", SignedHeaders=";
  out.authorization += names;
  out.authorization += ", Signature=";
  out.authorization += out.signature;
  return out;
}

SignedParts sigv4_sign_request(HttpRequest& req, const Credentials& creds, const SigningParams& p) {
  SignedParts s = sigv4_sign(req, creds, p);
  req.set_header("X-Amz-Date", s.amz_date);
  if (p.add_content_sha256) req.set_header("x-amz-content-sha256", s.payload_hash);
  if (!creds.session_token.empty()) req.set_header("X-Amz-Security-Token", creds.session_token);
  req.set_header("Authorization", s.authorization);
  return s;
}

SignedParts sigv4_presign(HttpRequest& req, const Credentials& creds, const SigningParams& p,
                          std::chrono::seconds expires) {
  SignedParts out;
  out.amz_date = sigv4::amz_date(p.time);
  out.payload_hash = sigv4::hex_sha256(req.body);
  sigv4::LoweredHeaders hs;
  bool has_host = false;
  for (const auto& [k, v] : req.headers) {
    std::string name = lower(k);
    if (sigv4::never_signed(name)) continue;
    has_host = has_host || name == "host";
    hs.emplace_back(std::move(name), v);
  }
  if (!has_host) hs.emplace_back("host", req.host);
  auto [block, names] = sigv4::build_canonical_headers(hs);
  std::string scope = sigv4::credential_scope(out.amz_date, p);
  req.query.emplace_back("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
  req.query.emplace_back("X-Amz-Credential", creds.access_key_id + '/' + scope);
  req.query.emplace_back("X-Amz-Date", out.amz_date);
  req.query.emplace_back("X-Amz-Expires", std::to_string(expires.count()));
  bool token_signed = !creds.session_token.empty() && !p.omit_session_token;
  if (token_signed) req.query.emplace_back("X-Amz-Security-Token", creds.session_token);
  req.query.emplace_back("X-Amz-SignedHeaders", names);
  out.canonical_request = sigv4::assemble_canonical_request(req, p, block, names, out.payload_hash);
  out.string_to_sign = sigv4::string_to_sign(out.amz_date, scope, out.canonical_request);
  out.signature = sigv4::signature(creds.secret_access_key, out.amz_date, p, out.string_to_sign);
  if (!creds.session_token.empty() && p.omit_session_token)
    req.query.emplace_back("X-Amz-Security-Token", creds.session_token);
  req.query.emplace_back("X-Amz-Signature", out.signature);
  return out;
}

}  // namespace opsdeck::aws
