#pragma once
// Protocol codecs: turn an AwsRequest into the HttpRequest its service expects
// (notes/aws-protocols.md §3). Pure functions, no I/O; the result is not yet signed.
//   Ec2Query / AwsQuery  -> POST / form body "Action=..&Version=..&<params>"  (query_codec.cpp)
//   Json10 / Json11      -> POST / JSON body, X-Amz-Target, x-amz-json-1.x   (json_codec.cpp)
//   RestXml / RestJson   -> method, path, query and body as given            (rest_codec.cpp)

#include <string>

#include "aws/aws_request.hpp"
#include "aws/endpoints.hpp"
#include "aws/http_request.hpp"
#include "aws/result.hpp"

namespace opsdeck::aws {

// application/x-www-form-urlencoded with SigV4's unreserved set (what botocore sends).
std::string form_encode(const QueryParams& params);

void encode_query(const AwsRequest& req, HttpRequest& out);
void encode_json(const AwsRequest& req, HttpRequest& out);
void encode_rest(const AwsRequest& req, HttpRequest& out);

// Dispatches on req.service->protocol and fills scheme/host/path from the endpoint.
Result<HttpRequest> encode_request(const AwsRequest& req, const Endpoint& endpoint);

}  // namespace opsdeck::aws
