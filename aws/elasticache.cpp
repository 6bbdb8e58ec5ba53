#include "aws/elasticache.hpp"

#include "aws/query_params.hpp"
#include "aws/xml_reader.hpp"

namespace opsdeck::aws {

namespace {

std::string endpoint_of(pugi::xml_node ep) {
  std::string host = text_at(ep, "Address");
  if (host.empty()) return "";
  std::string port = text_at(ep, "Port");
  return port.empty() ? host : host + ":" + port;
}

void set_marker(AwsRequest& r, const std::string& m) { set_param(r.params, "Marker", m); }

Result<std::string> clusters_page(const std::string& body, std::vector<CacheCluster>& out) {
  std::string marker;
  auto page = parse_describe_cache_clusters(body, &marker);
  if (!page) return page.error();
  for (auto& c : *page) out.push_back(std::move(c));
  return marker;
}

}  // namespace

AwsRequest describe_cache_clusters_request(const std::string& id) {
  AwsRequest r;
  r.service = &services::elasticache;
  r.operation = "DescribeCacheClusters";
  if (!id.empty()) r.params.emplace_back("CacheClusterId", id);
  r.params.emplace_back("ShowCacheNodeInfo", "true");
  r.params.emplace_back("MaxRecords", "100");
  return r;
}

Result<std::vector<CacheCluster>> parse_describe_cache_clusters(std::string_view body, std::string* marker) {
  auto doc = parse_xml(body, "elasticache:DescribeCacheClusters");
  if (!doc) return doc.error();
  auto result = doc->root().child("DescribeCacheClustersResult");
  if (!result) return make_error(ErrorKind::Parse, "elasticache:DescribeCacheClusters: no DescribeCacheClustersResult");
  std::vector<CacheCluster> out;
  for (auto c : result.child("CacheClusters").children("CacheCluster")) {
    CacheCluster x;
    x.id = text_at(c, "CacheClusterId");
    x.engine = text_at(c, "Engine");
    x.engine_version = text_at(c, "EngineVersion");
    x.node_type = text_at(c, "CacheNodeType");
    x.status = text_at(c, "CacheClusterStatus");
    x.num_nodes = static_cast<int>(int_at(c, "NumCacheNodes"));
    x.endpoint = endpoint_of(c.child("ConfigurationEndpoint"));
    if (x.endpoint.empty())
      for (auto n : c.child("CacheNodes").children("CacheNode")) {
        x.endpoint = endpoint_of(n.child("Endpoint"));
        if (!x.endpoint.empty()) break;
      }
    x.az = text_at(c, "PreferredAvailabilityZone");
    x.replication_group = text_at(c, "ReplicationGroupId");
    x.created = text_at(c, "CacheClusterCreateTime");
    x.snapshot_retention_days = static_cast<int>(int_at(c, "SnapshotRetentionLimit"));
    auto raw = lazy_xml_to_json(c, "elasticache:DescribeCacheClusters");
    if (!raw) return raw.error();
    x.raw = std::move(*raw);
    out.push_back(std::move(x));
  }
  if (marker) *marker = text_at(result, "Marker");
  return out;
}

Result<std::vector<CacheCluster>> describe_cache_clusters(const SyncCaller& call, const std::string& id,
                                                          bool optional) {
  auto first = describe_cache_clusters_request(id);
  return paginate_sync<std::vector<CacheCluster>>(call, optional ? optional_probe(first) : first, clusters_page,
                                                  set_marker);
}

void describe_cache_clusters_async(AsyncCaller call, std::function<void(Result<std::vector<CacheCluster>>)> done,
                                   bool optional) {
  auto first = describe_cache_clusters_request();
  paginate_async<std::vector<CacheCluster>>(std::move(call), optional ? optional_probe(first) : first, clusters_page,
                                            set_marker, std::move(done));
}

}  // namespace opsdeck::aws
