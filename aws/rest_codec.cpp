// REST-XML (Route 53) and REST-JSON: the service layer builds method, path (already
// percent-encoded, e.g. /2013-04-01/hostedzone/Z1/rrset), query and body itself.
#include "aws/codecs.hpp"

namespace opsdeck::aws {

void encode_rest(const AwsRequest& req, HttpRequest& out) {
  out.method = req.method;
  out.path = req.path.empty() ? std::string("/") : req.path;
  out.query = req.query;
  out.body = req.body;
  if (!req.body.empty()) {
    out.set_header("Content-Type", req.service->protocol == Protocol::RestXml ? "application/xml"
                                                                              : "application/json");
  }
}

Result<HttpRequest> encode_request(const AwsRequest& req, const Endpoint& endpoint) {
  if (!req.service) return make_error(ErrorKind::Internal, "request without a service");
  if (req.operation.empty()) return make_error(ErrorKind::Internal, "request without an operation");
  HttpRequest out;
  switch (req.service->protocol) {
    case Protocol::Ec2Query:
    case Protocol::AwsQuery: encode_query(req, out); break;
    case Protocol::Json10:
    case Protocol::Json11: encode_json(req, out); break;
    case Protocol::RestXml:
    case Protocol::RestJson: encode_rest(req, out); break;
  }
  out.scheme = endpoint.scheme;
  out.host = endpoint.host;
  if (!endpoint.base_path.empty()) out.path = endpoint.base_path + (out.path == "/" ? "/" : out.path);
  return out;
}

}  // namespace opsdeck::aws
