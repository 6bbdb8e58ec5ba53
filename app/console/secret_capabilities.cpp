#include "app/console/secret_capabilities.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <random>

#include "app/resources/secrets.hpp"
#include "aws/json_fields.hpp"
#include "aws/secret_wipe.hpp"
#include "aws/sqs_secrets_sts.hpp"

namespace opsdeck::app {

namespace {

using R = aws::Result<aws::AwsRequest>;
using Lines = aws::Result<std::vector<std::string>>;

// A ClientRequestToken: 32 hex characters, so a retried PutSecretValue makes one version.
std::string request_token() {
  std::random_device rd;
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) out += hex[rd() % 16];
  return out;
}

Capability put_value() {
  Capability c = simple_capability(
      "action.edit", "e", "put new secret value", "secretsmanager.put-secret-value",
      "stores a new version as AWSCURRENT; services read it on their next fetch (the old one stays as AWSPREVIOUS)",
      nullptr);
  c.input_prompt = "new value (typed hidden)";
  c.secret_input = true;
  c.redact_audit = true;
  c.validate = [](const std::string& v) { return validate_secret_value(v, false); };
  // Reads the current value's form first: a JSON secret's new value must be JSON too.
  c.run = [](const ActionTarget& t, ActionRun run) {
    auto value = std::make_shared<std::string>(t.input);
    std::string id = t.id;
    run.env.call(aws::get_secret_value_request(id), [run, id, value](aws::Result<aws::HttpResponse> r) {
      auto current = r ? aws::parse_get_secret_value(r->body) : aws::Result<aws::SecretValue>(r.error());
      std::string problem;
      if (current) {
        auto doc = nlohmann::json::parse(current->string_value, nullptr, false);
        aws::wipe(current->string_value);
        problem = validate_secret_value(*value, !doc.is_discarded() && doc.is_object());
      }
      if (!current || !problem.empty()) {
        aws::wipe(*value);
        auto err = current ? aws::Result<std::string>(capability_refusal(problem)) : aws::Result<std::string>(current.error());
        return run.env.post([run, err] { run.finish(err); });
      }
      run.env.call(aws::put_secret_value_request(id, *value, request_token()),
                   [run, id, value](aws::Result<aws::HttpResponse> put) {
                     aws::wipe(*value);
                     auto j = put ? aws::parse_json_body(put->body, "secretsmanager:PutSecretValue")
                                  : aws::Result<nlohmann::json>(put.error());
                     aws::Result<std::string> out =
                         j ? aws::Result<std::string>("new version " + j->value("VersionId", std::string("?")) +
                                                      " is AWSCURRENT")
                           : aws::Result<std::string>(j.error());
                     run.env.post([run, out] { run.finish(out); });
                   });
    });
  };
  return c;
}

Capability rotate() {
  Capability c = simple_capability(
      "action.rotate", "O", "rotate now", "secretsmanager.rotate",
      "runs the secret's rotation Lambda now: a new value becomes AWSCURRENT; clients holding the old one "
      "fail until they fetch again",
      [](const ActionTarget& t) -> R { return aws::rotate_secret_request(t.id); });
  c.details = [](const ActionTarget& t) -> Lines {
    if (t.document && !aws::jbool(*t.document, "RotationEnabled"))
      return capability_refusal(t.id + " has no rotation configured: set one up (a rotation Lambda) before rotating it");
    return std::vector<std::string>{};
  };
  return c;
}

}  // namespace

const std::vector<Capability>& secret_capabilities() {
  static const std::vector<Capability> kCaps = {put_value(), rotate()};
  return kCaps;
}

}  // namespace opsdeck::app
