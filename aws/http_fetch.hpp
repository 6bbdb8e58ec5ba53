#pragma once
// One blocking HTTP exchange for credential providers (IMDS, container endpoint, SSO
// portal). It runs a short-lived HttpExecutor, so it MUST NOT be called on the UI thread or
// on an executor's IO thread; providers are called on AwsClient's worker thread.

#include <chrono>

#include "aws/http_request.hpp"
#include "aws/result.hpp"

namespace opsdeck::aws {

Result<HttpResponse> fetch_sync(HttpRequest request, std::chrono::milliseconds connect_timeout,
                                std::chrono::milliseconds total_timeout);

}  // namespace opsdeck::aws
