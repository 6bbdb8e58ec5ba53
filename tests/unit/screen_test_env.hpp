#pragma once
// Unit-test stand-ins for the console's screens: FakeAws serves canned bodies by operation
// ("ecs:ListClusters") synchronously and records the calls; Env is a ConsoleView with a
// ScreenEnv over FakeAws whose posts run at once and whose timers wait in `timers` until
// the test fires them; its clock is kNow.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "app/console/console_view.hpp"
#include "app/console/screens/screen_env.hpp"
#include "aws/iso8601.hpp"

namespace opsdeck::testing_env {

inline const app::SysTime kNow = *aws::parse_iso8601("2026-11-22T06:00:00Z");

// Serves canned bodies by operation ("ecs:ListClusters"), synchronously; records calls.
struct FakeAws {
  std::map<std::string, std::string> bodies;
  std::vector<aws::AwsRequest> calls;
  aws::AsyncCaller caller() {
    return [this](const aws::AwsRequest& r, aws::ResponseCallback cb) {
      calls.push_back(r);
      auto it = bodies.find(r.name());
      if (it == bodies.end()) {
        aws::Error e;
        e.kind = aws::ErrorKind::Aws;
        e.code = "NotServed";
        e.message = r.name();
        return cb(e);
      }
      aws::HttpResponse resp;
      resp.status = 200;
      resp.body = it->second;
      cb(resp);
    };
  }
};

struct Env {
  app::ConsoleView view{app::HeaderInfo{}};
  FakeAws fake;
  std::vector<std::function<void()>> timers;
  app::ScreenEnv env() {
    app::ScreenEnv e;
    e.view = &view;
    e.call = fake.caller();
    e.post = [](std::function<void()> f) { f(); };
    e.after = [this](std::chrono::milliseconds, std::function<void()> f) { timers.push_back(f); };
    e.now = [] { return kNow; };
    return e;
  }
};

}  // namespace opsdeck::testing_env
