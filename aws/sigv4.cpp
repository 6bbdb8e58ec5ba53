#include "aws/sigv4.hpp"

// Hashing uses OpenSSL's low-level SHA256_* (deprecated in OpenSSL 3 but present in every
// 3.x, running the same assembly, SHA-NI included): plain structs that copy without
// allocating, where every EVP digest or MAC call costs a provider dispatch and context
// duplication. With these the signer went from 3.0 to ~1 us (bench/README.md).
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <memory>
#include <vector>

namespace opsdeck::aws {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void hex_into(const unsigned char* d, size_t n, char* out) {
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHexDigits[d[i] >> 4];
    out[2 * i + 1] = kHexDigits[d[i] & 15];
  }
}

std::string to_hex(const unsigned char* d, size_t n) {
  std::string out(n * 2, '0');
  hex_into(d, n, out.data());
  return out;
}

void append_hex(std::string& out, const unsigned char* d, size_t n) {
  size_t at = out.size();
  out.resize(at + 2 * n);
  hex_into(d, n, out.data() + at);
}

void sha256(std::string_view data, unsigned char out[SHA256_DIGEST_LENGTH]) {
  SHA256_CTX c;
  SHA256_Init(&c);
  SHA256_Update(&c, data.data(), data.size());
  SHA256_Final(out, &c);
}

// HMAC-SHA256 (RFC 2104) with the key's inner and outer states prepared once: each MAC then
// costs two struct copies and the hashing of the data plus one block.
class HmacSha256 {
 public:
  void set_key(std::string_view key) {
    unsigned char k[SHA256_CBLOCK] = {};
    if (key.size() > SHA256_CBLOCK) sha256(key, k);
    else std::copy(key.begin(), key.end(), k);
    unsigned char pad[SHA256_CBLOCK];
    for (int i = 0; i < SHA256_CBLOCK; ++i) pad[i] = static_cast<unsigned char>(k[i] ^ 0x36);
    SHA256_Init(&inner_);
    SHA256_Update(&inner_, pad, sizeof pad);
    for (int i = 0; i < SHA256_CBLOCK; ++i) pad[i] = static_cast<unsigned char>(k[i] ^ 0x5c);
    SHA256_Init(&outer_);
    SHA256_Update(&outer_, pad, sizeof pad);
  }
  void mac(std::string_view data, unsigned char out[SHA256_DIGEST_LENGTH]) const {
    SHA256_CTX c = inner_;
    SHA256_Update(&c, data.data(), data.size());
    unsigned char inner_digest[SHA256_DIGEST_LENGTH];
    SHA256_Final(inner_digest, &c);
    c = outer_;
    SHA256_Update(&c, inner_digest, sizeof inner_digest);
    SHA256_Final(out, &c);
  }

 private:
  SHA256_CTX inner_{};
  SHA256_CTX outer_{};
};

std::string hmac(std::string_view key, std::string_view data) {
  HmacSha256 h;
  h.set_key(key);
  unsigned char out[SHA256_DIGEST_LENGTH];
  h.mac(data, out);
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Trims and collapses runs of whitespace to one space (SigV4 header value rule).
// Appends `v` trimmed, with inner whitespace runs collapsed to one space.
void trim_append(std::string& out, std::string_view v) {
  // Fast path: nothing to trim or collapse (no tab/CR/LF, no leading, trailing or double
  // space) — the usual header value — is appended in one go.
  bool plain = !v.empty() && v.front() != ' ' && v.back() != ' ';
  for (size_t i = 0; plain && i < v.size(); ++i) {
    char c = v[i];
    if (c == '\t' || c == '\n' || c == '\r' || (c == ' ' && v[i + 1] == ' ')) plain = false;
  }
  if (plain) {
    out.append(v);
    return;
  }
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
  unsigned char d[SHA256_DIGEST_LENGTH];
  sha256(data, d);
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

namespace {

// The derived key depends only on (secret, day, region, service): the SDKs cache it, and so
// do we (per thread, no locking), which saves four of the five HMACs per request. The HMAC
// state prepared with that key is kept too, which saves the key set-up on every signature.
struct SigningKeyCache {
  std::string secret, day, region, service;
  bool valid = false;
  HmacSha256 keyed;
};

// HMAC(derived key, string_to_sign) into `out` (32 bytes).
void sign_with_derived_key(std::string_view secret, std::string_view amz_date, const SigningParams& p,
                           std::string_view sts, unsigned char* out) {
  thread_local SigningKeyCache cache;
  std::string_view day = amz_date.substr(0, 8);
  if (!cache.valid || cache.secret != secret || cache.day != day || cache.region != p.region ||
      cache.service != p.service) {
    std::string k = hmac("AWS4" + std::string(secret), day);
    k = hmac(k, p.region);
    k = hmac(k, p.service);
    k = hmac(k, "aws4_request");
    cache.keyed.set_key(k);
    cache.secret.assign(secret);
    cache.day.assign(day);
    cache.region = p.region;
    cache.service = p.service;
    cache.valid = true;
  }
  cache.keyed.mac(sts, out);
}

}  // namespace

std::string signature(std::string_view secret, std::string_view amz_date, const SigningParams& p,
                      std::string_view sts) {
  unsigned char sig[SHA256_DIGEST_LENGTH];
  sign_with_derived_key(secret, amz_date, p, sts, sig);
  return to_hex(sig, sizeof sig);
}

}  // namespace sigv4

namespace {

// A header that enters the signature: lower-cased name (in the per-thread name buffer or
// static text) and the raw value (in the request or the SignedParts).
struct HeaderRef {
  std::string_view name;
  std::string_view value;
};

bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }

// Insertion sort by name: stable, allocation-free, and fastest for the handful of headers
// a request carries.
void sort_by_name(std::vector<HeaderRef>& hs) {
  for (size_t i = 1; i < hs.size(); ++i) {
    HeaderRef x = hs[i];
    size_t j = i;
    while (j > 0 && x.name < hs[j - 1].name) {
      hs[j] = hs[j - 1];
      --j;
    }
    hs[j] = x;
  }
}

void append_path_and_query(std::string& out, const HttpRequest& req, const SigningParams& p) {
  if (req.path.empty() || req.path == "/") out += '/';
  else out += sigv4::canonical_path(req.path, p);
  out += '\n';
  if (!req.query.empty()) out += sigv4::canonical_query(req.query);
  out += '\n';
}

}  // namespace

SignedParts sigv4_sign(const HttpRequest& req, const Credentials& creds, const SigningParams& p) {
  SignedParts out;
  out.amz_date = sigv4::amz_date(p.time);
  {
    unsigned char d[SHA256_DIGEST_LENGTH];
    if (req.body.empty()) {
      out.payload_hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    } else {
      sha256(req.body, d);
      out.payload_hash.reserve(64);
      append_hex(out.payload_hash, d, sizeof d);
    }
  }

  // The headers that enter the signature: the request's own, plus host, X-Amz-Date, the
  // session token and the content hash (these replace any the request already carries).
  // Lower-cased names go to one per-thread buffer, reserved up front so views stay valid.
  const bool add_token = !creds.session_token.empty() && !p.omit_session_token;
  thread_local std::string names_buf;
  thread_local std::vector<HeaderRef> hs;
  hs.clear();
  names_buf.clear();
  size_t name_bytes = 0, value_bytes = 0;
  for (const auto& [k, v] : req.headers) {
    name_bytes += k.size();
    value_bytes += v.size();
  }
  names_buf.reserve(name_bytes);
  bool has_host = false;
  for (const auto& [k, v] : req.headers) {
    size_t at = names_buf.size();
    for (char c : k) names_buf.push_back(is_ascii_upper(c) ? static_cast<char>(c + 32) : c);
    std::string_view name(names_buf.data() + at, k.size());
    if (sigv4::never_signed(name) || name == "x-amz-date" || (add_token && name == "x-amz-security-token") ||
        (p.add_content_sha256 && name == "x-amz-content-sha256"))
      continue;
    has_host = has_host || name == "host";
    hs.push_back({name, v});
  }
  if (!has_host) hs.push_back({"host", req.host});
  hs.push_back({"x-amz-date", out.amz_date});
  if (p.add_content_sha256) hs.push_back({"x-amz-content-sha256", out.payload_hash});
  if (add_token) hs.push_back({"x-amz-security-token", creds.session_token});
  sort_by_name(hs);

  // Canonical request, in one buffer.
  std::string& cr = out.canonical_request;
  cr.reserve(req.method.size() + 3 * req.path.size() + 64 + 2 * (name_bytes + value_bytes) + req.host.size() +
             creds.session_token.size() + 256);
  cr += req.method;
  cr += '\n';
  append_path_and_query(cr, req, p);
  for (size_t i = 0; i < hs.size(); ++i) {
    if (i > 0 && hs[i].name == hs[i - 1].name) {
      cr.back() = ',';
    } else {
      cr += hs[i].name;
      cr += ':';
    }
    trim_append(cr, hs[i].value);
    cr += '\n';
  }
  cr += '\n';

  // Authorization prefix (credential, scope) and the signed-header names, shared with the
  // canonical request and the string to sign.
  std::string& auth = out.authorization;
  auth.reserve(64 + creds.access_key_id.size() + p.region.size() + p.service.size() + name_bytes + 64 + 64);
  auth = "AWS4-HMAC-SHA256 Credential=";
  auth += creds.access_key_id;
  auth += '/';
  const size_t scope_at = auth.size();
  auth.append(out.amz_date, 0, 8);
  auth += '/';
  auth += p.region;
  auth += '/';
  auth += p.service;
  auth += "/aws4_request";
  const std::string_view scope(auth.data() + scope_at, auth.size() - scope_at);

  std::string& sts = out.string_to_sign;
  sts.reserve(18 + 17 + scope.size() + 64);
  sts = "AWS4-HMAC-SHA256\n";
  sts += out.amz_date;
  sts += '\n';
  sts += scope;
  sts += '\n';

  auth += ", SignedHeaders=";
  for (size_t i = 0; i < hs.size(); ++i) {
    if (i > 0 && hs[i].name == hs[i - 1].name) continue;
    if (cr.back() != '\n') {
      cr += ';';
      auth += ';';
    }
    cr += hs[i].name;
    auth += hs[i].name;
  }
  cr += '\n';
  cr += out.payload_hash;

  unsigned char digest[SHA256_DIGEST_LENGTH];
  sha256(cr, digest);
  append_hex(sts, digest, sizeof digest);
  sigv4::sign_with_derived_key(creds.secret_access_key, out.amz_date, p, sts, digest);
  out.signature.reserve(64);
  append_hex(out.signature, digest, sizeof digest);
  auth += ", Signature=";
  auth += out.signature;
  return out;
}

SignedParts sigv4_sign_request(HttpRequest& req, const Credentials& creds, const SigningParams& p) {
  SignedParts s = sigv4_sign(req, creds, p);
  req.headers.reserve(req.headers.size() + 4);
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
