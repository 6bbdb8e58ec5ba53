#pragma once
// RDS (awsQuery): DB instances, snapshots, CreateDBSnapshot, RebootDBInstance and
// ModifyDBInstance (backup retention). Builders and parsers are pure; the sync calls block
// the calling thread; the async list completes on the AsyncCaller's thread (AwsClient: IO
// thread). Pagination follows Marker.

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

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
  nlohmann::json raw;
};

struct RdsSnapshot {
  std::string id;
  std::string instance_id;
  std::string status;
  std::string type;      // manual | automated
  std::string created;   // SnapshotCreateTime
  std::string engine;
  int storage_gb = 0;
  nlohmann::json raw;
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

// Mutating (refused in read-only mode by the client).
AwsRequest create_db_snapshot_request(const std::string& instance_id, const std::string& snapshot_id);
Result<RdsSnapshot> parse_create_db_snapshot(std::string_view body);
AwsRequest reboot_db_instance_request(const std::string& instance_id, bool force_failover = false);
AwsRequest modify_backup_retention_request(const std::string& instance_id, int days,
                                           bool apply_immediately = true);
// Reboot/Modify answer with the DBInstance: parsed the same way.
Result<RdsInstance> parse_db_instance_result(std::string_view body, std::string_view operation);

Result<RdsSnapshot> create_db_snapshot(const SyncCaller& call, const std::string& instance_id,
                                       const std::string& snapshot_id);
Result<RdsInstance> reboot_db_instance(const SyncCaller& call, const std::string& instance_id);
Result<RdsInstance> modify_backup_retention(const SyncCaller& call, const std::string& instance_id,
                                            int days);

}  // namespace opsdeck::aws
