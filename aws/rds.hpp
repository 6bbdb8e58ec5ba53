#pragma once
// RDS (awsQuery): DB instances, snapshots, CreateDBSnapshot, RebootDBInstance and
// ModifyDBInstance (backup retention). Builders and parsers are pure; the sync calls block
// the calling thread; the async list completes on the AsyncCaller's thread (AwsClient: IO
// thread). Pagination follows Marker.

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "aws/lazy_document.hpp"
#include "aws/query_params.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct RdsInstance {
  std::string id;
  std::string engine;
  std::string engine_version;
  std::string instance_class;
  std::string status;
  std::string endpoint;   // "host:port" ("" while creating)
  std::string address;
  int port = 0;
  bool multi_az = false;
  int storage_gb = 0;
  int backup_retention_days = 0;
  std::string az;
  std::string storage_type;
  std::string created;     // InstanceCreateTime
  std::string cluster_id;  // DBClusterIdentifier when in an Aurora cluster
  LazyDocument raw;        // the whole <DBInstance> as JSON, built when first read
};

struct RdsSnapshot {
  std::string id;
  std::string instance_id;
  std::string status;
  std::string type;      // manual | automated
  std::string created;   // SnapshotCreateTime
  std::string engine;
  int storage_gb = 0;
  LazyDocument raw;      // the whole <DBSnapshot> as JSON, built when first read
};

AwsRequest describe_db_instances_request(const std::string& id = {},
                                         const std::vector<NameValues>& filters = {});
// Parses one page; `marker` receives the next Marker ("" at the end).
Result<std::vector<RdsInstance>> parse_describe_db_instances(std::string_view body,
                                                             std::string* marker);
Result<std::vector<RdsInstance>> describe_db_instances(const SyncCaller& call,
                                                       const std::string& id = {});
void describe_db_instances_async(AsyncCaller call,
                                 std::function<void(Result<std::vector<RdsInstance>>)> done);

AwsRequest describe_db_snapshots_request(const std::string& instance_id = {});
Result<std::vector<RdsSnapshot>> parse_describe_db_snapshots(std::string_view body,
                                                             std::string* marker);
Result<std::vector<RdsSnapshot>> describe_db_snapshots(const SyncCaller& call,
                                                       const std::string& instance_id = {});
// Every snapshot (manual and automated) of every instance; `done` runs once.
void describe_db_snapshots_async(AsyncCaller call, std::function<void(Result<std::vector<RdsSnapshot>>)> done);

// Mutating (refused in read-only mode by the client).
AwsRequest create_db_snapshot_request(const std::string& instance_id, const std::string& snapshot_id);
Result<RdsSnapshot> parse_create_db_snapshot(std::string_view body);
AwsRequest reboot_db_instance_request(const std::string& instance_id, bool force_failover = false);
AwsRequest modify_backup_retention_request(const std::string& instance_id, int days,
                                           bool apply_immediately = true);
// Reboot/Modify answer with the DBInstance: parsed the same way.
// ModifyDBInstance with what the operator changes: the class and/or the backup retention;
// `apply_immediately` false waits for the next maintenance window.
struct DbModification {
  std::string instance_class;          // "" keeps it
  std::optional<int> retention_days;   // 0..35
  bool apply_immediately = false;
};
AwsRequest modify_db_instance_request(const std::string& instance_id, const DbModification& m);
// A NEW instance `new_id` from a snapshot (the same engine; the snapshot's own class when
// `instance_class` is empty).
AwsRequest restore_from_snapshot_request(const std::string& snapshot_id, const std::string& new_id,
                                         const std::string& instance_class = {});
// A NEW instance `new_id` as `source_id` was at `time` (ISO-8601 UTC), or at the latest
// restorable time when `time` is empty.
AwsRequest restore_to_point_in_time_request(const std::string& source_id, const std::string& new_id,
                                            const std::string& time);
// An RDS instance identifier: 1-63 letters, digits or hyphens, starting with a letter, no
// two hyphens in a row, not ending with one. "" when valid, else what is wrong.
std::string validate_db_identifier(const std::string& id);

Result<RdsInstance> parse_db_instance_result(std::string_view body, std::string_view operation);

Result<RdsSnapshot> create_db_snapshot(const SyncCaller& call, const std::string& instance_id,
                                       const std::string& snapshot_id);
Result<RdsInstance> reboot_db_instance(const SyncCaller& call, const std::string& instance_id);
Result<RdsInstance> modify_backup_retention(const SyncCaller& call, const std::string& instance_id,
                                            int days);

}  // namespace opsdeck::aws
