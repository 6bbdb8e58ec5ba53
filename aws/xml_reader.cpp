#include "aws/xml_reader.hpp"

#include <cstdlib>

#include <fmt/format.h>

namespace opsdeck::aws {

Result<XmlDoc> parse_xml(std::string_view body, std::string_view operation) {
  auto doc = std::make_shared<pugi::xml_document>();
  auto res = doc->load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  Error e = make_error(ErrorKind::Parse, "", "check --endpoint-url points at an AWS endpoint");
  e.operation = std::string(operation);
  if (!res) {
    e.message = fmt::format("response is not valid XML ({} at byte {}, {} bytes received)",
                            res.description(), res.offset, body.size());
    return e;
  }
  if (!doc->document_element()) {
    e.message = "response has no XML document element";
    return e;
  }
  std::string_view rootname = doc->document_element().name();
  if (rootname == "html" || rootname == "HTML") {
    e.message = "response is an HTML page, not an AWS XML document";
    return e;
  }
  return XmlDoc{std::move(doc)};
}

pugi::xml_node node_at(pugi::xml_node node, std::string_view path) {
  while (node && !path.empty()) {
    auto dot = path.find('.');
    std::string part(path.substr(0, dot));
    node = node.child(part.c_str());
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  }
  return node;
}

std::string text_at(pugi::xml_node node, std::string_view path) {
  return node_at(node, path).child_value();
}

long long int_at(pugi::xml_node node, std::string_view path, long long fallback) {
  auto n = node_at(node, path);
  if (!n || !*n.child_value()) return fallback;
  char* end = nullptr;
  long long v = std::strtoll(n.child_value(), &end, 10);
  return end && *end == '\0' ? v : fallback;
}

double double_at(pugi::xml_node node, std::string_view path, double fallback) {
  auto n = node_at(node, path);
  if (!n || !*n.child_value()) return fallback;
  char* end = nullptr;
  double v = std::strtod(n.child_value(), &end);
  return end && *end == '\0' ? v : fallback;
}

bool bool_at(pugi::xml_node node, std::string_view path, bool fallback) {
  std::string_view v = node_at(node, path).child_value();
  if (v == "true") return true;
  if (v == "false") return false;
  return fallback;
}

namespace {

bool has_element_children(pugi::xml_node n) {
  for (auto c : n.children())
    if (c.type() == pugi::node_element) return true;
  return false;
}

// A list wrapper: every element child has one name and either that name is a list item
// name, or there are several, or the wrapper's name is the item name made plural
// (DBInstances/DBInstance, TagList/Tag, VpcSecurityGroups/VpcSecurityGroupMembership).
bool is_list(pugi::xml_node n) {
  std::string_view first;
  int count = 0;
  for (auto c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    if (count++ == 0) first = c.name();
    else if (first != c.name()) return false;
  }
  if (count == 0) return false;
  if (first == "item" || first == "member") return true;
  if (count > 1) return true;
  std::string_view parent = n.name();
  std::string_view stem = parent;
  if (stem.ends_with("List")) stem.remove_suffix(4);
  else if (stem.ends_with("Set")) stem.remove_suffix(3);
  else if (stem.ends_with("s")) stem.remove_suffix(1);
  return !stem.empty() && (first.starts_with(stem) || parent.starts_with(first));
}

}  // namespace

nlohmann::json xml_to_json(pugi::xml_node node) {
  if (!has_element_children(node)) {
    // An element that usually holds a list but is empty (<tagSet/>) becomes "".
    return std::string(node.child_value());
  }
  if (is_list(node)) {
    auto arr = nlohmann::json::array();
    for (auto c : node.children())
      if (c.type() == pugi::node_element) arr.push_back(xml_to_json(c));
    return arr;
  }
  auto obj = nlohmann::json::object();
  for (auto c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    auto& slot = obj[c.name()];
    auto v = xml_to_json(c);
    if (slot.is_null()) slot = std::move(v);
    else {
      if (!slot.is_array()) slot = nlohmann::json::array({slot});
      slot.push_back(std::move(v));
    }
  }
  return obj;
}

}  // namespace opsdeck::aws
