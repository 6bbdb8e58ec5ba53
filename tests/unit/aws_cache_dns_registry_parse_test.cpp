// Parsers and builders of aws/elasticache, aws/route53 and aws/ecr on documents in the
// services' documented shapes (what moto does not produce: node endpoints, truncated
// pages, octal-escaped names, enhanced findings).
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "aws/ecr.hpp"
#include "aws/elasticache.hpp"
#include "aws/mutating_operations.hpp"
#include "aws/route53.hpp"

namespace opsdeck::aws {
namespace {

TEST(ElastiCacheParse, EndpointFromConfigurationOrFirstNodeAndMarker) {
  const char* body = R"(<DescribeCacheClustersResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/">
  <DescribeCacheClustersResult><Marker>next-1</Marker><CacheClusters>
    <CacheCluster><CacheClusterId>mc</CacheClusterId><Engine>memcached</Engine><EngineVersion>1.6.22</EngineVersion>
      <CacheNodeType>cache.t3.small</CacheNodeType><CacheClusterStatus>available</CacheClusterStatus><NumCacheNodes>2</NumCacheNodes>
      <ConfigurationEndpoint><Address>mc.cfg.use1.cache.amazonaws.com</Address><Port>11211</Port></ConfigurationEndpoint>
      <CacheNodes><CacheNode><CacheNodeId>0001</CacheNodeId><Endpoint><Address>node1</Address><Port>11211</Port></Endpoint></CacheNode></CacheNodes>
    </CacheCluster>
    <CacheCluster><CacheClusterId>redis-001</CacheClusterId><Engine>redis</Engine><EngineVersion>7.1.0</EngineVersion>
      <CacheNodeType>cache.r7g.large</CacheNodeType><CacheClusterStatus>modifying</CacheClusterStatus><NumCacheNodes>1</NumCacheNodes>
      <ReplicationGroupId>redis</ReplicationGroupId><SnapshotRetentionLimit>5</SnapshotRetentionLimit>
      <CacheNodes><CacheNode><CacheNodeId>0001</CacheNodeId><Endpoint><Address>redis-001.abc.0001.use1.cache.amazonaws.com</Address><Port>6379</Port></Endpoint></CacheNode></CacheNodes>
    </CacheCluster>
    <CacheCluster><CacheClusterId>new</CacheClusterId><Engine>valkey</Engine><CacheClusterStatus>creating</CacheClusterStatus></CacheCluster>
  </CacheClusters></DescribeCacheClustersResult></DescribeCacheClustersResponse>)";
  std::string marker;
  auto r = parse_describe_cache_clusters(body, &marker);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ(marker, "next-1");
  EXPECT_EQ((*r)[0].endpoint, "mc.cfg.use1.cache.amazonaws.com:11211");
  EXPECT_EQ((*r)[0].num_nodes, 2);
  EXPECT_EQ((*r)[1].endpoint, "redis-001.abc.0001.use1.cache.amazonaws.com:6379");
  EXPECT_EQ((*r)[1].replication_group, "redis");
  EXPECT_EQ((*r)[1].snapshot_retention_days, 5);
  EXPECT_EQ((*r)[1].status, "modifying");
  EXPECT_EQ((*r)[2].endpoint, "");
  EXPECT_FALSE(parse_describe_cache_clusters("<html>portal</html>", nullptr).ok());

  auto req = describe_cache_clusters_request("mc");
  EXPECT_EQ(req.name(), "elasticache:DescribeCacheClusters");
  bool node_info = false;
  for (const auto& [k, v] : req.params) node_info = node_info || (k == "ShowCacheNodeInfo" && v == "true");
  EXPECT_TRUE(node_info);
}

TEST(Route53Parse, IdsNamesAndTruncatedPages) {
  EXPECT_EQ(route53_short_id("/hostedzone/Z1D633PJN98FT9"), "Z1D633PJN98FT9");
  EXPECT_EQ(route53_short_id("/change/C2682N5HXP0BZ4"), "C2682N5HXP0BZ4");
  EXPECT_EQ(route53_short_id("Z1"), "Z1");
  EXPECT_EQ(route53_unescape("\\052.example.com."), "*.example.com.");
  EXPECT_EQ(route53_unescape("a\\040b\\100c."), "a b@c.");
  EXPECT_EQ(route53_unescape("trailing\\05"), "trailing\\05");  // incomplete escape kept
  EXPECT_EQ(route53_unescape("\\999x"), "\\999x");               // not octal

  const char* zones = R"(<?xml version="1.0"?><ListHostedZonesResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
    <HostedZones><HostedZone><Id>/hostedzone/Z1</Id><Name>example.com.</Name><CallerReference>r1</CallerReference>
    <Config><Comment>prod</Comment><PrivateZone>true</PrivateZone></Config><ResourceRecordSetCount>7</ResourceRecordSetCount></HostedZone></HostedZones>
    <IsTruncated>true</IsTruncated><NextMarker>Z2</NextMarker><MaxItems>1</MaxItems></ListHostedZonesResponse>)";
  std::string next;
  auto z = parse_list_hosted_zones(zones, &next);
  ASSERT_TRUE(z.ok()) << z.error().describe();
  ASSERT_EQ(z->size(), 1u);
  EXPECT_EQ((*z)[0].id, "Z1");
  EXPECT_TRUE((*z)[0].private_zone);
  EXPECT_EQ((*z)[0].record_count, 7);
  EXPECT_EQ((*z)[0].comment, "prod");
  EXPECT_EQ(next, "Z2");

  const char* sets = R"(<ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ResourceRecordSets>
    <ResourceRecordSet><Name>\052.example.com.</Name><Type>A</Type><AliasTarget><HostedZoneId>Z35SXDOTRQ7X7K</HostedZoneId>
      <DNSName>lb-1.us-east-1.elb.amazonaws.com.</DNSName><EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>
    <ResourceRecordSet><Name>api.example.com.</Name><Type>A</Type><SetIdentifier>blue</SetIdentifier><Weight>10</Weight><TTL>60</TTL>
      <ResourceRecords><ResourceRecord><Value>192.0.2.1</Value></ResourceRecord><ResourceRecord><Value>192.0.2.2</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
    </ResourceRecordSets><IsTruncated>true</IsTruncated><NextRecordName>www.example.com.</NextRecordName><NextRecordType>CNAME</NextRecordType>
    <MaxItems>2</MaxItems></ListResourceRecordSetsResponse>)";
  auto s = parse_list_resource_record_sets(sets, &next);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ(route53_unescape((*s)[0].name), "*.example.com.");
  EXPECT_EQ((*s)[0].alias_target, "lb-1.us-east-1.elb.amazonaws.com.");
  EXPECT_EQ((*s)[0].ttl, 0);
  EXPECT_EQ((*s)[1].values, (std::vector<std::string>{"192.0.2.1", "192.0.2.2"}));
  EXPECT_EQ((*s)[1].weight, 10);
  EXPECT_EQ((*s)[1].set_identifier, "blue");
  EXPECT_EQ(next, "www.example.com.\nCNAME\n");
  // A document of another operation is a parse error, not an empty list.
  EXPECT_FALSE(parse_list_resource_record_sets(zones, nullptr).ok());
}

TEST(Route53Build, ChangeBatchIsEscapedXmlInTheModelsShape) {
  RecordSet txt;
  txt.name = "_x.example.com";
  txt.type = "TXT";
  txt.ttl = 60;
  txt.values = {"\"a <b> & c\""};
  RecordSet alias;
  alias.name = "www.example.com";
  alias.type = "A";
  alias.alias_target = "lb.example.net.";
  alias.alias_zone = "Z35SXDOTRQ7X7K";
  auto r = change_resource_record_sets_request("/hostedzone/Z9", {{"UPSERT", txt}, {"DELETE", alias}}, "why & how");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/2013-04-01/hostedzone/Z9/rrset/");
  EXPECT_TRUE(is_mutating(*r.service, r.operation));
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(r.body.c_str())) << r.body;
  auto root = doc.document_element();
  EXPECT_STREQ(root.name(), "ChangeResourceRecordSetsRequest");
  EXPECT_STREQ(root.attribute("xmlns").value(), "https://route53.amazonaws.com/doc/2013-04-01/");
  auto batch = root.child("ChangeBatch");
  EXPECT_STREQ(batch.child_value("Comment"), "why & how");
  auto first = batch.child("Changes").child("Change");
  EXPECT_STREQ(first.child_value("Action"), "UPSERT");
  EXPECT_STREQ(first.child("ResourceRecordSet").child("ResourceRecords").child("ResourceRecord").child_value("Value"),
               "\"a <b> & c\"");
  auto second = first.next_sibling("Change");
  EXPECT_STREQ(second.child("ResourceRecordSet").child("AliasTarget").child_value("DNSName"), "lb.example.net.");
  EXPECT_FALSE(second.child("ResourceRecordSet").child("TTL"));  // alias records carry no TTL

  auto list = list_resource_record_sets_request("/hostedzone/Z9");
  EXPECT_EQ(list.method, "GET");
  EXPECT_EQ(list.path, "/2013-04-01/hostedzone/Z9/rrset");
  EXPECT_FALSE(is_mutating(*list.service, list.operation));
}

TEST(EcrParse, ImagesAndEnhancedFindings) {
  const char* images = R"({"imageDetails":[{"registryId":"123456789012","repositoryName":"api","imageDigest":"sha256:ab",
    "imageTags":["v1","latest"],"imageSizeInBytes":52428800,"imagePushedAt":1767225600,
    "imageScanStatus":{"status":"COMPLETE","description":"done"},
    "imageScanFindingsSummary":{"findingSeverityCounts":{"CRITICAL":2,"LOW":1}}},
    {"repositoryName":"api","imageDigest":"sha256:cd"}],"nextToken":"t2"})";
  std::string token;
  auto r = parse_describe_images(images, &token);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].tags, (std::vector<std::string>{"v1", "latest"}));
  EXPECT_EQ((*r)[0].size_bytes, 52428800);
  EXPECT_EQ((*r)[0].pushed_at, "2026-01-01T00:00:00Z");
  EXPECT_EQ((*r)[0].scan_status, "COMPLETE");
  EXPECT_EQ((*r)[0].severity_counts.at("CRITICAL"), 2);
  EXPECT_TRUE((*r)[1].tags.empty());
  EXPECT_EQ((*r)[1].scan_status, "");
  EXPECT_EQ(token, "t2");

  const char* findings = R"({"repositoryName":"api","imageId":{"imageDigest":"sha256:ab","imageTag":"v1"},
    "imageScanStatus":{"status":"COMPLETE"},
    "imageScanFindings":{"findingSeverityCounts":{"HIGH":1},"enhancedFindings":[{"severity":"HIGH","title":"CVE-2026-7 - openssl",
      "description":"bad","packageVulnerabilityDetails":{"vulnerabilityId":"CVE-2026-7","sourceUrl":"https://nvd.example/7",
      "vulnerablePackages":[{"name":"openssl","version":"3.0.1"}]}}]}})";
  EcrScanFindings f;
  auto next = parse_describe_image_scan_findings(findings, f);
  ASSERT_TRUE(next.ok()) << next.error().describe();
  EXPECT_EQ(*next, "");
  ASSERT_EQ(f.findings.size(), 1u);
  EXPECT_EQ(f.findings[0].name, "CVE-2026-7 - openssl");
  EXPECT_EQ(f.findings[0].uri, "https://nvd.example/7");
  EXPECT_EQ(f.findings[0].package_name, "openssl");
  EXPECT_EQ(f.severity_counts.at("HIGH"), 1);
  EXPECT_EQ(f.digest, "sha256:ab");
  EcrScanFindings bad;
  EXPECT_FALSE(parse_describe_image_scan_findings("not json", bad).ok());
}

}  // namespace
}  // namespace opsdeck::aws
