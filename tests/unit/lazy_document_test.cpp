// LazyDocument (aws/lazy_document.hpp) and the EC2 rows' raw documents built with it: the
// document built on first read is the one xml_to_json gives at once, byte for byte, and
// copies of a row share that one build. RDS and ElastiCache rows keep theirs the same way.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "aws/ec2.hpp"
#include "aws/elasticache.hpp"
#include "aws/rds.hpp"
#include "aws/lazy_document.hpp"
#include "aws/xml_reader.hpp"
#include "tests/support/captured_response.hpp"

namespace opsdeck::aws {
namespace {

using nlohmann::json;
using testing::captured;

// Every instance's document as xml_to_json gives it straight from the response.
std::vector<json> eager_documents(const std::string& body) {
  auto doc = parse_xml(body, "ec2:DescribeInstances");
  EXPECT_TRUE(doc.ok());
  std::vector<json> out;
  for (auto res : doc->root().child("reservationSet").children("item"))
    for (auto item : res.child("instancesSet").children("item")) {
      auto raw = xml_to_json(item, "ec2:DescribeInstances");
      EXPECT_TRUE(raw.ok());
      out.push_back(raw ? *raw : json());
    }
  return out;
}

TEST(LazyDocument, DescribeInstancesDocumentsEqualTheEagerConversion) {
  const std::string body = captured("ec2_DescribeInstances.xml");
  const auto eager = eager_documents(body);
  auto page = parse_describe_instances(body);
  ASSERT_TRUE(page.ok()) << page.error().describe();
  ASSERT_EQ(page->instances.size(), eager.size());
  ASSERT_EQ(eager.size(), 4u);
  for (std::size_t i = 0; i < eager.size(); ++i) {
    const LazyDocument& raw = page->instances[i].raw;
    EXPECT_FALSE(raw.built()) << "parsing builds no document";
    EXPECT_EQ(raw.get(), eager[i]);
    EXPECT_EQ(raw.get().dump(2), eager[i].dump(2));  // what `d` prints
    EXPECT_TRUE(raw.built());
  }
}

// The documents of the <item> elements under `list` (a dotted path), converted eagerly.
std::vector<json> eager_at(const std::string& body, const std::string& list, const char* item) {
  auto doc = parse_xml(body, "t");
  EXPECT_TRUE(doc.ok());
  std::vector<json> out;
  for (auto n : node_at(doc->root(), list).children(item)) out.push_back(*xml_to_json(n));
  return out;
}

TEST(LazyDocument, RdsAndElastiCacheDocumentsEqualTheEagerConversion) {
  const std::string dbs_body = captured("rds_DescribeDBInstances.xml");
  auto dbs = parse_describe_db_instances(dbs_body, nullptr);
  ASSERT_TRUE(dbs.ok());
  auto eager_dbs = eager_at(dbs_body, "DescribeDBInstancesResult.DBInstances", "DBInstance");
  ASSERT_EQ(dbs->size(), eager_dbs.size());
  ASSERT_FALSE(eager_dbs.empty());
  for (std::size_t i = 0; i < eager_dbs.size(); ++i) EXPECT_EQ((*dbs)[i].raw.get().dump(), eager_dbs[i].dump());

  const std::string snaps_body = captured("rds_DescribeDBSnapshots.xml");
  auto snaps = parse_describe_db_snapshots(snaps_body, nullptr);
  ASSERT_TRUE(snaps.ok());
  auto eager_snaps = eager_at(snaps_body, "DescribeDBSnapshotsResult.DBSnapshots", "DBSnapshot");
  ASSERT_EQ(snaps->size(), eager_snaps.size());
  for (std::size_t i = 0; i < eager_snaps.size(); ++i) EXPECT_EQ((*snaps)[i].raw.get().dump(), eager_snaps[i].dump());

  const std::string caches_body = captured("elasticache_DescribeCacheClusters.xml");
  auto caches = parse_describe_cache_clusters(caches_body, nullptr);
  ASSERT_TRUE(caches.ok());
  auto eager_caches = eager_at(caches_body, "DescribeCacheClustersResult.CacheClusters", "CacheCluster");
  ASSERT_EQ(caches->size(), eager_caches.size());
  ASSERT_FALSE(eager_caches.empty());
  for (std::size_t i = 0; i < eager_caches.size(); ++i) EXPECT_EQ((*caches)[i].raw.get().dump(), eager_caches[i].dump());
}

TEST(LazyDocument, OutlivesTheResponseBodyAndThePage) {
  const std::string fixture = captured("ec2_DescribeInstances.xml");
  const auto eager = eager_documents(fixture);
  LazyDocument kept;
  {
    std::string body = fixture;
    auto page = parse_describe_instances(body);
    ASSERT_TRUE(page.ok());
    kept = page->instances.back().raw;
    body.assign(body.size(), 'x');  // the parsed response is a copy of its own
  }
  EXPECT_EQ(kept.get(), eager.back());
}

TEST(LazyDocument, CopiesShareOneBuild) {
  auto page = parse_describe_instances(captured("ec2_DescribeInstances.xml"));
  ASSERT_TRUE(page.ok());
  const Ec2Instance& first = page->instances.front();
  Ec2Instance copy = first;
  EXPECT_TRUE(copy.raw.shares_with(first.raw));
  EXPECT_FALSE(first.raw.built());
  const json& through_copy = copy.raw.get();
  EXPECT_TRUE(first.raw.built()) << "the copy's build is the original's";
  EXPECT_EQ(&first.raw.get(), &through_copy);
  EXPECT_FALSE(page->instances.back().raw.built()) << "other rows stay unbuilt";
}

TEST(LazyDocument, ConcurrentFirstReadsBuildOnce) {
  std::atomic<int> builds{0};
  auto doc = LazyDocument::deferred([&builds] {
    builds.fetch_add(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return json{{"built", true}};
  });
  std::vector<std::thread> readers;
  std::vector<const json*> seen(8, nullptr);
  for (std::size_t i = 0; i < seen.size(); ++i)
    readers.emplace_back([copy = doc, &seen, i] { seen[i] = &copy.get(); });
  for (auto& t : readers) t.join();
  EXPECT_EQ(builds.load(), 1);
  for (const json* s : seen) EXPECT_EQ(s, &doc.get());
  EXPECT_EQ(doc.get(), (json{{"built", true}}));
}

TEST(LazyDocument, FinishedValuesBracesAndDefault) {
  LazyDocument none;
  EXPECT_TRUE(none.get().is_null());
  EXPECT_TRUE(none.built());
  LazyDocument ready = json{{"a", 1}};
  EXPECT_TRUE(ready.built());
  EXPECT_EQ(ready.get(), (json{{"a", 1}}));
  // Braces read as nlohmann::json reads them: one pair is an object, not an array.
  LazyDocument braced = {{"DBSubnetGroup", {{"VpcId", "vpc-1"}}}};
  ASSERT_TRUE(braced.get().is_object());
  EXPECT_EQ(braced.get()["DBSubnetGroup"]["VpcId"], "vpc-1");
}

// The document is built from the element's own XML text: escapes, character references,
// CDATA, spaces in text, empty elements, attributes and prefixed names come back as the
// eager conversion gives them.
TEST(LazyDocument, ElementTextGivesTheEagerDocument) {
  auto doc = parse_xml(
      R"(<R xmlns="http://ec2.amazonaws.com/doc/2016-11-15/" xmlns:x="urn:x"><item a="1">)"
      R"(<name>a &amp; b &lt;c&gt; &#x2603;</name><script><![CDATA[if (a < b) echo "&";]]></script>)"
      R"(<spaced>  two  spaces  </spaced><empty/><x:tagged>t</x:tagged>)"
      R"(<tagSet><item><key>Name</key><value>web</value></item><item><key>k</key><value/></item></tagSet>)"
      R"(</item></R>)",
      "t");
  ASSERT_TRUE(doc.ok());
  const pugi::xml_node item = doc->root().child("item");
  auto lazy = lazy_xml_to_json(item, "t");
  ASSERT_TRUE(lazy.ok());
  const json eager = *xml_to_json(item);
  EXPECT_EQ(eager["name"], "a & b <c> \u2603");
  EXPECT_EQ(eager["script"], "if (a < b) echo \"&\";");
  EXPECT_EQ(eager["spaced"], "  two  spaces  ");
  doc = parse_xml("<gone/>", "t");  // the response's tree is not needed any more
  EXPECT_EQ(lazy->get(), eager);
}

TEST(LazyDocument, DepthCheckMatchesXmlToJsonAtTheLimit) {
  for (int depth : {kMaxXmlDepth - 1, kMaxXmlDepth, kMaxXmlDepth + 1, kMaxXmlDepth + 2}) {
    std::string xml;
    for (int i = 0; i < depth; ++i) xml += "<a>";
    xml += "x";
    for (int i = 0; i < depth; ++i) xml += "</a>";
    auto doc = parse_xml("<r>" + xml + "</r>", "t");
    ASSERT_TRUE(doc.ok());
    EXPECT_EQ(nested_too_deep(doc->root()), !xml_to_json(doc->root()).ok()) << depth;
    auto lazy = lazy_xml_to_json(doc->root(), "t");
    EXPECT_EQ(lazy.ok(), xml_to_json(doc->root()).ok()) << depth;
    if (lazy.ok()) {
      EXPECT_EQ(lazy->get(), *xml_to_json(doc->root()));
    }
  }
}

}  // namespace
}  // namespace opsdeck::aws
