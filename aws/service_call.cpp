#include "aws/service_call.hpp"

#include <fmt/format.h>

#include "aws/json_document.hpp"

namespace opsdeck::aws {

Result<nlohmann::json> parse_json_body(std::string_view body, std::string_view operation) {
  auto j = parse_json_document(body, "response");
  if (j && j->is_object()) return std::move(*j);
  Error e = make_error(ErrorKind::Parse,
                       j ? fmt::format("response is not a JSON object ({} bytes received)", body.size())
                         : j.error().message,
                       "check --endpoint-url points at an AWS endpoint");
  e.operation = std::string(operation);
  return e;
}

}  // namespace opsdeck::aws
