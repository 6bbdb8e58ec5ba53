#pragma once
// A plain description of one HTTP request, as built by a codec, signed by SigV4Signer
// and sent by HttpExecutor. No I/O here.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace opsdeck::aws {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "POST";
  std::string scheme = "https";
  std::string host;          // "ec2.us-east-1.amazonaws.com" or "127.0.0.1:5000" (Host header)
  std::string path = "/";    // as sent on the wire, already percent-encoded
  HeaderList query;          // decoded name/value pairs, in the order given
  HeaderList headers;        // name/value pairs; names compared case-insensitively
  std::string body;
  // Whole-request timeout for this request only; 0 = the executor's request_timeout.
  // The connect timeout is capped by it too.
  std::chrono::milliseconds timeout{0};
  // > 0 makes this a streaming request (HttpExecutor::submit_stream): no whole-request
  // timeout, but it fails when no byte arrives for this long (rounded up to seconds).
  std::chrono::milliseconds idle_timeout{0};

  // scheme://host/path?query with the query percent-encoded the SigV4 way.
  std::string url() const;
  // Value of the first header named `name` (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  void set_header(std::string name, std::string value);  // replaces any existing one
};

struct HttpResponse {
  int status = 0;
  HeaderList headers;   // names lower-cased
  std::string body;
  const std::string* header(std::string_view name) const;
};

// RFC 3986 unreserved-only percent-encoding (what SigV4 requires); `keep_slash`
// leaves '/' as is (for paths).
std::string uri_encode(std::string_view in, bool keep_slash = false);
// Percent-decoding; '+' is left alone.
std::string uri_decode(std::string_view in);

}  // namespace opsdeck::aws
