#pragma once
// Turns an HTTP response into an aws::Error when it is one, for every error shape AWS
// uses (notes/aws-protocols.md §3, §5):
//   EC2        <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>
//   awsQuery   <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
//   REST-XML   <ErrorResponse> as above, or a bare <Error> (S3 style)
//   JSON       {"__type": "ns#Code:extra", "message"|"Message": ...}, with botocore's rules,
//              x-amzn-query-error "<Code>;<Sender|Receiver>" for query-compatible services,
//              X-Amzn-ErrorType as a fallback
//   anything else (HTML from a proxy, garbage, empty): an Error with the HTTP status and
//   the start of the body, sanitised.
// A 2xx whose body is not what the protocol sends (HTML, empty where XML/JSON is due) is
// also an Error (kind Parse). Pure functions; remote text never carries control characters.

#include <optional>
#include <string>
#include <string_view>

#include "aws/http_request.hpp"
#include "aws/result.hpp"
#include "aws/service.hpp"

namespace opsdeck::aws {

// nullopt when `resp` is a usable success for `protocol`.
std::optional<Error> parse_error(const HttpResponse& resp, Protocol protocol);

// Kind for an AWS error code (Credentials, NotFound or Aws).
ErrorKind kind_for_code(std::string_view code);
// What the operator can do about a code ("" when nothing specific).
std::string hint_for_code(std::string_view code);
// botocore's JSON __type rule: drop ":..." and keep the part after the last '#'.
std::string json_error_code(std::string_view type);
// Printable, single-line, at most `max` bytes (escape sequences from outside removed).
std::string sanitize_remote_text(std::string_view text, std::size_t max = 300);

}  // namespace opsdeck::aws
