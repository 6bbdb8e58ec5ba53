#pragma once
// ElastiCache (awsQuery, 2015-02-02): DescribeCacheClusters with node info, for the
// Databases pane and `opsdeck databases`. Builders and parsers are pure; the sync call
// blocks the calling thread; the async list completes on the AsyncCaller's thread
// (AwsClient: its IO thread). Pagination follows Marker.

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "aws/lazy_document.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct CacheCluster {
  std::string id;              // CacheClusterId
  std::string engine;          // redis | memcached | valkey
  std::string engine_version;
  std::string node_type;       // cache.t4g.micro
  std::string status;          // CacheClusterStatus: available | creating | modifying ...
  int num_nodes = 0;
  std::string endpoint;        // "host:port": the configuration endpoint, else the first node's; "" when none yet
  std::string az;              // PreferredAvailabilityZone
  std::string replication_group;
  std::string created;         // CacheClusterCreateTime
  int snapshot_retention_days = 0;  // SnapshotRetentionLimit (redis/valkey backups)
  LazyDocument raw;            // the whole <CacheCluster> as JSON, built when first read
};

AwsRequest describe_cache_clusters_request(const std::string& id = {});
// One page; `marker` receives the next Marker ("" at the end).
Result<std::vector<CacheCluster>> parse_describe_cache_clusters(std::string_view body, std::string* marker);
// `optional`: every page is sent as optional_probe() (one attempt, short timeout), for
// listings where the cache clusters only add rows.
Result<std::vector<CacheCluster>> describe_cache_clusters(const SyncCaller& call, const std::string& id = {},
                                                          bool optional = false);
void describe_cache_clusters_async(AsyncCaller call, std::function<void(Result<std::vector<CacheCluster>>)> done,
                                   bool optional = false);

}  // namespace opsdeck::aws
