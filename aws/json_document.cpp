#include "aws/json_document.hpp"

namespace opsdeck::aws {

Result<nlohmann::json> parse_json_document(std::string_view text, std::string_view origin) {
  nlohmann::json out;
  JsonProblem problem;
  if (read_json_text(text, out, problem)) return out;
  std::string message(origin);
  if (problem.kind == JsonProblem::Kind::Syntax)
    message += " is not valid JSON: " + problem.message + " (line " + std::to_string(problem.line) +
               ", column " + std::to_string(problem.column) + ")";
  else
    message += " " + problem.message;
  return make_error(ErrorKind::Parse, std::move(message));
}

Result<nlohmann::json> parse_config_json(std::string_view text, std::string_view file) {
  JsonReadOptions options;
  options.comments = true;
  options.quote_input = true;
  nlohmann::json out;
  JsonProblem problem;
  if (read_json_text(text, out, problem, options)) return out;
  return make_error(ErrorKind::Usage, file_problem_text(file, problem));
}

}  // namespace opsdeck::aws
