#include "aws/paginate.hpp"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

namespace opsdeck::aws {

std::string page_token(const HttpResponse& page, Protocol protocol, const std::string& output_name) {
  if (protocol == Protocol::Json10 || protocol == Protocol::Json11 || protocol == Protocol::RestJson) {
    auto j = nlohmann::json::parse(page.body, nullptr, false);
    if (!j.is_object()) return {};
    auto it = j.find(output_name);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  }
  pugi::xml_document doc;
  if (!doc.load_buffer(page.body.data(), page.body.size())) return {};
  pugi::xml_node root = doc.document_element();
  if (auto n = root.child(output_name.c_str())) return n.child_value();
  for (auto wrapper : root.children()) {  // <OpResult> (awsQuery) / <ListXResponse> (REST-XML)
    if (auto n = wrapper.child(output_name.c_str())) return n.child_value();
  }
  return {};
}

Result<int> paginate(AwsClient& client, AwsRequest request, const PageTokens& tokens,
                     const PageHandler& on_page, int max_pages) {
  const Protocol protocol = request.service->protocol;
  bool json = protocol == Protocol::Json10 || protocol == Protocol::Json11;
  std::string previous;
  int pages = 0;
  while (pages < max_pages) {
    auto r = client.call_sync(request);
    if (!r) return r.error();
    ++pages;
    if (!on_page(*r)) break;
    std::string token = page_token(*r, protocol, tokens.output);
    if (token.empty() || token == previous) break;
    previous = token;
    if (json) {
      request.input[tokens.input] = token;
    } else if (protocol == Protocol::RestXml || protocol == Protocol::RestJson) {
      std::erase_if(request.query, [&](const auto& kv) { return kv.first == tokens.input; });
      request.query.emplace_back(tokens.input, token);
    } else {
      std::erase_if(request.params, [&](const auto& kv) { return kv.first == tokens.input; });
      request.params.emplace_back(tokens.input, token);
    }
  }
  return pages;
}

}  // namespace opsdeck::aws
