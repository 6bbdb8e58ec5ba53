// Ec2Query and AwsQuery requests. The service layer has already flattened its input into
// Name.N (EC2) or Name.member.N (query) pairs; this adds Action and Version and encodes.
#include "aws/codecs.hpp"

namespace opsdeck::aws {

namespace {
// HTML form encoding as botocore produces it (Python's urlencode/quote_plus): unreserved
// characters stay, space becomes '+', everything else is %XX. moto recomputes signatures
// from the parsed form re-encoded this way, and AWS accepts it.
void append_form(std::string& out, std::string_view s) {
  std::string enc = uri_encode(s);
  for (size_t i = 0; i < enc.size(); ++i) {
    if (enc.compare(i, 3, "%20") == 0) {
      out += '+';
      i += 2;
    } else {
      out += enc[i];
    }
  }
}
}  // namespace

std::string form_encode(const QueryParams& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    append_form(out, k);
    out += '=';
    append_form(out, v);
  }
  return out;
}

void encode_query(const AwsRequest& req, HttpRequest& out) {
  QueryParams all;
  all.reserve(req.params.size() + 2);
  all.emplace_back("Action", req.operation);
  all.emplace_back("Version", std::string(req.service->api_version));
  for (const auto& p : req.params) all.push_back(p);
  out.method = "POST";
  out.body = form_encode(all);
  out.set_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
}

}  // namespace opsdeck::aws
