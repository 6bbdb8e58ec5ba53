// ECR, ElastiCache and Route 53 typed operations against moto_server with signature
// checking on: seeds through the same AwsClient, reads back through the typed calls.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include <pugixml.hpp>

#include "aws/aws_client.hpp"
#include "aws/credential_static.hpp"
#include "aws/ecr.hpp"
#include "aws/elasticache.hpp"
#include "aws/json_fields.hpp"
#include "aws/route53.hpp"
#include "tests/support/moto_server.hpp"

using namespace opsdeck;
using opsdeck::testing::shared_moto;

namespace {

class ServicesMoto : public ::testing::Test {
 protected:
  void SetUp() override {
    shared_moto().reset();
    aws::ClientOptions o;
    o.region = shared_moto().region();
    o.endpoint_url = shared_moto().endpoint();
    client = std::make_unique<aws::AwsClient>(
        o, std::make_shared<aws::StaticCredentialsProvider>(shared_moto().credentials()));
    call = aws::sync_caller(*client);
  }
  void must(aws::AwsRequest r) {
    auto res = client->call_sync(std::move(r));
    ASSERT_TRUE(res.ok()) << res.error().describe();
  }
  std::unique_ptr<aws::AwsClient> client;
  aws::SyncCaller call;
};

std::string manifest(const std::string& layer_digest, int size) {
  nlohmann::json m = {
      {"schemaVersion", 2},
      {"mediaType", "application/vnd.docker.distribution.manifest.v2+json"},
      {"config", {{"mediaType", "application/vnd.docker.container.image.v1+json"}, {"size", 100},
                  {"digest", "sha256:" + std::string(64, 'c')}}},
      {"layers", {{{"mediaType", "application/vnd.docker.image.rootfs.diff.tar.gzip"}, {"size", size},
                   {"digest", layer_digest}}}}};
  return m.dump();
}

// ---------------------------------------------------------------- ECR

TEST_F(ServicesMoto, EcrDescribeImagesTagsDigestsAndScanStatus) {
  must(aws::json_request(aws::services::ecr, "CreateRepository", {{"repositoryName", "team/api"}}));
  must(aws::json_request(aws::services::ecr, "PutImage",
                         {{"repositoryName", "team/api"}, {"imageManifest", manifest("sha256:" + std::string(64, 'a'), 5000)},
                          {"imageTag", "v1.2.3"}}));
  must(aws::json_request(aws::services::ecr, "PutImage",
                         {{"repositoryName", "team/api"}, {"imageManifest", manifest("sha256:" + std::string(64, 'b'), 7000)},
                          {"imageTag", "latest"}}));
  must(aws::json_request(aws::services::ecr, "StartImageScan",
                         {{"repositoryName", "team/api"}, {"imageId", {{"imageTag", "latest"}}}}));

  auto images = aws::describe_images(call, "team/api");
  ASSERT_TRUE(images.ok()) << images.error().describe();
  ASSERT_EQ(images->size(), 2u);
  std::map<std::string, aws::EcrImage> by_tag;
  for (const auto& i : *images) {
    ASSERT_EQ(i.tags.size(), 1u);
    by_tag[i.tags[0]] = i;
    EXPECT_EQ(i.repository, "team/api");
    EXPECT_TRUE(i.digest.starts_with("sha256:")) << i.digest;
    EXPECT_EQ(i.pushed_at.size(), 20u) << i.pushed_at;  // 2026-11-22T06:00:00Z
    EXPECT_GT(i.size_bytes, 0);
  }
  ASSERT_TRUE(by_tag.count("latest") && by_tag.count("v1.2.3"));
  EXPECT_NE(by_tag["latest"].digest, by_tag["v1.2.3"].digest);
  // moto leaves imageScanStatus out of DescribeImages; its parsing is in the unit tests.
  EXPECT_EQ(by_tag["latest"].raw.at("imageTags")[0], "latest");

  // By id, and a missing repository is an error value with the AWS code.
  auto one = client->call_sync(aws::describe_images_request("team/api", {{by_tag["v1.2.3"].digest, ""}}));
  ASSERT_TRUE(one.ok()) << one.error().describe();
  auto parsed = aws::parse_describe_images(one->body, nullptr);
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].tags, std::vector<std::string>{"v1.2.3"});
  auto missing = aws::describe_images(call, "no-such-repo");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "RepositoryNotFoundException");
}

TEST_F(ServicesMoto, EcrScanFindingsSeverityCountsAndFindings) {
  must(aws::json_request(aws::services::ecr, "CreateRepository", {{"repositoryName", "scan-me"}}));
  must(aws::json_request(aws::services::ecr, "PutImage",
                         {{"repositoryName", "scan-me"}, {"imageManifest", manifest("sha256:" + std::string(64, 'd'), 900)},
                          {"imageTag", "v9"}}));
  // Not scanned yet: ScanNotFoundException.
  auto before = aws::describe_image_scan_findings(call, "scan-me", {"", "v9"});
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error().code, "ScanNotFoundException");

  // moto serves configured findings (moto-api static results) once the image was scanned.
  nlohmann::json result = {
      {"registryId", "123456789012"},
      {"repositoryName", "scan-me"},
      {"imageId", {{"imageTag", "v9"}}},
      {"imageScanStatus", {{"status", "COMPLETE"}, {"description", "The scan was completed successfully."}}},
      {"imageScanFindings",
       {{"imageScanCompletedAt", 1767225600},
        {"findingSeverityCounts", {{"CRITICAL", 1}, {"HIGH", 2}, {"LOW", 3}}},
        {"findings",
         {{{"name", "CVE-2026-0001"}, {"severity", "CRITICAL"}, {"uri", "https://cve.example/0001"},
           {"description", "heap overflow in libfoo"},
           {"attributes", {{{"key", "package_name"}, {"value", "libfoo"}}, {{"key", "package_version"}, {"value", "1.0"}}}}},
          {{"name", "CVE-2026-0002"}, {"severity", "HIGH"}, {"attributes", nlohmann::json::array()}}}}}}};
  int status = shared_moto().post_admin("/moto-api/static/ecr/scan-finding-results",
                                        nlohmann::json{{"results", {result}}, {"region", "us-east-1"}}.dump());
  ASSERT_GE(status, 200);
  ASSERT_LT(status, 300);
  must(aws::json_request(aws::services::ecr, "StartImageScan",
                         {{"repositoryName", "scan-me"}, {"imageId", {{"imageTag", "v9"}}}}));

  auto f = aws::describe_image_scan_findings(call, "scan-me", {"", "v9"});
  ASSERT_TRUE(f.ok()) << f.error().describe();
  EXPECT_EQ(f->status, "COMPLETE");
  EXPECT_EQ(f->repository, "scan-me");
  EXPECT_EQ(f->tag, "v9");
  EXPECT_EQ(f->completed_at, "2026-01-01T00:00:00Z");
  EXPECT_EQ(f->severity_counts, (std::map<std::string, int>{{"CRITICAL", 1}, {"HIGH", 2}, {"LOW", 3}}));
  ASSERT_EQ(f->findings.size(), 2u);
  EXPECT_EQ(f->findings[0].name, "CVE-2026-0001");
  EXPECT_EQ(f->findings[0].severity, "CRITICAL");
  EXPECT_EQ(f->findings[0].package_name, "libfoo");
  EXPECT_EQ(f->findings[0].package_version, "1.0");
  EXPECT_EQ(f->findings[1].severity, "HIGH");
}

// ---------------------------------------------------------------- ElastiCache

TEST_F(ServicesMoto, ElastiCacheDescribeCacheClusters) {
  aws::AwsRequest create;
  create.service = &aws::services::elasticache;
  create.operation = "CreateCacheCluster";
  create.params = {{"CacheClusterId", "orders-redis"}, {"Engine", "redis"}, {"EngineVersion", "7.1"},
                   {"CacheNodeType", "cache.t4g.micro"}, {"NumCacheNodes", "1"}};
  must(create);
  create.params = {{"CacheClusterId", "sessions-mc"}, {"Engine", "memcached"},
                   {"CacheNodeType", "cache.t3.small"}, {"NumCacheNodes", "2"}};
  must(create);

  auto all = aws::describe_cache_clusters(call);
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 2u);
  std::map<std::string, aws::CacheCluster> by_id;
  for (const auto& c : *all) by_id[c.id] = c;
  ASSERT_TRUE(by_id.count("orders-redis") && by_id.count("sessions-mc"));
  const auto& r = by_id["orders-redis"];
  EXPECT_EQ(r.engine, "redis");
  EXPECT_EQ(r.engine_version, "7.1");
  EXPECT_EQ(r.node_type, "cache.t4g.micro");
  EXPECT_EQ(r.status, "available");
  EXPECT_EQ(r.num_nodes, 1);
  EXPECT_EQ(by_id["sessions-mc"].engine, "memcached");
  EXPECT_EQ(by_id["sessions-mc"].num_nodes, 2);
  EXPECT_EQ(r.raw.get().at("CacheClusterId"), "orders-redis");

  auto one = aws::describe_cache_clusters(call, "sessions-mc");
  ASSERT_TRUE(one.ok()) << one.error().describe();
  ASSERT_EQ(one->size(), 1u);
  auto none = aws::describe_cache_clusters(call, "no-such-cluster");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "CacheClusterNotFound");
}

// ---------------------------------------------------------------- Route 53

std::string create_zone(aws::AwsClient& client, const std::string& name) {
  aws::AwsRequest r;
  r.service = &aws::services::route53;
  r.operation = "CreateHostedZone";
  r.method = "POST";
  r.path = "/2013-04-01/hostedzone";
  r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CreateHostedZoneRequest "
           "xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Name>" + name +
           "</Name><CallerReference>opsdeck-" + name + "</CallerReference><HostedZoneConfig><Comment>on-call &amp; ops"
           "</Comment></HostedZoneConfig></CreateHostedZoneRequest>";
  auto res = client.call_sync(r);
  EXPECT_TRUE(res.ok()) << res.error().describe();
  if (!res) return "";
  pugi::xml_document doc;
  doc.load_string(res->body.c_str());
  return aws::route53_short_id(doc.document_element().child("HostedZone").child_value("Id"));
}

TEST_F(ServicesMoto, Route53ListHostedZones) {
  auto a = create_zone(*client, "clinic.example.com");
  auto b = create_zone(*client, "example.org");
  ASSERT_FALSE(a.empty());
  auto zones = aws::list_hosted_zones(call);
  ASSERT_TRUE(zones.ok()) << zones.error().describe();
  ASSERT_EQ(zones->size(), 2u);
  std::map<std::string, aws::HostedZone> by_name;
  for (const auto& z : *zones) by_name[z.name] = z;
  ASSERT_TRUE(by_name.count("clinic.example.com.")) << zones->front().name;
  EXPECT_EQ(by_name["clinic.example.com."].id, a);
  EXPECT_EQ(by_name["example.org."].id, b);
  EXPECT_EQ(by_name["clinic.example.com."].comment, "on-call & ops");
  EXPECT_FALSE(by_name["clinic.example.com."].private_zone);
  EXPECT_GE(by_name["clinic.example.com."].record_count, 2);  // SOA + NS
  EXPECT_EQ(a.find('/'), std::string::npos);
}

TEST_F(ServicesMoto, Route53UpsertAndListRoundTripWithAwkwardNames) {
  auto zone = create_zone(*client, "example.com");
  ASSERT_FALSE(zone.empty());
  // TXT values may hold spaces, unicode and + & = * ~ /; names may use _ and a leading *.
  const std::string txt = "\"v=spf1 include:_spf.example.com ~all é ü 漢 a+b&c=d*e~f/g\"";
  std::vector<aws::RecordChange> changes;
  aws::RecordSet a;
  a.name = "api.example.com";
  a.type = "A";
  a.ttl = 300;
  a.values = {"203.0.113.10", "203.0.113.11"};
  changes.push_back({"UPSERT", a});
  aws::RecordSet t;
  t.name = "_acme-challenge.example.com";
  t.type = "TXT";
  t.ttl = 60;
  t.values = {txt};
  changes.push_back({"UPSERT", t});
  aws::RecordSet w;
  w.name = "*.apps.example.com";
  w.type = "CNAME";
  w.ttl = 120;
  w.values = {"lb-1.example.net"};
  changes.push_back({"UPSERT", w});

  auto info = aws::change_resource_record_sets(call, zone, changes, "opsdeck test & more");
  ASSERT_TRUE(info.ok()) << info.error().describe();
  EXPECT_FALSE(info->id.empty());
  EXPECT_TRUE(info->status == "INSYNC" || info->status == "PENDING") << info->status;

  // UPSERT again changes the value in place.
  a.values = {"198.51.100.7"};
  ASSERT_TRUE(aws::change_resource_record_sets(call, zone, {{"UPSERT", a}}).ok());

  auto sets = aws::list_resource_record_sets(call, "/hostedzone/" + zone);
  ASSERT_TRUE(sets.ok()) << sets.error().describe();
  std::map<std::string, aws::RecordSet> by_key;
  for (const auto& s : *sets) by_key[aws::route53_unescape(s.name) + " " + s.type] = s;
  auto find = [&](const std::string& prefix, const std::string& type) -> const aws::RecordSet* {
    for (const auto& [k, v] : by_key)
      if (k.starts_with(prefix) && v.type == type) return &v;
    return nullptr;
  };
  const auto* ra = find("api.example.com", "A");
  ASSERT_NE(ra, nullptr);
  EXPECT_EQ(ra->values, std::vector<std::string>{"198.51.100.7"});
  EXPECT_EQ(ra->ttl, 300);
  const auto* rt = find("_acme-challenge.example.com", "TXT");
  ASSERT_NE(rt, nullptr);
  ASSERT_EQ(rt->values.size(), 1u);
  EXPECT_EQ(rt->values[0], txt);
  const auto* rw = find("*.apps.example.com", "CNAME");
  ASSERT_NE(rw, nullptr) << "names: " << sets->size();
  EXPECT_EQ(rw->values, std::vector<std::string>{"lb-1.example.net"});
  EXPECT_NE(find("example.com", "SOA"), nullptr);

  // DELETE removes it; a missing zone is an error value.
  ASSERT_TRUE(aws::change_resource_record_sets(call, zone, {{"DELETE", *rw}}).ok());
  auto after = aws::list_resource_record_sets(call, zone);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->size(), sets->size() - 1);
  auto bad = aws::list_resource_record_sets(call, "ZNOSUCHZONE");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "NoSuchHostedZone") << bad.error().describe();
}

TEST_F(ServicesMoto, Route53ChangeIsRefusedReadOnlyBeforeSending) {
  aws::ClientOptions o;
  o.region = shared_moto().region();
  o.endpoint_url = shared_moto().endpoint();
  o.readonly = true;
  aws::AwsClient ro(o, std::make_shared<aws::StaticCredentialsProvider>(shared_moto().credentials()));
  auto zone = create_zone(*client, "readonly.example.com");
  aws::RecordSet a;
  a.name = "x.readonly.example.com";
  a.type = "A";
  a.ttl = 60;
  a.values = {"192.0.2.1"};
  auto r = aws::change_resource_record_sets(aws::sync_caller(ro), zone, {{"UPSERT", a}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, aws::ErrorKind::ReadOnly);
  auto sets = aws::list_resource_record_sets(aws::sync_caller(ro), zone);  // reads still work
  ASSERT_TRUE(sets.ok()) << sets.error().describe();
  for (const auto& s : *sets) EXPECT_NE(s.type, "A");
}

}  // namespace
