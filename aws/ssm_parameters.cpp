#include "aws/ssm_parameters.hpp"

#include "aws/json_fields.hpp"

namespace opsdeck::aws {

namespace {
using nlohmann::json;
}  // namespace

AwsRequest describe_parameters_request() {
  return json_request(services::ssm, "DescribeParameters", {{"MaxResults", 50}});
}

AwsRequest get_parameter_request(const std::string& name, bool with_decryption) {
  return json_request(services::ssm, "GetParameter",
                      {{"Name", name}, {"WithDecryption", with_decryption}});
}

AwsRequest put_parameter_request(const std::string& name, const std::string& value,
                                 const std::string& type) {
  json in = {{"Name", name}, {"Value", value}, {"Overwrite", true}};
  if (!type.empty()) in["Type"] = type;
  return json_request(services::ssm, "PutParameter", std::move(in));
}

Result<std::vector<ParameterMeta>> parse_describe_parameters(std::string_view body,
                                                             std::string* next_token) {
  auto j = parse_json_body(body, "ssm:DescribeParameters");
  if (!j) return j.error();
  std::vector<ParameterMeta> out;
  for (const auto& p : jarr(*j, "Parameters")) {
    ParameterMeta m;
    m.name = jstr(p, "Name");
    m.type = jstr(p, "Type");
    m.version = jint(p, "Version");
    m.last_modified = jtime(p, "LastModifiedDate");
    m.last_modified_user = jstr(p, "LastModifiedUser");
    m.description = jstr(p, "Description");
    m.tier = jstr(p, "Tier");
    m.raw = p;
    m.raw.erase("Value");  // DescribeParameters has none; never keep one if it did
    out.push_back(std::move(m));
  }
  if (next_token) *next_token = jstr(*j, "NextToken");
  return out;
}

Result<ParameterValue> parse_get_parameter(std::string_view body) {
  auto j = parse_json_body(body, "ssm:GetParameter");
  if (!j) return j.error();
  const json& p = j->contains("Parameter") ? (*j)["Parameter"] : json::object();
  ParameterValue v;
  v.name = jstr(p, "Name");
  v.type = jstr(p, "Type");
  v.value = jstr(p, "Value");
  v.version = jint(p, "Version");
  return v;
}

void describe_parameters_async(AsyncCaller call,
                               std::function<void(Result<std::vector<ParameterMeta>>)> done) {
  paginate_async<std::vector<ParameterMeta>>(
      std::move(call), describe_parameters_request(),
      [](const std::string& body, std::vector<ParameterMeta>& o) -> Result<std::string> {
        std::string token;
        auto page = parse_describe_parameters(body, &token);
        if (!page) return page.error();
        for (auto& m : *page) o.push_back(std::move(m));
        return token;
      },
      [](AwsRequest& r, const std::string& t) { r.input["NextToken"] = t; }, std::move(done));
}

void get_parameter_async(AsyncCaller call, const std::string& name,
                         std::function<void(Result<ParameterValue>)> done) {
  call(get_parameter_request(name, true), [done = std::move(done)](Result<HttpResponse> r) {
    if (!r) return done(r.error());
    done(parse_get_parameter(r->body));
  });
}

}  // namespace opsdeck::aws
