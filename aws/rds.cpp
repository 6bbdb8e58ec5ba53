#include "aws/rds.hpp"

#include <cctype>

#include "aws/xml_reader.hpp"

namespace opsdeck::aws {

namespace {

AwsRequest rds_request(const char* op) {
  AwsRequest r;
  r.service = &services::rds;
  r.operation = op;
  return r;
}

Result<RdsInstance> parse_instance(pugi::xml_node n, std::string_view op) {
  RdsInstance d;
  d.id = text_at(n, "DBInstanceIdentifier");
  d.engine = text_at(n, "Engine");
  d.engine_version = text_at(n, "EngineVersion");
  d.instance_class = text_at(n, "DBInstanceClass");
  d.status = text_at(n, "DBInstanceStatus");
  d.address = text_at(n, "Endpoint.Address");
  d.port = static_cast<int>(int_at(n, "Endpoint.Port"));
  if (!d.address.empty()) d.endpoint = d.port ? d.address + ":" + std::to_string(d.port) : d.address;
  d.multi_az = bool_at(n, "MultiAZ");
  d.storage_gb = static_cast<int>(int_at(n, "AllocatedStorage"));
  d.backup_retention_days = static_cast<int>(int_at(n, "BackupRetentionPeriod"));
  d.az = text_at(n, "AvailabilityZone");
  d.storage_type = text_at(n, "StorageType");
  d.created = text_at(n, "InstanceCreateTime");
  d.cluster_id = text_at(n, "DBClusterIdentifier");
  auto raw = lazy_xml_to_json(n, op);
  if (!raw) return raw.error();
  d.raw = std::move(*raw);
  return d;
}

Result<RdsSnapshot> parse_snapshot(pugi::xml_node n, std::string_view op) {
  RdsSnapshot s;
  s.id = text_at(n, "DBSnapshotIdentifier");
  s.instance_id = text_at(n, "DBInstanceIdentifier");
  s.status = text_at(n, "Status");
  s.type = text_at(n, "SnapshotType");
  s.created = text_at(n, "SnapshotCreateTime");
  s.engine = text_at(n, "Engine");
  s.storage_gb = static_cast<int>(int_at(n, "AllocatedStorage"));
  auto raw = lazy_xml_to_json(n, op);
  if (!raw) return raw.error();
  s.raw = std::move(*raw);
  return s;
}

Error unexpected(std::string_view op, pugi::xml_node root) {
  Error e = make_error(ErrorKind::Parse, std::string("unexpected XML root <") + root.name() + ">");
  e.operation = std::string(op);
  return e;
}

void set_marker(AwsRequest& r, const std::string& m) { set_param(r.params, "Marker", m); }

}  // namespace

AwsRequest describe_db_instances_request(const std::string& id,
                                         const std::vector<NameValues>& filters) {
  auto r = rds_request("DescribeDBInstances");
  if (!id.empty()) r.params.emplace_back("DBInstanceIdentifier", id);
  add_rds_filters(r.params, filters);
  r.params.emplace_back("MaxRecords", "100");
  return r;
}

Result<std::vector<RdsInstance>> parse_describe_db_instances(std::string_view body,
                                                             std::string* marker) {
  constexpr std::string_view op = "rds:DescribeDBInstances";
  auto doc = parse_xml(body, op);
  if (!doc) return doc.error();
  auto result = doc->root().child("DescribeDBInstancesResult");
  if (!result) return unexpected(op, doc->root());
  std::vector<RdsInstance> out;
  for (auto n : result.child("DBInstances").children("DBInstance")) {
    auto instance = parse_instance(n, op);
    if (!instance) return instance.error();
    out.push_back(std::move(*instance));
  }
  if (marker) *marker = text_at(result, "Marker");
  return out;
}

namespace {
Result<std::string> instances_page(const std::string& body, std::vector<RdsInstance>& out) {
  std::string marker;
  auto page = parse_describe_db_instances(body, &marker);
  if (!page) return page.error();
  for (auto& d : *page) out.push_back(std::move(d));
  return marker;
}
}  // namespace

Result<std::vector<RdsInstance>> describe_db_instances(const SyncCaller& call, const std::string& id) {
  return paginate_sync<std::vector<RdsInstance>>(call, describe_db_instances_request(id),
                                                 instances_page, set_marker);
}

void describe_db_instances_async(AsyncCaller call,
                                 std::function<void(Result<std::vector<RdsInstance>>)> done) {
  paginate_async<std::vector<RdsInstance>>(std::move(call), describe_db_instances_request(),
                                           instances_page, set_marker, std::move(done));
}

AwsRequest describe_db_snapshots_request(const std::string& instance_id) {
  auto r = rds_request("DescribeDBSnapshots");
  if (!instance_id.empty()) r.params.emplace_back("DBInstanceIdentifier", instance_id);
  return r;
}

Result<std::vector<RdsSnapshot>> parse_describe_db_snapshots(std::string_view body,
                                                             std::string* marker) {
  constexpr std::string_view op = "rds:DescribeDBSnapshots";
  auto doc = parse_xml(body, op);
  if (!doc) return doc.error();
  auto result = doc->root().child("DescribeDBSnapshotsResult");
  if (!result) return unexpected(op, doc->root());
  std::vector<RdsSnapshot> out;
  for (auto n : result.child("DBSnapshots").children("DBSnapshot")) {
    auto snapshot = parse_snapshot(n, op);
    if (!snapshot) return snapshot.error();
    out.push_back(std::move(*snapshot));
  }
  if (marker) *marker = text_at(result, "Marker");
  return out;
}

namespace {
Result<std::string> snapshots_page(const std::string& body, std::vector<RdsSnapshot>& out) {
  std::string marker;
  auto page = parse_describe_db_snapshots(body, &marker);
  if (!page) return page.error();
  for (auto& s : *page) out.push_back(std::move(s));
  return marker;
}
}  // namespace

Result<std::vector<RdsSnapshot>> describe_db_snapshots(const SyncCaller& call,
                                                       const std::string& instance_id) {
  return paginate_sync<std::vector<RdsSnapshot>>(call, describe_db_snapshots_request(instance_id), snapshots_page,
                                                 set_marker);
}

void describe_db_snapshots_async(AsyncCaller call, std::function<void(Result<std::vector<RdsSnapshot>>)> done) {
  paginate_async<std::vector<RdsSnapshot>>(std::move(call), describe_db_snapshots_request(), snapshots_page,
                                           set_marker, std::move(done));
}

AwsRequest create_db_snapshot_request(const std::string& instance_id, const std::string& snapshot_id) {
  auto r = rds_request("CreateDBSnapshot");
  r.params.emplace_back("DBInstanceIdentifier", instance_id);
  r.params.emplace_back("DBSnapshotIdentifier", snapshot_id);
  return r;
}

Result<RdsSnapshot> parse_create_db_snapshot(std::string_view body) {
  constexpr std::string_view op = "rds:CreateDBSnapshot";
  auto doc = parse_xml(body, op);
  if (!doc) return doc.error();
  auto snap = node_at(doc->root(), "CreateDBSnapshotResult.DBSnapshot");
  if (!snap) return unexpected(op, doc->root());
  return parse_snapshot(snap, op);
}

AwsRequest reboot_db_instance_request(const std::string& instance_id, bool force_failover) {
  auto r = rds_request("RebootDBInstance");
  r.params.emplace_back("DBInstanceIdentifier", instance_id);
  if (force_failover) r.params.emplace_back("ForceFailover", "true");
  return r;
}

AwsRequest modify_backup_retention_request(const std::string& instance_id, int days,
                                           bool apply_immediately) {
  auto r = rds_request("ModifyDBInstance");
  r.params.emplace_back("DBInstanceIdentifier", instance_id);
  r.params.emplace_back("BackupRetentionPeriod", std::to_string(days));
  r.params.emplace_back("ApplyImmediately", apply_immediately ? "true" : "false");
  return r;
}

AwsRequest modify_db_instance_request(const std::string& instance_id, const DbModification& m) {
  auto r = rds_request("ModifyDBInstance");
  r.params.emplace_back("DBInstanceIdentifier", instance_id);
  if (!m.instance_class.empty()) r.params.emplace_back("DBInstanceClass", m.instance_class);
  if (m.retention_days) r.params.emplace_back("BackupRetentionPeriod", std::to_string(*m.retention_days));
  r.params.emplace_back("ApplyImmediately", m.apply_immediately ? "true" : "false");
  return r;
}

AwsRequest restore_from_snapshot_request(const std::string& snapshot_id, const std::string& new_id,
                                         const std::string& instance_class) {
  auto r = rds_request("RestoreDBInstanceFromDBSnapshot");
  r.params.emplace_back("DBSnapshotIdentifier", snapshot_id);
  r.params.emplace_back("DBInstanceIdentifier", new_id);
  if (!instance_class.empty()) r.params.emplace_back("DBInstanceClass", instance_class);
  return r;
}

AwsRequest restore_to_point_in_time_request(const std::string& source_id, const std::string& new_id,
                                            const std::string& time) {
  auto r = rds_request("RestoreDBInstanceToPointInTime");
  r.params.emplace_back("SourceDBInstanceIdentifier", source_id);
  r.params.emplace_back("TargetDBInstanceIdentifier", new_id);
  if (time.empty())
    r.params.emplace_back("UseLatestRestorableTime", "true");
  else
    r.params.emplace_back("RestoreTime", time);
  return r;
}

std::string validate_db_identifier(const std::string& id) {
  if (id.empty() || id.size() > 63) return "a DB identifier has 1 to 63 characters";
  if (!std::isalpha(static_cast<unsigned char>(id[0]))) return "a DB identifier starts with a letter";
  for (std::size_t i = 0; i < id.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(id[i]);
    if (!std::isalnum(c) && c != '-') return "a DB identifier has only letters, digits and hyphens";
    if (c == '-' && i + 1 < id.size() && id[i + 1] == '-') return "a DB identifier has no two hyphens in a row";
  }
  if (id.back() == '-') return "a DB identifier does not end with a hyphen";
  return "";
}

Result<RdsInstance> parse_db_instance_result(std::string_view body, std::string_view operation) {
  auto doc = parse_xml(body, operation);
  if (!doc) return doc.error();
  for (auto child : doc->root().children()) {
    auto inst = child.child("DBInstance");
    if (inst) return parse_instance(inst, operation);
  }
  return unexpected(operation, doc->root());
}

Result<RdsSnapshot> create_db_snapshot(const SyncCaller& call, const std::string& instance_id,
                                       const std::string& snapshot_id) {
  auto resp = call(create_db_snapshot_request(instance_id, snapshot_id));
  if (!resp) return resp.error();
  return parse_create_db_snapshot(resp->body);
}

Result<RdsInstance> reboot_db_instance(const SyncCaller& call, const std::string& instance_id) {
  auto resp = call(reboot_db_instance_request(instance_id));
  if (!resp) return resp.error();
  return parse_db_instance_result(resp->body, "rds:RebootDBInstance");
}

Result<RdsInstance> modify_backup_retention(const SyncCaller& call, const std::string& instance_id,
                                            int days) {
  auto resp = call(modify_backup_retention_request(instance_id, days));
  if (!resp) return resp.error();
  return parse_db_instance_result(resp->body, "rds:ModifyDBInstance");
}

}  // namespace opsdeck::aws
