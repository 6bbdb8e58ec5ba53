// `opsdeck scale CLUSTER SERVICE COUNT`, `opsdeck rollback CLUSTER SERVICE [--to N]` and
// `opsdeck snapshot DB`: the console's `=`, `B` and `N` for scripts and for a terminal without the console, through the same gate (the
// environment's guard, --readonly, the typed name in production) and audit records.

#include <CLI/CLI.hpp>

#include <memory>

#include "app/commands/command_context.hpp"
#include "app/commands/guarded_action.hpp"
#include "app/exit_codes.hpp"
#include "app/list_runner.hpp"
#include "app/resources/databases.hpp"
#include "app/resources/task_definitions.hpp"
#include "aws/ecs.hpp"
#include "aws/ecs_task_definitions.hpp"
#include "aws/json_fields.hpp"
#include "aws/rds.hpp"

namespace opsdeck::app {

namespace {

struct ScaleOptions {
  std::string cluster, service;
  int count = 0;
  bool yes = false;
};

struct RollbackOptions {
  std::string cluster, service;
  int to = 0;  // 0: the newest ACTIVE revision older than the current one
  bool list = false;
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

aws::Error rollback_usage(const std::string& message) { return aws::make_error(aws::ErrorKind::Usage, message); }

int run_rollback(CommandContext& ctx, const RollbackOptions& o) {
  std::string target = o.cluster + "/" + o.service;
  GateRequest g;
  g.action = o.list ? "list task-definition revisions of ECS service " + target
                    : "roll ECS service " + target + " back to an earlier task definition";
  g.target = "ecs:" + target;
  g.why_not_read_only = "deploys another task-definition revision (tasks are replaced)";
  g.changes_something = !o.list;  // --list only reads
  g.destructive = !o.list;
  if (!o.list) g.reasons.push_back("new tasks start with the chosen revision, then the old ones stop");
  HeadlessAction action{g, o.list ? "ecs.revisions" : "ecs.rollback", g.target, g.action, "", o.yes};
  std::string listing;
  int code = run_guarded(ctx, "rollback", action, [&](const aws::SyncCaller& call) -> aws::Result<std::string> {
    auto found = aws::describe_services(call, o.cluster, {o.service});
    if (!found) return found.error();
    if (found->empty())
      return aws::make_error(aws::ErrorKind::NotFound, "no ECS service " + o.service + " in cluster " + o.cluster);
    const auto& svc = found->front();
    std::string current = aws::jstr(svc.raw, "taskDefinition");
    auto revs = aws::revisions(call, aws::task_definition_family(current));
    if (!revs) return revs.error();
    int current_rev = aws::task_definition_revision(current);
    if (o.list) {
      auto rows = revision_resources(*revs, o.cluster, o.service, current);
      revision_list().sort(rows);
      listing = format_rows(revision_list(), rows, "table");
      return target + " runs " + aws::task_definition_family(current) + ":" + std::to_string(current_rev);
    }
    const aws::TaskDefinitionRevision* chosen = nullptr;
    for (const auto& r : *revs)
      if (o.to ? r.revision == o.to : (r.revision < current_rev && (!chosen || r.revision > chosen->revision)))
        chosen = &r;
    if (!chosen)
      return rollback_usage(o.to ? "revision " + std::to_string(o.to) + " is not among the newest ACTIVE revisions"
                                 : "no ACTIVE revision older than " + std::to_string(current_rev));
    if (chosen->revision == current_rev) return rollback_usage(target + " already runs revision " + std::to_string(current_rev));
    auto r = call(aws::set_task_definition_request(o.cluster, o.service, chosen->arn));
    if (!r) return r.error();
    return target + ": " + aws::task_definition_family(current) + " revision " + std::to_string(current_rev) +
           " -> " + std::to_string(chosen->revision) + " (rolling deployment started)";
  }, o.list);
  if (code == kExitOk && o.list) std::fputs(listing.c_str(), stdout);
  return code;
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

  auto rb = std::make_shared<RollbackOptions>();
  auto* rbc = cli.add_subcommand("rollback", "Point an ECS service at an earlier task-definition revision (the console's B)");
  rbc->add_option("cluster", rb->cluster, "ECS cluster")->required();
  rbc->add_option("service", rb->service, "ECS service")->required();
  rbc->add_option("--to", rb->to, "Revision number (default: the newest ACTIVE one before the current)")
      ->check(CLI::PositiveNumber);
  rbc->add_flag("--list", rb->list, "Only list the newest revisions, the running one marked");
  rbc->add_flag("--yes", rb->yes, "Do not ask y/N (production still needs its name typed)");
  rbc->footer("Exit: 0 done; 1 AWS error; 2 no such revision; 4 no such cluster or service; 5 refused.");
  rbc->callback([&ctx, rb] { ctx.action = [&ctx, rb] { return run_rollback(ctx, *rb); }; });

  auto snap = std::make_shared<SnapshotOptions>();
  auto* sn = cli.add_subcommand("snapshot", "Create a manual snapshot of an RDS database (the console's N)");
  sn->add_option("db", snap->db, "DB instance identifier")->required();
  sn->add_option("--name", snap->name, "Snapshot name (default DB-opsdeck-YYYYMMDD-HHMMSS, UTC)");
  sn->add_flag("--yes", snap->yes, "Do not ask y/N (production still needs its name typed)");
  sn->footer("Exit: 0 snapshot requested; 1 AWS error; 4 no such database; 5 refused.");
  sn->callback([&ctx, snap] { ctx.action = [&ctx, snap] { return run_snapshot(ctx, *snap); }; });
}

}  // namespace opsdeck::app
