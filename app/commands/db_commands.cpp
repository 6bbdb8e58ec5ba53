// `opsdeck db failover|modify|restore`: the console's `W`, `e` and `C` on databases and
// snapshots for scripts and terminals without the console, through the same gate and audit
// records.

#include <CLI/CLI.hpp>

#include <memory>

#include "app/commands/guarded_action.hpp"
#include "app/console/database_capabilities.hpp"
#include "aws/rds.hpp"

namespace opsdeck::app {

namespace {

struct DbOptions {
  std::string db;
  std::vector<std::string> changes;  // modify: key=value words
  std::string snapshot, new_id, time;
  bool yes = false;
};

HeadlessAction db_action(const std::string& action, const std::string& audit, const std::string& target,
                         const std::string& why, bool destructive, bool yes) {
  GateRequest g;
  g.action = action;
  g.target = "rds:" + target;
  g.why_not_read_only = why;
  g.destructive = destructive;
  if (destructive) g.reasons.push_back(why);
  return HeadlessAction{g, audit, g.target, g.action, "", yes};
}

std::string described(const aws::RdsInstance& d) {
  return d.id + ": " + (d.status.empty() ? std::string("accepted") : d.status) +
         (d.instance_class.empty() ? "" : " (" + d.instance_class + ")");
}

int run_failover(CommandContext& ctx, const DbOptions& o) {
  auto action = db_action("reboot database " + o.db + " with failover", "rds.failover", o.db,
                          "the standby becomes the primary: connections drop for about a minute", true, o.yes);
  return run_guarded(ctx, "db failover", action, [&](const aws::SyncCaller& call) -> aws::Result<std::string> {
    auto found = aws::describe_db_instances(call, o.db);
    if (!found) return found.error();
    if (found->empty()) return aws::make_error(aws::ErrorKind::NotFound, "no database " + o.db);
    if (!found->front().multi_az)
      return aws::make_error(aws::ErrorKind::Usage, o.db + " is not Multi-AZ: there is no standby to fail over to");
    auto r = call(aws::reboot_db_instance_request(o.db, true));
    if (!r) return r.error();
    auto d = aws::parse_db_instance_result(r->body, "rds:RebootDBInstance");
    if (!d) return d.error();
    return described(*d) + ", failing over";
  });
}

int run_modify(CommandContext& ctx, const DbOptions& o) {
  std::string words;
  for (const auto& w : o.changes) words += (words.empty() ? "" : " ") + w;
  auto m = parse_db_modification(words);
  if (!m) {
    print_message("db modify", from_error(m.error()));
    return kExitUsage;
  }
  auto action = db_action("modify database " + o.db + ": " + words, "rds.modify", o.db,
                          "changes the instance (a class change restarts it)", true, o.yes);
  return run_guarded(ctx, "db modify", action, [&](const aws::SyncCaller& call) -> aws::Result<std::string> {
    auto r = call(aws::modify_db_instance_request(o.db, *m));
    if (!r) return r.error();
    auto d = aws::parse_db_instance_result(r->body, "rds:ModifyDBInstance");
    if (!d) return d.error();
    return described(*d) + (m->apply_immediately ? ", applying now" : ", in the next maintenance window");
  });
}

int run_restore(CommandContext& ctx, const DbOptions& o) {
  bool from_snapshot = !o.snapshot.empty();
  if (std::string p = aws::validate_db_identifier(o.new_id); !p.empty()) {
    print_message("db restore", UserMessage::error(p));
    return kExitUsage;
  }
  auto check = parse_restore_target(o.new_id + (o.time.empty() ? "" : " " + o.time));
  if (!check) {
    print_message("db restore", from_error(check.error()));
    return kExitUsage;
  }
  std::string source = from_snapshot ? o.snapshot : o.db;
  auto action = db_action(std::string("restore ") + (from_snapshot ? "snapshot " : "database ") + source + " into new instance " +
                              o.new_id,
                          from_snapshot ? "rds.restore-snapshot" : "rds.restore-pitr", source,
                          "creates a new, billed instance (nothing that exists changes)", false, o.yes);
  return run_guarded(ctx, "db restore", action, [&](const aws::SyncCaller& call) -> aws::Result<std::string> {
    auto req = from_snapshot ? aws::restore_from_snapshot_request(o.snapshot, o.new_id)
                             : aws::restore_to_point_in_time_request(o.db, o.new_id, o.time);
    auto r = call(req);
    if (!r) return r.error();
    auto d = aws::parse_db_instance_result(r->body, req.name());
    if (!d) return d.error();
    return described(*d) + " (restored from " + source + (o.time.empty() ? "" : " at " + o.time) + ")";
  });
}

}  // namespace

void add_db_commands(CLI::App& cli, CommandContext& ctx) {
  auto* db = cli.add_subcommand("db", "Fail over, modify or restore an RDS database (the console's W, e, C)");
  db->require_subcommand(1);

  auto fo = std::make_shared<DbOptions>();
  auto* f = db->add_subcommand("failover", "Reboot a Multi-AZ database with failover to its standby");
  f->add_option("db", fo->db, "DB instance identifier")->required();
  f->add_flag("--yes", fo->yes, "Do not ask y/N (production still needs its name typed)");
  f->footer("Exit: 0 failing over; 1 AWS error; 2 not Multi-AZ; 4 no such database; 5 refused.");
  f->callback([&ctx, fo] { ctx.action = [&ctx, fo] { return run_failover(ctx, *fo); }; });

  auto mo = std::make_shared<DbOptions>();
  auto* m = db->add_subcommand("modify", "Change a database's class and/or backup retention");
  m->add_option("db", mo->db, "DB instance identifier")->required();
  m->add_option("changes", mo->changes, "class=db.t3.large retention=DAYS apply=now|window")->required();
  m->add_flag("--yes", mo->yes, "Do not ask y/N (production still needs its name typed)");
  m->footer("apply=window waits for the next maintenance window.\n"
            "Exit: 0 accepted; 1 AWS error; 2 bad changes; 4 no such database; 5 refused.");
  m->callback([&ctx, mo] { ctx.action = [&ctx, mo] { return run_modify(ctx, *mo); }; });

  auto re = std::make_shared<DbOptions>();
  auto* r = db->add_subcommand("restore", "Create a NEW database from a snapshot or from a point in time");
  auto* src = r->add_option("db", re->db, "Source DB instance (point-in-time restore)");
  auto* snap = r->add_option("--snapshot", re->snapshot, "Restore this DB snapshot instead");
  src->excludes(snap);
  r->add_option("--to", re->new_id, "The new instance's identifier")->required();
  r->add_option("--time", re->time, "ISO-8601 UTC time to restore to (default: the latest restorable)")->excludes(snap);
  r->add_flag("--yes", re->yes, "Do not ask in production");
  r->footer("Exit: 0 creating; 1 AWS error; 2 bad identifier or time; 4 no such source; 5 refused.");
  r->callback([&ctx, re] {
    if (re->db.empty() && re->snapshot.empty()) throw CLI::ValidationError("db restore", "give a DB or --snapshot");
    ctx.action = [&ctx, re] { return run_restore(ctx, *re); };
  });
}

}  // namespace opsdeck::app
