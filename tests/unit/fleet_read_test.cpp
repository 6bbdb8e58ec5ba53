// read_fleet (app/fleet/fleet_read.hpp) against a loopback endpoint: the caller may let go
// of the members' sessions as soon as the read is done, also when the endpoint limiter
// queues calls (a queued call starts from another member's completion). The read's own callbacks, which
// end on the members' IO threads, must never hold the last reference: a session's client
// destroyed on its own IO thread cannot join it (std::terminate).
#include <gtest/gtest.h>

#include <cstdlib>
#include <future>
#include <string>
#include <vector>

#include "app/fleet/endpoint_limiter.hpp"
#include "app/fleet/fleet_read.hpp"
#include "app/resources/alarms.hpp"
#include "app/session_registry.hpp"
#include "tests/support/loopback_http_server.hpp"

namespace opsdeck {
namespace {

TEST(FleetRead, TheCallerMayDropTheSessionsAsSoonAsTheReadIsDone) {
  ::setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", 1);
  testing::LoopbackHttpServer aws(
      [](const testing::CapturedRequest& r) {
        if (r.header("x-amz-target"))  // CloudWatch DescribeAlarms
          return testing::LoopbackHttpServer::response(200, R"({"MetricAlarms":[],"CompositeAlarms":[]})", {},
                                                       "application/x-amz-json-1.1");
        return testing::LoopbackHttpServer::response(
            200,
            "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/oncall</Arn>"
            "<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>");
      },
      testing::LoopbackHttpServer::KeepAlive::On);
  app::Fleet fleet;
  for (const char* region : {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "sa-east-1"}) {
    app::FleetMember m;
    m.region = region;
    fleet.members.push_back(m);
  }
  app::GlobalOptions base;
  base.endpoint_url = aws.url();
  {
    // While `done` runs the read holds no reference of its own: only the registry and the
    // caller's members do.
    app::SessionRegistry sessions(nullptr);
    auto members = app::open_fleet(fleet, base, sessions);
    std::promise<std::vector<long>> counts;
    app::read_fleet(app::alarm_list(), members, app::EndpointLimiter::create(1), {}, [&](app::FleetSnapshot) {
      std::vector<long> c;
      for (const auto& m : members) c.push_back(m.session.use_count());
      counts.set_value(c);
    });
    EXPECT_EQ(counts.get_future().get(), std::vector<long>(members.size(), 2));
  }
  for (int round = 0; round < 30; ++round) {
    app::FleetSnapshot snapshot;
    {
      app::SessionRegistry sessions(nullptr);
      auto members = app::open_fleet(fleet, base, sessions);
      snapshot = app::read_fleet_sync(app::alarm_list(), members, app::EndpointLimiter::create(1));
    }  // the registry and the members go here, while the IO threads may still be finishing
    ASSERT_EQ(snapshot.answered.size(), 6u) << "round " << round;
    EXPECT_EQ(snapshot.answered.front().account, "123456789012");
  }
  ::unsetenv("AWS_ACCESS_KEY_ID");
  ::unsetenv("AWS_SECRET_ACCESS_KEY");
}

}  // namespace
}  // namespace opsdeck
