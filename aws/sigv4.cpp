#include "aws/sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
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

std::string hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Trims and collapses runs of whitespace to one space (SigV4 header value rule).
std::string trim_all(std::string_view v) {
  std::string out;
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
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), d);
  return to_hex(d, sizeof d);
}

std::string amz_date(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string canonical_path(std::string_view raw_path, const SigningParams& p) {
  std::string path = raw_path.empty() ? std::string("/") : std::string(raw_path);
  if (p.normalize_path) path = normalize(path);
  if (p.double_encode_path) return uri_encode(path, /*keep_slash=*/true);
  return uri_encode(uri_decode(path), /*keep_slash=*/true);
}

std::string canonical_query(const HeaderList& query) {
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

std::pair<std::string, std::string> canonical_headers(const HeaderList& headers) {
  std::map<std::string, std::string> merged;
  for (const auto& [k, v] : headers) {
    std::string name = lower(k);
    // Never signed (botocore's SIGNED_HEADERS_BLACKLIST, plus the signature itself):
    // hop-by-hop headers that proxies may rewrite.
    static constexpr std::string_view kUnsigned[] = {
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate",
        "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "user-agent",
        "x-amzn-trace-id"};
    if (std::find(std::begin(kUnsigned), std::end(kUnsigned), name) != std::end(kUnsigned)) continue;
    auto [it, fresh] = merged.try_emplace(name, trim_all(v));
    if (!fresh) it->second += ',' + trim_all(v);
  }
  std::string block, names;
  for (const auto& [k, v] : merged) {
    block += k + ':' + v + '\n';
    if (!names.empty()) names += ';';
    names += k;
  }
  return {block, names};
}

std::string canonical_request(const HttpRequest& req, const SigningParams& p,
                              std::string_view payload_hash) {
  auto [block, names] = canonical_headers(req.headers);
  std::string out;
  out += req.method + '\n';
  out += canonical_path(req.path, p) + '\n';
  out += canonical_query(req.query) + '\n';
  out += block + '\n';
  out += names + '\n';
  out += payload_hash;
  return out;
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
  std::string k = hmac("AWS4" + std::string(secret), amz_date.substr(0, 8));
  k = hmac(k, p.region);
  k = hmac(k, p.service);
  k = hmac(k, "aws4_request");
  std::string sig = hmac(k, sts);
  return to_hex(reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
}

}  // namespace sigv4

SignedParts sigv4_sign(const HttpRequest& req, const Credentials& creds, const SigningParams& p) {
  SignedParts out;
  out.amz_date = sigv4::amz_date(p.time);
  out.payload_hash = sigv4::hex_sha256(req.body);

  HttpRequest tmp;  // only the parts that enter the canonical request
  tmp.method = req.method;
  tmp.path = req.path;
  tmp.query = req.query;
  tmp.headers = req.headers;
  if (!tmp.header("host")) tmp.headers.emplace_back("host", req.host);
  tmp.set_header("X-Amz-Date", out.amz_date);
  if (p.add_content_sha256) tmp.set_header("x-amz-content-sha256", out.payload_hash);
  if (!creds.session_token.empty() && !p.omit_session_token)
    tmp.set_header("X-Amz-Security-Token", creds.session_token);

  out.canonical_request = sigv4::canonical_request(tmp, p, out.payload_hash);
  std::string scope = sigv4::credential_scope(out.amz_date, p);
  out.string_to_sign = sigv4::string_to_sign(out.amz_date, scope, out.canonical_request);
  out.signature = sigv4::signature(creds.secret_access_key, out.amz_date, p, out.string_to_sign);
  auto [block, names] = sigv4::canonical_headers(tmp.headers);
  out.authorization = "AWS4-HMAC-SHA256 Credential=" + creds.access_key_id + '/' + scope +
                      ", SignedHeaders=" + names + ", Signature=" + out.signature;
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

}  // namespace opsdeck::aws
