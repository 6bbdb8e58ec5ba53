#pragma once
// One blocking HTTP exchange for credential providers (IMDS, container endpoint, SSO
// portal). It MUST NOT be called on the UI thread or on an executor's IO thread; providers
// are called on AwsClient's worker thread.
//
// Proxies: ProxyUse::FromEnvironment goes through a short-lived HttpExecutor, so
// http_proxy / https_proxy / ALL_PROXY / NO_PROXY apply as for every AWS API call.
// ProxyUse::Never is for the link-local and loopback credential endpoints (IMDS, ECS/EKS
// container credentials): the request is made directly, whatever the environment says, as
// the AWS SDKs do — a proxy would otherwise see the container token and the credentials.
// It runs on a single curl easy handle on the calling thread; redirects are not followed.

#include <chrono>

#include "aws/http_request.hpp"
#include "aws/result.hpp"

namespace opsdeck::aws {

enum class ProxyUse { FromEnvironment, Never };

// Any HTTP status is a response; transport failures are Errors (Network, Timeout, Parse for
// a body over 1 MiB). No retries.
Result<HttpResponse> fetch_sync(HttpRequest request, std::chrono::milliseconds connect_timeout,
                                std::chrono::milliseconds total_timeout,
                                ProxyUse proxy = ProxyUse::FromEnvironment);

}  // namespace opsdeck::aws
