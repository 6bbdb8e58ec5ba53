// Fuzzes every parser of AWS responses: the error parser (all protocols, with and without
// error headers), the credential document reader and the ISO-8601 times in it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "aws/credential_json.hpp"
#include "aws/error_parser.hpp"
#include "aws/iso8601.hpp"

using namespace opsdeck::aws;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  HttpResponse r;
  r.status = data[0] % 2 ? 200 : 400 + data[1] % 110;
  r.body.assign(reinterpret_cast<const char*>(data + 2), size - 2);
  if (data[1] & 1) r.headers.emplace_back("x-amzn-query-error", r.body.substr(0, 40));
  if (data[1] & 2) r.headers.emplace_back("x-amzn-errortype", r.body.substr(0, 40));
  for (Protocol p : {Protocol::Ec2Query, Protocol::AwsQuery, Protocol::Json10, Protocol::Json11, Protocol::RestXml}) {
    auto e = parse_error(r, p);
    if (e && e->message.find('\x1b') != std::string::npos) __builtin_trap();  // never pass escapes on
  }
  (void)credentials_from_json(r.body, "fuzz");
  (void)parse_iso8601(r.body);
  return 0;
}
