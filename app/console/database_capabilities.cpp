#include "app/console/database_capabilities.hpp"

#include <charconv>
#include <sstream>

#include "app/resources/databases.hpp"
#include "aws/iso8601.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::app {

namespace {

using R = aws::Result<aws::AwsRequest>;
using Lines = aws::Result<std::vector<std::string>>;

template <class T>
std::string problem_of(const aws::Result<T>& r) {
  return r ? std::string() : r.error().message;
}

// The DB document is DescribeDBInstances' XML as JSON: every value is text.
bool multi_az(const ActionTarget& t) { return t.document && aws::jstr(*t.document, "MultiAZ") == "true"; }

}  // namespace

aws::Result<aws::DbModification> parse_db_modification(const std::string& text) {
  aws::DbModification m;
  std::istringstream in(text);
  std::string word;
  bool apply_given = false;
  while (in >> word) {
    auto eq = word.find('=');
    if (eq == std::string::npos) return capability_refusal("expected key=value, not \"" + word + "\" (keys: class, retention, apply)");
    std::string key = word.substr(0, eq), value = word.substr(eq + 1);
    if (key == "class") {
      if (value.rfind("db.", 0) != 0 || value.size() < 5) return capability_refusal("a DB instance class looks like db.t3.medium");
      m.instance_class = value;
    } else if (key == "retention") {
      int days = -1;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), days);
      if (ec != std::errc() || end != value.data() + value.size() || days < 0 || days > 35)
        return capability_refusal("retention is a number of days from 0 to 35 (0 turns automated backups off)");
      m.retention_days = days;
    } else if (key == "apply") {
      if (value != "now" && value != "window") return capability_refusal("apply is now or window");
      m.apply_immediately = value == "now";
      apply_given = true;
    } else {
      return capability_refusal("unknown key \"" + key + "\" (keys: class, retention, apply)");
    }
  }
  if (m.instance_class.empty() && !m.retention_days) return capability_refusal("nothing to change: give class= and/or retention=");
  if (!apply_given) return capability_refusal("say when: apply=now or apply=window (the next maintenance window)");
  return m;
}

aws::Result<RestoreTarget> parse_restore_target(const std::string& text) {
  std::istringstream in(text);
  RestoreTarget t;
  std::string extra;
  in >> t.new_id >> t.time >> extra;
  if (!extra.empty()) return capability_refusal("expected NEW-ID [TIME], not more");
  if (std::string p = aws::validate_db_identifier(t.new_id); !p.empty()) return capability_refusal(p);
  if (!t.time.empty() && !aws::parse_iso8601(t.time))
    return capability_refusal("the time is ISO-8601 UTC, e.g. 2026-12-03T04:10:00Z (or leave it out for the latest)");
  return t;
}

const std::vector<Capability>& database_capabilities() {
  static const std::vector<Capability> kCaps = [] {
    Capability reboot = simple_capability(
        "action.reboot", "R", "reboot", "rds.reboot", "reboots the database: connections drop",
        [](const ActionTarget& t) { return R(aws::reboot_db_instance_request(t.id)); });
    Capability snapshot = simple_capability(
        "action.snapshot", "N", "snapshot", "rds.snapshot", "creates a manual DB snapshot",
        [](const ActionTarget& t) { return R(aws::create_db_snapshot_request(t.id, opsdeck_snapshot_name(t.id))); });
    Capability failover = simple_capability(
        "action.failover", "W", "reboot with failover", "rds.failover",
        "the standby becomes the primary: connections drop for about a minute while DNS moves",
        [](const ActionTarget& t) { return R(aws::reboot_db_instance_request(t.id, true)); });
    failover.details = [](const ActionTarget& t) -> Lines {
      if (!multi_az(t)) return capability_refusal(t.id + " is not Multi-AZ: there is no standby to fail over to (R reboots it)");
      return std::vector<std::string>{};
    };
    Capability modify = simple_capability(
        "action.edit", "e", "modify", "rds.modify",
        "changes the instance (a class change restarts it; with apply=now, right away)",
        [](const ActionTarget& t) -> R {
          auto m = parse_db_modification(t.input);
          if (!m) return m.error();
          return aws::modify_db_instance_request(t.id, *m);
        });
    modify.input_prompt = "class=... retention=DAYS apply=now|window";
    modify.input_default = [](const ActionTarget& t) {
      if (!t.document) return std::string("apply=window");
      return "class=" + aws::jstr(*t.document, "DBInstanceClass") +
             " retention=" + aws::jstr(*t.document, "BackupRetentionPeriod") + " apply=window";
    };
    modify.validate = [](const std::string& v) { return problem_of(parse_db_modification(v)); };
    Capability pitr = simple_capability(
        "action.restore", "C", "restore to a point in time", "rds.restore-pitr",
        "creates a NEW instance from the backups (billed; the original is not touched)",
        [](const ActionTarget& t) -> R {
          auto target = parse_restore_target(t.input);
          if (!target) return target.error();
          return aws::restore_to_point_in_time_request(t.id, target->new_id, target->time);
        });
    pitr.input_prompt = "new instance id [time, ISO-8601 UTC; default latest]";
    pitr.input_default = [](const ActionTarget& t) { return t.id + "-restored"; };
    pitr.validate = [](const std::string& v) { return problem_of(parse_restore_target(v)); };
    pitr.destructive = false;  // creates, changes nothing that exists: asked in production only
    return std::vector<Capability>{reboot, snapshot, failover, modify, pitr};
  }();
  return kCaps;
}

const std::vector<Capability>& db_snapshot_capabilities() {
  static const std::vector<Capability> kCaps = [] {
    Capability restore = simple_capability(
        "action.restore", "C", "restore snapshot", "rds.restore-snapshot",
        "creates a NEW instance from the snapshot (billed; the snapshot stays)",
        [](const ActionTarget& t) -> R {
          if (std::string p = aws::validate_db_identifier(t.input); !p.empty()) return capability_refusal(p);
          return aws::restore_from_snapshot_request(t.id, t.input);
        });
    restore.input_prompt = "new instance id";
    restore.input_default = [](const ActionTarget& t) {
      std::string db = t.document ? aws::jstr(*t.document, "DBInstanceIdentifier") : "";
      return (db.empty() ? std::string("restored") : db) + "-restored";
    };
    restore.validate = aws::validate_db_identifier;
    restore.destructive = false;
    return std::vector<Capability>{restore};
  }();
  return kCaps;
}

}  // namespace opsdeck::app
