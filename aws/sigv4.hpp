#pragma once
// AWS Signature Version 4 as a staged, pure pipeline (as in aws-c-auth):
//   canonical_request() -> string_to_sign() -> signature() -> headers to add.
// Every stage is a pure function of the request, the credentials and a clock value,
// so each is tested on its own against AWS's published suite and botocore.

#include <chrono>
#include <string>

#include "aws/credentials.hpp"
#include "aws/http_request.hpp"

namespace opsdeck::aws {

struct SigningParams {
  std::string region;                                // "us-east-1"
  std::string service;                               // signing name: "ec2", "monitoring", "logs"
  std::chrono::system_clock::time_point time;        // the X-Amz-Date value
  bool double_encode_path = true;  // every service but S3 encodes the (encoded) path again
  bool normalize_path = true;      // remove "." / ".." / "//" segments (not for S3)
  bool add_content_sha256 = false; // add and sign x-amz-content-sha256
  bool omit_session_token = false; // add X-Amz-Security-Token after signing (unsigned)
};

struct SignedParts {
  std::string amz_date;            // 20150830T123600Z
  std::string payload_hash;        // hex SHA-256 of the body
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;           // hex
  std::string authorization;       // full Authorization header value
};

namespace sigv4 {
std::string hex_sha256(std::string_view data);
std::string amz_date(std::chrono::system_clock::time_point t);  // 20150830T123600Z
std::string canonical_path(std::string_view raw_path, const SigningParams& p);
std::string canonical_query(const HeaderList& query);
// Canonical headers block and the signed-headers list, from `headers` (which must
// already include host and x-amz-date).
std::pair<std::string, std::string> canonical_headers(const HeaderList& headers);
std::string canonical_request(const HttpRequest& req, const SigningParams& p,
                              std::string_view payload_hash);
std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical_request);
std::string credential_scope(std::string_view amz_date, const SigningParams& p);
std::string signature(std::string_view secret, std::string_view amz_date,
                      const SigningParams& p, std::string_view string_to_sign);
}  // namespace sigv4

// Computes the signature for `req` without changing it. The request must carry a Host
// header or a host field. X-Amz-Date (and the token / content hash headers) are taken
// into account as though already present.
SignedParts sigv4_sign(const HttpRequest& req, const Credentials& creds, const SigningParams& p);

// Signs in place: adds X-Amz-Date, X-Amz-Security-Token (when there is a token),
// x-amz-content-sha256 (when asked) and Authorization.
SignedParts sigv4_sign_request(HttpRequest& req, const Credentials& creds, const SigningParams& p);

// Presigned-URL (query) signing: adds X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date,
// X-Amz-Expires, X-Amz-SignedHeaders (and X-Amz-Security-Token) and finally X-Amz-Signature
// to req.query. Used for URLs handed to another program (e.g. RDS IAM auth tokens).
SignedParts sigv4_presign(HttpRequest& req, const Credentials& creds, const SigningParams& p,
                          std::chrono::seconds expires);

}  // namespace opsdeck::aws
