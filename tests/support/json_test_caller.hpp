#pragma once
// Test stand-ins at the aws::SyncCaller seam, for integration tests that must run before
// the AwsClient implementation is in this build:
//
// - signed_json_caller(): encodes an awsJson1_1 AwsRequest, signs it with our SigV4 for
//   the moto fixture's credentials, sends it through HttpExecutor and turns error bodies
//   ({"__type": ..., "message": ...}) into aws::Error with code and HTTP status.
// - FaultInjectingCaller: wraps a caller and, on a schedule, answers 400
//   ThrottlingException, 503, or forwards the request and then loses the response (a
//   dropped connection after the server did the work) — what makes "exactly once" hard.
//
// Threads: call from one test thread at a time.

#include <atomic>
#include <string>

#include "aws/service_call.hpp"
#include "tests/support/moto_server.hpp"

namespace opsdeck::testing {

aws::SyncCaller signed_json_caller(MotoServer& moto);

struct FaultPlan {
  int throttle_every = 0;  // every Nth call: 400 ThrottlingException (0 = never)
  int server_error_every = 0;  // every Nth call: 503 ServiceUnavailable
  int drop_after_serving_every = 0;  // every Nth call: forward, then lose the response
};

class FaultInjectingCaller {
 public:
  FaultInjectingCaller(aws::SyncCaller inner, FaultPlan plan) : inner_(std::move(inner)), plan_(plan) {}
  aws::Result<aws::HttpResponse> operator()(const aws::AwsRequest& r);
  int calls() const { return calls_; }
  int faults() const { return faults_; }

 private:
  aws::SyncCaller inner_;
  FaultPlan plan_;
  int calls_ = 0;
  int faults_ = 0;
};

}  // namespace opsdeck::testing
