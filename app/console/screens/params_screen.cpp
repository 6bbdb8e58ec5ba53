#include "app/console/screens/params_screen.hpp"

namespace opsdeck::app {

std::vector<ui::Column> parameter_columns() {
  return {{"NAME", 10, 60, 0},
          {"TYPE", 6, 12, 1},
          {"VERSION", 7, 7, 2, true},
          {"MODIFIED", 8, 8, 1, true},
          {"VALUE", 6, 120, 0}};
}

PaneRows parameter_rows(const std::vector<aws::ParameterMeta>& params, SysTime now) {
  PaneRows out;
  for (const auto& p : params) {
    out.rows.push_back({cell(p.name),
                        cell(p.type, p.type == "SecureString" ? ui::Role::StateWarn : ui::Role::Default),
                        cell(std::to_string(p.version), ui::Role::Dim),
                        cell(age_since(p.last_modified, now), ui::Role::Dim),
                        {kMask, ui::Role::Secret}});
    out.keys.push_back(p.name);
    out.documents.push_back(p.raw);
  }
  return out;
}

std::shared_ptr<RevealScreen> open_parameters(const ScreenEnv& env) {
  auto s = std::make_shared<RevealScreen>("SSM parameters", parameter_columns(),
                                          ResourceType::Parameter, kParameterValueColumn);
  std::weak_ptr<RevealScreen> w = s;
  aws::AsyncCaller call = env.call;
  install_reveal_key(env, s, [call](const std::string& name, auto done) {
    aws::get_parameter_async(call, name, [done](aws::Result<aws::ParameterValue> v) {
      if (!v) return done(v.error());
      done(std::move(v->value));
    });
  });
  s->add_hint({"e", "edit"});
  env.view->push_screen(s);
  s->set_loader([env, w] {
    SysTime now = env.now();
    aws::describe_parameters_async(
        env.call, deliver<std::vector<aws::ParameterMeta>, RevealScreen>(
                      env, w, "ssm", [now](const auto& v) { return parameter_rows(v, now); }));
  });
  return s;
}

}  // namespace opsdeck::app
