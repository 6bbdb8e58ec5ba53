#include "app/console/screens/params_screen.hpp"

#include "app/console/screens/list_screen.hpp"
#include "app/resources/parameters.hpp"
#include "aws/ssm_parameters.hpp"

namespace opsdeck::app {

std::shared_ptr<RevealScreen> open_parameters(const ScreenEnv& env) {
  const auto& list = parameter_list();
  auto s = std::make_shared<RevealScreen>("SSM parameters", list.pane_columns(), ResourceType::Parameter);
  aws::AsyncCaller call = env.call;
  install_reveal_key(env, s, [call](const std::string& name, auto done) {
    aws::get_parameter_async(call, name, [done](aws::Result<aws::ParameterValue> v) {
      if (!v) return done(v.error());
      done(std::move(v->value));
    });
  });
  s->add_hint({"e", "edit"});
  show_list(env, s, list, std::nullopt, Refresh::Once);
  return s;
}

}  // namespace opsdeck::app
