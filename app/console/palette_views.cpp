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

ui::Outcome run_palette_view(const ParsedCommand& p, ConsoleView& view, ui::EventLoop& loop,
                             LiveConsole& live) {
  if (!p.command) return ui::Outcome::Ignored;
  const std::string& n = p.command->name;
  if (n == "sg") {
    security_group_audit(view, loop, live);
    return ui::Outcome::Redraw;
  }
  if (n == "alarm") {
    open_alarm_detail(view, loop, live.client(), p.argument);
    return ui::Outcome::Redraw;
  }
  if (n == "ecs" || n == "sqs" || n == "params" || n == "secrets" || n == "lightsail") {
    ScreenEnv env = screen_env(view, loop, live);
    if (n == "ecs") open_ecs_clusters(env);
    if (n == "sqs") open_sqs_queues(env);
    if (n == "params") open_parameters(env);
    if (n == "secrets") open_secrets(env);
    if (n == "lightsail") open_lightsail(env);
    return ui::Outcome::Relayout;
  }
  if (n == "logs") {
    live.follow_logs(p.argument);
    view.status().show(ui::Severity::Info, "following " + p.argument);
    return ui::Outcome::Redraw;
  }
  return ui::Outcome::Ignored;
}

}  // namespace opsdeck::app
