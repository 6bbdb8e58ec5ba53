#include "aws/service_call.hpp"

#include <fmt/format.h>

namespace opsdeck::aws {

Result<nlohmann::json> parse_json_body(std::string_view body, std::string_view operation) {
  auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    Error e = make_error(ErrorKind::Parse,
                         fmt::format("response is not a JSON object ({} bytes received)",
                                     body.size()),
                         "check --endpoint-url points at an AWS endpoint");
    e.operation = std::string(operation);
    return e;
  }
  return j;
}

}  // namespace opsdeck::aws
