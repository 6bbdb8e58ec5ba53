// `opsdeck secret put|rotate NAME`: the secrets view's `e` and `O` for scripts and terminals
// without the console, through the same gate and audit records. The new value is read from
// stdin when it is not a terminal (one trailing newline dropped), else typed twice without
// echo; it is never printed, logged or audited, and wiped after the call.

#include <CLI/CLI.hpp>

#include <string.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "app/commands/guarded_action.hpp"
#include "app/resources/secrets.hpp"
#include "app/secret_prompt.hpp"
#include "aws/secret_wipe.hpp"
#include "aws/sqs_secrets_sts.hpp"

namespace opsdeck::app {

namespace {

struct SecretOptions {
  std::string name;
  bool yes = false;
  bool allow_text = false;
};

aws::Error usage(const std::string& message) { return aws::make_error(aws::ErrorKind::Usage, message); }

// The new value: all of stdin (a pipe or file), or typed twice at the terminal.
aws::Result<std::string> read_new_value(const std::string& name) {
  if (!isatty(STDIN_FILENO)) {
    std::string value;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0)
      for (std::size_t i = 0; i < n; ++i) aws::append_secret(value, buf[i]);
    explicit_bzero(buf, sizeof buf);
    if (!value.empty() && value.back() == '\n') value.pop_back();
    if (!value.empty() && value.back() == '\r') value.pop_back();
    return value;
  }
  auto first = read_line_no_echo(STDIN_FILENO, STDERR_FILENO, "new value for " + name + ": ");
  if (!first) return usage("no value typed");
  auto second = read_line_no_echo(STDIN_FILENO, STDERR_FILENO, "again: ");
  if (!second || *second != *first) {
    aws::wipe(*first);
    if (second) aws::wipe(*second);
    return usage("the two values differ; nothing was changed");
  }
  aws::wipe(*second);
  return std::move(*first);
}

int run_put(CommandContext& ctx, const SecretOptions& o) {
  auto value = read_new_value(o.name);
  if (!value) {
    print_message("secret put", from_error(value.error()));
    return exit_code_for(value.error());
  }
  GateRequest g;
  g.action = "put a new value into secret " + o.name;
  g.target = "secretsmanager:" + o.name;
  g.why_not_read_only = "stores a new version of the secret as AWSCURRENT";
  g.destructive = true;
  g.reasons.push_back("services read the new value on their next fetch; the old one stays as AWSPREVIOUS");
  HeadlessAction action{g, "secretsmanager.put-secret-value", g.target, "put-secret-value " + o.name + " <redacted>",
                        "", o.yes};
  int code = run_guarded(ctx, "secret put", action, [&](const aws::SyncCaller& call) -> aws::Result<std::string> {
    if (!o.allow_text) {  // a JSON secret keeps its form: services parse it
      auto current = aws::get_secret_value(call, o.name);
      if (!current) return current.error();
      auto doc = nlohmann::json::parse(current->string_value, nullptr, false);
      aws::wipe(current->string_value);
      bool json_secret = !doc.is_discarded() && doc.is_object();
      if (std::string problem = validate_secret_value(*value, json_secret); !problem.empty())
        return usage(problem + (json_secret ? " (--allow-text replaces it with plain text anyway)" : ""));
    } else if (std::string problem = validate_secret_value(*value, false); !problem.empty()) {
      return usage(problem);
    }
    auto r = call(aws::put_secret_value_request(o.name, *value, ""));
    if (!r) return r.error();
    auto j = aws::parse_json_body(r->body, "secretsmanager:PutSecretValue");
    if (!j) return j.error();
    return o.name + ": new version " + j->value("VersionId", std::string("?")) + " is AWSCURRENT";
  });
  aws::wipe(*value);
  return code;
}

int run_rotate(CommandContext& ctx, const SecretOptions& o) {
  GateRequest g;
  g.action = "rotate secret " + o.name + " now";
  g.target = "secretsmanager:" + o.name;
  g.why_not_read_only = "runs the secret's rotation";
  g.destructive = true;
  g.reasons.push_back("a new value becomes AWSCURRENT; clients holding the old one fail until they fetch again");
  HeadlessAction action{g, "secretsmanager.rotate", g.target, "rotate-secret " + o.name, "", o.yes};
  return run_guarded(ctx, "secret rotate", action, [&](const aws::SyncCaller& call) -> aws::Result<std::string> {
    auto meta = aws::describe_secret(call, o.name);
    if (!meta) return meta.error();
    if (!meta->rotation_enabled)
      return usage(o.name + " has no rotation configured: set one up (a rotation Lambda) before rotating it");
    auto r = call(aws::rotate_secret_request(o.name));
    if (!r) return r.error();
    auto j = aws::parse_json_body(r->body, "secretsmanager:RotateSecret");
    if (!j) return j.error();
    return o.name + ": rotation started (version " + j->value("VersionId", std::string("?")) + ")";
  });
}

}  // namespace

void add_secret_commands(CLI::App& cli, CommandContext& ctx) {
  auto* secret = cli.add_subcommand("secret", "Put a new value into a Secrets Manager secret, or rotate it now");
  secret->require_subcommand(1);

  auto put = std::make_shared<SecretOptions>();
  auto* p = secret->add_subcommand("put", "Store a new value (PutSecretValue) read from stdin or typed twice, hidden");
  p->add_option("name", put->name, "Secret name or ARN")->required();
  p->add_flag("--allow-text", put->allow_text, "Allow a plain-text value for a secret that holds a JSON object");
  p->add_flag("--yes", put->yes, "Do not ask y/N (production still needs its name typed)");
  p->footer("The value is never printed, logged or audited.\n"
            "Exit: 0 stored; 1 AWS error; 2 bad or mismatched value; 4 no such secret; 5 refused.");
  p->callback([&ctx, put] { ctx.action = [&ctx, put] { return run_put(ctx, *put); }; });

  auto rotate = std::make_shared<SecretOptions>();
  auto* r = secret->add_subcommand("rotate", "Run the secret's configured rotation now (RotateSecret)");
  r->add_option("name", rotate->name, "Secret name or ARN")->required();
  r->add_flag("--yes", rotate->yes, "Do not ask y/N (production still needs its name typed)");
  r->footer("Exit: 0 started; 1 AWS error; 2 no rotation configured; 4 no such secret; 5 refused.");
  r->callback([&ctx, rotate] { ctx.action = [&ctx, rotate] { return run_rotate(ctx, *rotate); }; });
}

}  // namespace opsdeck::app
