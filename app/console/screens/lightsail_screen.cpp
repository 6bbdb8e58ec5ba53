#include "app/console/screens/lightsail_screen.hpp"

#include <memory>

#include "app/resources/resource.hpp"

namespace opsdeck::app {

namespace {

using ui::Role;

struct Both {
  std::vector<aws::LightsailInstance> instances;
  std::vector<aws::LightsailContainerService> services;
  std::string partial;  // what failed while the rest loaded
};

}  // namespace

LightsailScreen::LightsailScreen()
    : TableScreen("Lightsail", lightsail_columns(), ResourceType::LightsailService) {}

std::vector<ui::Column> lightsail_columns() {
  return {{"KIND", 4, 9, 1},  {"NAME", 8, 40, 0},       {"STATE", 7, 12, 0},
          {"SIZE", 6, 16, 2}, {"DEPLOYMENT", 10, 30, 0}, {"AGE", 4, 6, 3, true}};
}

PaneRows lightsail_rows(const std::vector<aws::LightsailInstance>& instances,
                        const std::vector<aws::LightsailContainerService>& services, SysTime now) {
  PaneRows out;
  for (const auto& i : instances) {
    out.rows.push_back({cell("instance", Role::Dim), cell(i.name), cell(i.state, state_role(i.state)),
                        cell(i.bundle), cell("-", Role::Dim),
                        cell(age_since(i.created, now), Role::Dim)});
    out.keys.push_back(row_key(ResourceType::LightsailInstance, i.name));
    out.kinds.push_back(ResourceType::LightsailInstance);
    out.documents.push_back(i.raw);
  }
  for (const auto& s : services) {
    std::string deployment = "-";
    Role role = Role::Dim;
    if (s.current_deployment_version > 0) {
      deployment = "v" + std::to_string(s.current_deployment_version) + " " +
                   s.current_deployment_state;
      role = state_role(s.current_deployment_state);
    }
    if (!s.next_deployment_state.empty()) {
      deployment += " (next: " + s.next_deployment_state + ")";
      role = s.next_deployment_state == "FAILED" ? Role::StateBad : Role::StateWarn;
    }
    Role state = s.disabled ? Role::StateBad : state_role(s.state);
    out.rows.push_back({cell("container", Role::Dim), cell(s.name), cell(s.state, state),
                        cell(s.power + " x" + std::to_string(s.scale)), cell(deployment, role),
                        cell(age_since(s.current_deployment_created, now), Role::Dim)});
    out.keys.push_back(row_key(ResourceType::LightsailService, s.name));
    out.kinds.push_back(ResourceType::LightsailService);
    out.documents.push_back(s.raw);
  }
  return out;
}

void open_lightsail(const ScreenEnv& env) {
  auto s = std::make_shared<LightsailScreen>();
  std::weak_ptr<TableScreen> w = s;
  s->add_hint({"F", "redeploy"});
  env.view->push_screen(s);
  keep_fresh(env, w);
  s->set_loader([env, w] {
    SysTime now = env.now();
    auto both = std::make_shared<Both>();
    auto done = deliver<std::shared_ptr<Both>>(env, w, "lightsail", [now](const auto& b) {
      return lightsail_rows(b->instances, b->services, now);
    });
    auto post = env.post;
    auto call = env.call;
    // Instances, then container services; one failing leaves the other shown.
    aws::paginate_async<std::vector<aws::LightsailInstance>>(
        env.call, aws::get_instances_request(),
        [](const std::string& body, std::vector<aws::LightsailInstance>& o) -> aws::Result<std::string> {
          std::string token;
          auto page = aws::parse_get_instances(body, &token);
          if (!page) return page.error();
          for (auto& i : *page) o.push_back(std::move(i));
          return token;
        },
        [](aws::AwsRequest& r, const std::string& t) { r.input["pageToken"] = t; },
        [both, done, call, post, w](aws::Result<std::vector<aws::LightsailInstance>> inst) {
          std::optional<aws::Error> first;
          // The client is going away (region / profile switch): no further call.
          if (!inst && inst.error().kind == aws::ErrorKind::Cancelled) return done(inst.error());
          if (inst)
            both->instances = std::move(*inst);
          else
            first = inst.error();
          call(aws::get_container_services_request(),
               [both, done, post, w, first](aws::Result<aws::HttpResponse> r) {
                 auto svcs = r ? aws::parse_get_container_services(r->body)
                               : aws::Result<std::vector<aws::LightsailContainerService>>(r.error());
                 if (svcs) both->services = std::move(*svcs);
                 if (first && !svcs) return done(*first);
                 std::optional<aws::Error> failed = first ? first : (svcs ? std::nullopt
                                                                          : std::optional(svcs.error()));
                 done(both);
                 if (failed)
                   post([w, e = *failed] {
                     if (auto screen = w.lock()) screen->set_note("partial: " + from_error(e).line());
                   });
               });
        });
  });
}

}  // namespace opsdeck::app
