#include "aws/paginate.hpp"

#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"
#include "aws/page_tokens.hpp"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

namespace opsdeck::aws {

std::string page_token(const HttpResponse& page, Protocol protocol, const std::string& output_name) {
  if (protocol == Protocol::Json10 || protocol == Protocol::Json11 || protocol == Protocol::RestJson) {
    auto j = parse_json_document(page.body, "response");
    const nlohmann::json* token = j ? jfield(*j, output_name.c_str()) : nullptr;
    return token && token->is_string() ? jstr(*j, output_name.c_str()) : std::string();
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
  // GetLogEvents answers the end of a stream with the token it was sent.
  const bool echo_ends = tokens.output == "nextForwardToken";
  PageTokenGuard guard(request.name(), max_pages);
  int pages = 0;
  for (;;) {
    auto r = client.call_sync(request);
    if (!r) return r.error();
    ++pages;
    if (!on_page(*r)) break;
    std::string token = page_token(*r, protocol, tokens.output);
    if (echo_ends && guard.echoes_last(token)) break;
    if (auto fresh = guard.check(token); !fresh) return fresh.error();
    if (token.empty()) break;
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
