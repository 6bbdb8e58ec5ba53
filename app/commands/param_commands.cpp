// `opsdeck param history|diff|restore NAME`: the parameter history view's rows, Enter and
// `B` for scripts and terminals without the console. history and diff only read (through the
// gate as reads, so they are audited and the environment's account is checked); a
// SecureString's values are decrypted and printed by diff only with --decrypt. restore
// writes a version's value back as a new version, through the gate; the value is never
// printed, logged or audited.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "app/commands/guarded_action.hpp"
#include "app/list_runner.hpp"
#include "app/resources/parameter_history.hpp"
#include "aws/json_fields.hpp"
#include "aws/secret_wipe.hpp"
#include "aws/ssm_parameters.hpp"

namespace opsdeck::app {

namespace {

struct ParamOptions {
  std::string name;
  long long version = 0;
  long long from = 0;
  bool decrypt = false;
  bool yes = false;
  std::string output = "table";
};

using Versions = std::vector<aws::ParameterVersion>;

aws::Error usage(const std::string& message) { return aws::make_error(aws::ErrorKind::Usage, message); }

void wipe_values(Versions& versions) {
  for (auto& v : versions) aws::wipe(v.value);
}

// The history, turning "no such parameter" into NotFound.
aws::Result<Versions> read_history(const aws::SyncCaller& call, const std::string& name, bool decrypt) {
  auto r = aws::parameter_history(call, name, decrypt);
  if (!r && r.error().code.find("ParameterNotFound") != std::string::npos) {
    aws::Error e = r.error();
    e.kind = aws::ErrorKind::NotFound;
    e.message = "no parameter named " + name;
    return e;
  }
  return r;
}

HeadlessAction read_action(const std::string& verb, const std::string& audit, const ParamOptions& o) {
  GateRequest g;
  g.action = verb + " of SSM parameter " + o.name;
  g.target = "ssm:" + o.name;
  g.changes_something = false;
  g.destructive = false;
  return HeadlessAction{g, audit, g.target, g.action, "", true};
}

int run_history(CommandContext& ctx, const ParamOptions& o) {
  std::string listing;
  int code = run_guarded(ctx, "param history", read_action("read the history", "ssm.parameter-history", o),
                         [&](const aws::SyncCaller& call) -> aws::Result<std::string> {
                           auto versions = read_history(call, o.name, false);
                           if (!versions) return versions.error();
                           auto rows = parameter_version_resources(*versions);
                           wipe_values(*versions);
                           parameter_history_list().sort(rows);
                           listing = format_rows(parameter_history_list(), rows, o.output);
                           return o.name + ": " + std::to_string(rows.size()) + " versions";
                         }, true);
  if (code == kExitOk) std::fputs(listing.c_str(), stdout);
  return code;
}

int run_diff(CommandContext& ctx, const ParamOptions& o) {
  std::string printed;
  int code = run_guarded(ctx, "param diff", read_action("compare versions", "ssm.parameter-diff", o),
                         [&](const aws::SyncCaller& call) -> aws::Result<std::string> {
                           auto meta = read_history(call, o.name, false);
                           if (!meta) return meta.error();
                           bool secure = false;
                           long long newest = 0;
                           for (const auto& v : *meta) {
                             secure = secure || v.type == "SecureString";
                             newest = std::max(newest, v.version);
                           }
                           if (secure) wipe_values(*meta);  // ciphertexts: read again decrypted
                           if (secure && !o.decrypt)
                             return usage(o.name + " has SecureString versions: add --decrypt to compare their "
                                                   "decrypted values (the diff prints them)");
                           auto versions = secure ? read_history(call, o.name, true) : std::move(meta);
                           if (!versions) return versions.error();
                           std::string title;
                           auto diff = version_diff(*versions, o.version ? o.version : newest, o.from, &title);
                           wipe_values(*versions);
                           if (!diff) return diff.error();
                           printed = unified_text(*diff);
                           for (auto& l : diff->lines) aws::wipe(l.text);
                           return title + ": +" + std::to_string(diff->added) + " -" +
                                  std::to_string(diff->removed) + " lines";
                         }, true);
  if (code == kExitOk) std::fputs(printed.c_str(), stdout);
  aws::wipe(printed);
  return code;
}

int run_restore(CommandContext& ctx, const ParamOptions& o) {
  GateRequest g;
  g.action = "restore version " + std::to_string(o.version) + " of SSM parameter " + o.name;
  g.target = "ssm:" + o.name;
  g.why_not_read_only = "writes an earlier value back as the parameter's newest version";
  g.destructive = true;
  g.reasons.push_back("services read the restored value on their next fetch");
  HeadlessAction action{g, "ssm.restore-parameter-version", g.target, g.action, "", o.yes};
  return run_guarded(ctx, "param restore", action, [&](const aws::SyncCaller& call) -> aws::Result<std::string> {
    auto versions = read_history(call, o.name, true);
    if (!versions) return versions.error();
    auto chosen = version_to_restore(*versions, o.version);
    if (!chosen) {
      wipe_values(*versions);
      return chosen.error();
    }
    aws::AwsRequest put = aws::put_parameter_request(o.name, (*chosen)->value, (*chosen)->type);
    wipe_values(*versions);
    auto r = call(put);
    aws::wipe(put.input["Value"].get_ref<std::string&>());
    if (!r) return r.error();
    auto j = aws::parse_json_body(r->body, "ssm:PutParameter");
    if (!j) return j.error();
    return o.name + ": version " + std::to_string(o.version) + " restored as version " +
           std::to_string(aws::jint(*j, "Version"));
  });
}

}  // namespace

void add_param_commands(CLI::App& cli, CommandContext& ctx) {
  auto* param = cli.add_subcommand("param", "An SSM parameter's version history: list, diff, restore (the :params view's h)");
  param->require_subcommand(1);

  auto history = std::make_shared<ParamOptions>();
  auto* h = param->add_subcommand("history", "List a parameter's versions, newest first (values are never printed)");
  h->add_option("name", history->name, "Parameter name")->required();
  h->add_option("--output,-o", history->output, "table or json")->check(CLI::IsMember({"table", "json"}));
  h->footer("Exit: 0 listed; 1 AWS error; 4 no such parameter.");
  h->callback([&ctx, history] { ctx.action = [&ctx, history] { return run_history(ctx, *history); }; });

  auto diff = std::make_shared<ParamOptions>();
  auto* d = param->add_subcommand("diff", "Print what changed in a version (unified diff; JSON values compared pretty-printed)");
  d->add_option("name", diff->name, "Parameter name")->required();
  d->add_option("version", diff->version, "The version to show (default: the newest)")->check(CLI::PositiveNumber);
  d->add_option("--from", diff->from, "Compare with this version (default: the one before)")->check(CLI::PositiveNumber);
  d->add_flag("--decrypt", diff->decrypt, "Allow comparing SecureString versions (prints decrypted values)");
  d->footer("Exit: 0 printed; 1 AWS error; 2 a SecureString without --decrypt; 4 no such parameter or version.");
  d->callback([&ctx, diff] { ctx.action = [&ctx, diff] { return run_diff(ctx, *diff); }; });

  auto restore = std::make_shared<ParamOptions>();
  auto* r = param->add_subcommand("restore", "Write an earlier version's value back as the newest version");
  r->add_option("name", restore->name, "Parameter name")->required();
  r->add_option("version", restore->version, "The version to restore")->required()->check(CLI::PositiveNumber);
  r->add_flag("--yes", restore->yes, "Do not ask y/N (production still needs its name typed)");
  r->footer("The value is never printed, logged or audited.\n"
            "Exit: 0 restored; 1 AWS error; 2 already the current version; 4 no such parameter or version; 5 refused.");
  r->callback([&ctx, restore] { ctx.action = [&ctx, restore] { return run_restore(ctx, *restore); }; });
}

}  // namespace opsdeck::app
