#include "app/console/screens/secrets_screen.hpp"

namespace opsdeck::app {

std::vector<ui::Column> secret_columns() {
  return {{"NAME", 10, 50, 0},
          {"DESCRIPTION", 11, 50, 2},
          {"CHANGED", 7, 7, 1, true},
          {"ROTATION", 8, 8, 3},
          {"VALUE", 6, 120, 0}};
}

PaneRows secret_rows(const std::vector<aws::SecretSummary>& secrets, SysTime now) {
  PaneRows out;
  for (const auto& s : secrets) {
    out.rows.push_back({cell(s.name), cell(s.description, ui::Role::Dim),
                        cell(age_since(s.last_changed, now), ui::Role::Dim),
                        cell(s.rotation_enabled ? "on" : "off",
                             s.rotation_enabled ? ui::Role::StateGood : ui::Role::Dim),
                        {kMask, ui::Role::Secret}});
    out.keys.push_back(s.name);
    out.documents.push_back({{"Name", s.name},
                             {"ARN", s.arn},
                             {"Description", s.description},
                             {"LastChangedDate", s.last_changed},
                             {"RotationEnabled", s.rotation_enabled}});
  }
  return out;
}

std::shared_ptr<RevealScreen> open_secrets(const ScreenEnv& env) {
  auto s = std::make_shared<RevealScreen>("Secrets Manager", secret_columns(),
                                          ResourceType::Secret, kSecretValueColumn);
  std::weak_ptr<RevealScreen> w = s;
  aws::AsyncCaller call = env.call;
  install_reveal_key(env, s, [call](const std::string& name, auto done) {
    call(aws::get_secret_value_request(name), [done](aws::Result<aws::HttpResponse> r) {
      if (!r) return done(r.error());
      auto v = aws::parse_get_secret_value(r->body);
      if (!v) return done(v.error());
      if (v->string_value.empty() && !v->binary_base64.empty())
        return done(std::string("(binary, ") + std::to_string(v->binary_base64.size()) +
                    " base64 chars)");
      done(std::move(v->string_value));
    });
  });
  env.view->push_screen(s);
  s->set_loader([env, w] {
    SysTime now = env.now();
    aws::paginate_async<std::vector<aws::SecretSummary>>(
        env.call, aws::list_secrets_request(),
        [](const std::string& body, std::vector<aws::SecretSummary>& o) -> aws::Result<std::string> {
          std::string token;
          auto page = aws::parse_list_secrets(body, &token);
          if (!page) return page.error();
          for (auto& x : *page) o.push_back(std::move(x));
          return token;
        },
        [](aws::AwsRequest& r, const std::string& t) { r.input["NextToken"] = t; },
        deliver<std::vector<aws::SecretSummary>, RevealScreen>(
            env, w, "secretsmanager", [now](const auto& v) { return secret_rows(v, now); }));
  });
  return s;
}

}  // namespace opsdeck::app
