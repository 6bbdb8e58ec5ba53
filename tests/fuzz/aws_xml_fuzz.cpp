// libFuzzer target: the XML reader every EC2, awsQuery and REST-XML response goes through
// (aws/xml_reader.hpp): parse_xml, the path readers (text_at, int_at, double_at, bool_at)
// and xml_to_json, which turns any element into the JSON the detail views show. Any bytes
// must give a document or an Error, never a crash, a hang, a blown stack or a throw; the
// JSON must print.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "aws/xml_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

using opsdeck::fuzz::touch;

namespace {

// Paths the service parsers read, plus odd ones (empty parts, a trailing dot).
constexpr const char* kPaths[] = {
    "reservationSet.item.instancesSet.item.instanceId",
    "instanceState.name",
    "Errors.Error.Code",
    "Error.Message",
    "DescribeDBInstancesResult.Marker",
    "ResponseMetadata.RequestId",
    "",
    "..",
    "a.",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace opsdeck::aws;
  auto doc = parse_xml(opsdeck::fuzz::as_text(data, size), "fuzz:Xml");
  std::size_t n = touch(doc);
  if (doc.ok()) {
    pugi::xml_node root = doc->root();
    // Result<json> or json, whichever xml_to_json returns: touch reads both.
    auto whole = xml_to_json(root);
    n += touch(whole);
    for (const char* p : kPaths) {
      n += touch(text_at(root, p));
      n += static_cast<std::size_t>(int_at(root, p, -1));
      n += double_at(root, p, 0.5) > 0 ? 1 : 0;
      n += bool_at(root, p) ? 1 : 0;
      auto node = node_at(root, p);
      if (node) n += touch(xml_to_json(node));
    }
  }
  volatile std::size_t sink = n;
  (void)sink;
  return 0;
}
