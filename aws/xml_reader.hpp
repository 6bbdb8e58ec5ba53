#pragma once
// Reading AWS XML responses (EC2 query, awsQuery, REST-XML) with pugixml: parse a body into
// a document or an Error, read child text without null checks, and turn any element into
// JSON for the detail views (lists such as <item>/<member>/<DBInstance> become arrays).
// Pure functions; no I/O, no threads.

#include <pugixml.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>

#include "aws/lazy_document.hpp"
#include "aws/result.hpp"

namespace opsdeck::aws {

// Owns a parsed XML document. `root()` is the document element.
struct XmlDoc {
  std::shared_ptr<pugi::xml_document> doc;
  pugi::xml_node root() const { return doc->document_element(); }
};

// Parses `body`; an HTML page, truncated or empty XML is an ErrorKind::Parse error naming
// `operation` (e.g. "ec2:DescribeInstances").
Result<XmlDoc> parse_xml(std::string_view body, std::string_view operation);

// Text of the first child named `name` ("" when absent). Dotted paths walk down:
// text_at(inst, "instanceState.name").
std::string text_at(pugi::xml_node node, std::string_view path);
pugi::xml_node node_at(pugi::xml_node node, std::string_view path);
long long int_at(pugi::xml_node node, std::string_view path, long long fallback = 0);
double double_at(pugi::xml_node node, std::string_view path, double fallback = 0);
bool bool_at(pugi::xml_node node, std::string_view path, bool fallback = false);

// Deepest element nesting xml_to_json converts (AWS documents are < 20 deep).
inline constexpr int kMaxXmlDepth = 256;

// Converts an element's children to JSON: leaf -> string, repeated or list-wrapper
// children -> array, otherwise object. Attributes (xmlns) are dropped. Elements nested
// more than kMaxXmlDepth below `node` are an ErrorKind::Parse error naming `operation`
// ("response nested deeper than 256 levels; refusing to parse"), never a stack overflow.
Result<nlohmann::json> xml_to_json(pugi::xml_node node, std::string_view operation = {});

// Whether some element lies more than kMaxXmlDepth levels below `node`: exactly when
// xml_to_json(node) fails. Walks the subtree without recursion and builds nothing.
bool nested_too_deep(pugi::xml_node node);

// What xml_to_json(node) gives, built the first time it is read (aws/lazy_document.hpp).
// The nesting limit is checked now, so a response nested too deep is the same
// ErrorKind::Parse error at once; the conversion waits. The document keeps only the
// element's own XML text (about the size it had in the response; the parsed tree of a
// 1,000-instance page is three times that) and parses it again when first read.
Result<LazyDocument> lazy_xml_to_json(pugi::xml_node node, std::string_view operation = {});

}  // namespace opsdeck::aws
