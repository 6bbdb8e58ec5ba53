// `opsdeck scale CLUSTER SERVICE COUNT` and `opsdeck snapshot DB`: the console's `=` and
// `N` for scripts and for a terminal without the console, through the same gate (the
// environment's guard, --readonly, the typed name in production) and audit records.

#include <CLI/CLI.hpp>

#include <memory>

#include "app/commands/command_context.hpp"
#include "app/commands/guarded_action.hpp"
#include "app/exit_codes.hpp"
#include "app/resources/databases.hpp"
#include "aws/ecs.hpp"
#include "aws/rds.hpp"

namespace opsdeck::app {

namespace {

struct ScaleOptions {
  std::string cluster, service;
  int count = 0;
  bool yes = false;
};

struct SnapshotOptions {
  std::string db, name;
  bool yes = false;
};

int run_scale(CommandContext& ctx, const ScaleOptions& o) {
  GateRequest g;
  g.action = "scale ECS service " + o.cluster + "/" + o.service + " to " + std::to_string(o.count) + " tasks";
  g.target = "ecs:" + o.cluster + "/" + o.service;
  g.why_not_read_only = "changes the service's desired task count (tasks start or stop)";
  if (o.count == 0) {
    g.destructive = true;
    g.reasons.push_back("a desired count of 0 stops every task of the service");
  }
  HeadlessAction action{g, "ecs.scale", g.target, g.action, "", o.yes};
  return run_guarded(ctx, "scale", action, [&](const aws::SyncCaller& call) -> aws::Result<std::string> {
    auto s = aws::update_service(call, o.cluster, o.service, o.count, false);
    if (!s) return s.error();
    return o.cluster + "/" + o.service + ": desired " + std::to_string(s->desired) + " (running " +
           std::to_string(s->running) + ", pending " + std::to_string(s->pending) + ")";
  });
}

int run_snapshot(CommandContext& ctx, const SnapshotOptions& o) {
  const std::string name = o.name.empty() ? opsdeck_snapshot_name(o.db) : o.name;
  GateRequest g;
  g.action = "create snapshot " + name + " of database " + o.db;
  g.target = "rds:" + o.db;
  g.why_not_read_only = "creates a manual DB snapshot (kept, and billed, until deleted)";
  HeadlessAction action{g, "rds.snapshot", g.target, g.action, "", o.yes};
  return run_guarded(ctx, "snapshot", action, [&](const aws::SyncCaller& call) -> aws::Result<std::string> {
    auto s = aws::create_db_snapshot(call, o.db, name);
    if (!s) return s.error();
    return s->id + ": " + (s->status.empty() ? "creating" : s->status) + " (database " + o.db + ")";
  });
}

}  // namespace

void add_action_commands(CLI::App& cli, CommandContext& ctx) {
  auto scale = std::make_shared<ScaleOptions>();
  auto* sc = cli.add_subcommand("scale", "Set an ECS service's desired task count (the console's =)");
  sc->add_option("cluster", scale->cluster, "ECS cluster")->required();
  sc->add_option("service", scale->service, "ECS service")->required();
  sc->add_option("count", scale->count, "Desired task count, 0-1000")->required()->check(CLI::Range(0, 1000));
  sc->add_flag("--yes", scale->yes, "Do not ask y/N (production still needs its name typed)");
  sc->footer("Exit: 0 done; 1 AWS error; 4 no such cluster or service; 5 refused.");
  sc->callback([&ctx, scale] { ctx.action = [&ctx, scale] { return run_scale(ctx, *scale); }; });

  auto snap = std::make_shared<SnapshotOptions>();
  auto* sn = cli.add_subcommand("snapshot", "Create a manual snapshot of an RDS database (the console's N)");
  sn->add_option("db", snap->db, "DB instance identifier")->required();
  sn->add_option("--name", snap->name, "Snapshot name (default DB-opsdeck-YYYYMMDD-HHMMSS, UTC)");
  sn->add_flag("--yes", snap->yes, "Do not ask y/N (production still needs its name typed)");
  sn->footer("Exit: 0 snapshot requested; 1 AWS error; 4 no such database; 5 refused.");
  sn->callback([&ctx, snap] { ctx.action = [&ctx, snap] { return run_snapshot(ctx, *snap); }; });
}

}  // namespace opsdeck::app
