#pragma once
// Loads responses captured from moto (tests/unit/fixtures, written by
// tests/support/capture_fixtures.py) and serves them to service code as a SyncCaller.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "aws/service_call.hpp"
#include "tests/support/child_process.hpp"

namespace opsdeck::testing {

inline std::string captured(const std::string& name) {
  return read_file(std::string(OPSDECK_SOURCE_DIR) + "/tests/unit/fixtures/" + name);
}

// A SyncCaller that answers each request from a queue of bodies per operation name
// ("ec2:DescribeInstances") and records every request it saw. The caller may be used from
// several threads at once, as the real one is (list commands ask Lightsail concurrently);
// read `bodies` / `seen` only when no call is in flight.
struct ScriptedCaller {
  std::map<std::string, std::vector<std::string>> bodies;
  std::vector<aws::AwsRequest> seen;
  std::shared_ptr<std::mutex> mutex = std::make_shared<std::mutex>();

  aws::SyncCaller caller() {
    return [this](const aws::AwsRequest& r) -> aws::Result<aws::HttpResponse> {
      std::lock_guard<std::mutex> lock(*mutex);
      seen.push_back(r);
      auto& q = bodies[r.name()];
      if (q.empty()) {
        aws::Error e = aws::make_error(aws::ErrorKind::NotFound, "no scripted response");
        e.operation = r.name();
        return e;
      }
      aws::HttpResponse resp;
      resp.status = 200;
      resp.body = q.front();
      q.erase(q.begin());
      return resp;
    };
  }
  aws::AsyncCaller async_caller() {
    auto sync = caller();
    return [sync](const aws::AwsRequest& r, aws::ResponseCallback cb) { cb(sync(r)); };
  }
};

}  // namespace opsdeck::testing
