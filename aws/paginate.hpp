#pragma once
// Automatic pagination for NextToken / nextToken / Marker loops (botocore paginators-1.json).
// Repeats `request`, copying the output token of each page into the input token of the
// next, until the token is absent or empty, or `on_page` returns false. A token this read
// already sent, or a token after `max_pages` pages, is an error (aws/page_tokens.hpp),
// except that nextForwardToken echoing the token just sent is GetLogEvents' end of stream.
//   JSON services: token members of the input/output objects ("NextToken", "nextToken").
//   Query services: the output element ("NextToken", "nextToken", "Marker", "NextMarker")
//   under the root or its <OpResult> wrapper; the input as a form parameter.
// Blocking (call_sync): call it on a worker thread, never on the UI or IO thread.

#include <functional>
#include <string>

#include "aws/aws_client.hpp"

namespace opsdeck::aws {

struct PageTokens {
  std::string input;   // "NextToken", "Marker", "nextToken"
  std::string output;  // "NextToken", "NextMarker", "nextToken"
};

using PageHandler = std::function<bool(const HttpResponse& page)>;  // false: stop early

// Number of pages read, or the first error.
Result<int> paginate(AwsClient& client, AwsRequest request, const PageTokens& tokens,
                     const PageHandler& on_page, int max_pages = 10000);

// The output token of one page ("" when none); exposed for tests.
std::string page_token(const HttpResponse& page, Protocol protocol, const std::string& output_name);

}  // namespace opsdeck::aws
