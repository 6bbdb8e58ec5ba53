#include "app/console/screens/secrets_screen.hpp"

#include "app/console/screens/list_screen.hpp"
#include "app/resources/secrets.hpp"
#include "aws/sqs_secrets_sts.hpp"

namespace opsdeck::app {

std::shared_ptr<RevealScreen> open_secrets(const ScreenEnv& env) {
  const auto& list = secret_list();
  auto s = std::make_shared<RevealScreen>("Secrets Manager", list.pane_columns(), ResourceType::Secret);
  aws::AsyncCaller call = env.call;
  install_reveal_key(env, s, [call](const std::string& name, auto done) {
    call(aws::get_secret_value_request(name), [done](aws::Result<aws::HttpResponse> r) {
      if (!r) return done(r.error());
      auto v = aws::parse_get_secret_value(r->body);
      if (!v) return done(v.error());
      if (v->string_value.empty() && !v->binary_base64.empty())
        return done(std::string("(binary, ") + std::to_string(v->binary_base64.size()) + " base64 chars)");
      done(std::move(v->string_value));
    });
  });
  show_list(env, s, list, std::nullopt, Refresh::Once);
  return s;
}

}  // namespace opsdeck::app
