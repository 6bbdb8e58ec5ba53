// awsJson1_0 / awsJson1_1: the only wire difference is the Content-Type version.
// CloudWatch and SQS are awsQueryCompatible: botocore adds x-amzn-query-mode so that
// errors also carry the legacy query code in x-amzn-query-error.
#include "aws/codecs.hpp"

namespace opsdeck::aws {

void encode_json(const AwsRequest& req, HttpRequest& out) {
  const ServiceInfo& s = *req.service;
  out.method = "POST";
  out.body = req.input.is_null() ? std::string("{}") : req.input.dump();
  out.set_header("Content-Type", s.protocol == Protocol::Json10 ? "application/x-amz-json-1.0"
                                                                : "application/x-amz-json-1.1");
  out.set_header("X-Amz-Target", std::string(s.target_prefix) + "." + req.operation);
  if (&s == &services::cloudwatch || &s == &services::sqs) out.set_header("x-amzn-query-mode", "true");
}

}  // namespace opsdeck::aws
