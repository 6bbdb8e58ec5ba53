#include "aws/ssm_parameter_history.hpp"

#include "aws/json_fields.hpp"

namespace opsdeck::aws {

namespace {

Result<std::string> parse_page(const std::string& body, std::vector<ParameterVersion>& out) {
  std::string token;
  auto page = parse_get_parameter_history(body, &token);
  if (!page) return page.error();
  for (auto& v : *page) out.push_back(std::move(v));
  return token;
}

void set_token(AwsRequest& r, const std::string& t) { r.input["NextToken"] = t; }

}  // namespace

AwsRequest get_parameter_history_request(const std::string& name, bool with_decryption) {
  return json_request(services::ssm, "GetParameterHistory",
                      {{"Name", name}, {"WithDecryption", with_decryption}, {"MaxResults", 50}});
}

Result<std::vector<ParameterVersion>> parse_get_parameter_history(std::string_view body,
                                                                  std::string* next_token) {
  auto j = parse_json_body(body, "ssm:GetParameterHistory");
  if (!j) return j.error();
  std::vector<ParameterVersion> out;
  for (const auto& p : jarr(*j, "Parameters")) {
    ParameterVersion v;
    v.name = jstr(p, "Name");
    v.type = jstr(p, "Type");
    v.value = jstr(p, "Value");
    v.version = jint(p, "Version");
    v.last_modified = jtime(p, "LastModifiedDate");
    v.last_modified_user = jstr(p, "LastModifiedUser");
    v.description = jstr(p, "Description");
    for (const auto& l : jarr(p, "Labels"))
      if (l.is_string()) v.labels.push_back(l.get<std::string>());
    out.push_back(std::move(v));
  }
  if (next_token) *next_token = jstr(*j, "NextToken");
  return out;
}

void parameter_history_async(AsyncCaller call, const std::string& name, bool with_decryption,
                             std::function<void(Result<std::vector<ParameterVersion>>)> done) {
  paginate_async<std::vector<ParameterVersion>>(std::move(call), get_parameter_history_request(name, with_decryption),
                                                parse_page, set_token, std::move(done));
}

Result<std::vector<ParameterVersion>> parameter_history(const SyncCaller& call, const std::string& name,
                                                        bool with_decryption) {
  return paginate_sync<std::vector<ParameterVersion>>(call, get_parameter_history_request(name, with_decryption),
                                                      parse_page, set_token);
}

}  // namespace opsdeck::aws
