#include "aws/xml_reader.hpp"

#include <cstdlib>
#include <vector>

#include <fmt/format.h>

namespace opsdeck::aws {

namespace {

// An element's text is kept in the element (no node of its own): a third less memory for
// AWS's text-only leaves, and faster to parse.
constexpr unsigned kParseFlags = pugi::parse_default | pugi::parse_embed_pcdata;

}  // namespace

Result<XmlDoc> parse_xml(std::string_view body, std::string_view operation) {
  auto doc = std::make_shared<pugi::xml_document>();
  auto res = doc->load_buffer(body.data(), body.size(), kParseFlags, pugi::encoding_utf8);
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

pugi::xml_node element_from(pugi::xml_node n) {
  while (n && n.type() != pugi::node_element) n = n.next_sibling();
  return n;
}

// One element being converted: its JSON (inside the parent's, which is complete only after
// this one is) and the next child element to convert.
struct Open {
  nlohmann::json* out;
  pugi::xml_node next;
  bool list;
};

Error nested_too_deep_error(std::string_view operation) {
  Error e = make_error(ErrorKind::Parse,
                       fmt::format("response nested deeper than {} levels; refusing to parse", kMaxXmlDepth),
                       "check --endpoint-url points at an AWS endpoint");
  e.operation = std::string(operation);
  return e;
}

}  // namespace

Result<nlohmann::json> xml_to_json(pugi::xml_node node, std::string_view operation) {
  // Depth-first with an explicit stack, so no document can exhaust the thread's stack; the
  // stack is also what bounds the depth.
  nlohmann::json root;
  std::vector<Open> stack;
  auto open = [&stack](pugi::xml_node n, nlohmann::json& out) {
    if (!has_element_children(n)) {
      // An element that usually holds a list but is empty (<tagSet/>) becomes "".
      out = std::string(n.child_value());
      return true;
    }
    if (stack.size() >= static_cast<std::size_t>(kMaxXmlDepth)) return false;
    bool list = is_list(n);
    out = list ? nlohmann::json::array() : nlohmann::json::object();
    stack.push_back({&out, element_from(n.first_child()), list});
    return true;
  };
  bool ok = open(node, root);
  while (ok && !stack.empty()) {
    Open& top = stack.back();
    pugi::xml_node c = top.next;
    if (!c) {
      stack.pop_back();
      continue;
    }
    top.next = element_from(c.next_sibling());
    nlohmann::json* slot = nullptr;
    if (top.list) {
      top.out->push_back(nullptr);
      slot = &top.out->back();
    } else {
      // Repeated names that is_list() did not take for a list become an array.
      nlohmann::json& named = (*top.out)[c.name()];
      if (named.is_null()) {
        slot = &named;
      } else {
        if (!named.is_array()) named = nlohmann::json::array({named});
        named.push_back(nullptr);
        slot = &named.back();
      }
    }
    ok = open(c, *slot);
  }
  if (ok) return root;
  return nested_too_deep_error(operation);
}

bool nested_too_deep(pugi::xml_node node) {
  // Depth-first by the tree's own links (first child, next sibling, parent), as xml_to_json
  // must not recurse either. xml_to_json refuses to open an element with element children
  // once kMaxXmlDepth are open, i.e. it fails exactly when an element is deeper than that.
  int depth = 0;
  pugi::xml_node n = node;
  for (;;) {
    if (pugi::xml_node child = n.first_child()) {
      n = child;
      ++depth;
    } else {
      while (n != node && !n.next_sibling()) {
        n = n.parent();
        --depth;
      }
      if (n == node) return false;
      n = n.next_sibling();
    }
    if (depth > kMaxXmlDepth && n.type() == pugi::node_element) return true;
  }
}

Result<LazyDocument> lazy_xml_to_json(pugi::xml_node node, std::string_view operation) {
  if (nested_too_deep(node)) return nested_too_deep_error(operation);
  struct Text : pugi::xml_writer {
    std::string xml;
    void write(const void* data, std::size_t size) override { xml.append(static_cast<const char*>(data), size); }
  } text;
  node.print(text, "", pugi::format_raw, pugi::encoding_utf8);
  return LazyDocument::deferred([xml = std::move(text.xml)] {
    pugi::xml_document element;
    element.load_buffer(xml.data(), xml.size(), kParseFlags, pugi::encoding_utf8);
    // Cannot fail: pugixml printed this element itself, and its depth was checked above.
    auto json = xml_to_json(element.document_element());
    return json ? std::move(*json) : nlohmann::json();
  });
}

}  // namespace opsdeck::aws
