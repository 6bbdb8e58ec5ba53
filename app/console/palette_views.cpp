#include "app/console/palette_views.hpp"

#include "app/console/screens/alarm_detail_screen.hpp"
#include "app/console/screens/ecs_screens.hpp"
#include "app/console/screens/lightsail_screen.hpp"
#include "app/console/screens/params_screen.hpp"
#include "app/console/screens/secrets_screen.hpp"
#include "app/console/screens/sqs_screen.hpp"
#include "app/console/status_message.hpp"
#include "aws/ec2_security_groups.hpp"

namespace opsdeck::app {

namespace {

void security_group_audit(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live) {
  view.status().show(ui::Severity::Info, "security groups: asking EC2 ...");
  live.client().call(
      aws::describe_security_groups_request(), [&view, &loop](aws::Result<aws::HttpResponse> r) {
        // IO thread: parse here, show on the UI thread.
        std::string token;
        auto groups = r ? aws::parse_describe_security_groups(r->body, &token)
                        : aws::Result<std::vector<aws::SecurityGroup>>(r.error());
        if (!groups) {
          loop.post([&view, e = groups.error()] {
            show_message(view.status(), from_error(e).about("security groups"));
          });
          return;
        }
        nlohmann::json doc = nlohmann::json::array();
        std::size_t count = 0;
        for (const auto& g : *groups)
          for (const auto& f : g.findings) {
            doc.push_back({{"finding", f.describe()},
                           {"group_id", f.group_id},
                           {"group_name", f.group_name},
                           {"port", f.port},
                           {"protocol", f.protocol},
                           {"cidr", f.cidr},
                           {"vpc", g.vpc_id}});
            ++count;
          }
        std::size_t total = groups->size();
        loop.post([&view, doc = std::move(doc), count, total] {
          view.show_detail("Security groups open to the world: " + std::to_string(count) +
                               " finding(s) in " + std::to_string(total) + " group(s)",
                           doc);
          view.status().show(count ? ui::Severity::Warn : ui::Severity::Ok,
                             std::to_string(count) + " sensitive port(s) open to the world");
        });
      });
}

ScreenEnv screen_env(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live) {
  ScreenEnv env;
  env.view = &view;
  env.call = aws::async_caller(live.client());
  // The follower that uses it may outlive the live console by a moment (it stops when its
  // view closes): it keeps the client alive; a stopped client ends each call at once.
  env.sync = [client = live.session()->shared_client()](const aws::AwsRequest& r) { return client->call_sync(r); };
  env.post = [&loop](std::function<void()> task) { loop.post(std::move(task)); };
  env.after = [&loop](std::chrono::milliseconds delay, std::function<void()> task) {
    loop.add_timer(
        delay,
        [task = std::move(task)] {
          task();
          return ui::Outcome::Redraw;
        },
        false);
  };
  return env;
}

}  // namespace

void add_palette_views(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live) {
  CommandTable& table = view.commands();
  table.set_handler("sg", [&view, &loop, &live](const std::string&) {
    security_group_audit(view, loop, live);
    return ui::Outcome::Redraw;
  });
  table.set_handler("alarm", [&view, &loop, &live](const std::string& name) {
    open_alarm_detail(view, loop, live.client(), name);
    return ui::Outcome::Redraw;
  });
  table.set_handler("logs", [&view, &live](const std::string& group) {
    live.follow_logs(group);
    view.status().show(ui::Severity::Info, "following " + group);
    return ui::Outcome::Redraw;
  });
  const std::pair<const char*, std::function<void(const ScreenEnv&)>> screens[] = {
      {"ecs", open_ecs_clusters},
      {"sqs", open_sqs_queues},
      {"params", [](const ScreenEnv& env) { open_parameters(env); }},
      {"secrets", [](const ScreenEnv& env) { open_secrets(env); }},
      {"lightsail", open_lightsail},
  };
  for (const auto& [word, open] : screens)
    table.set_handler(word, [&view, &loop, &live, open = open](const std::string&) {
      open(screen_env(view, loop, live));
      return ui::Outcome::Relayout;
    });
}

}  // namespace opsdeck::app
