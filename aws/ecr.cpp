#include "aws/ecr.hpp"

#include "aws/json_fields.hpp"

namespace opsdeck::aws {

namespace {

using nlohmann::json;

json image_id_json(const EcrImageId& id) {
  json j = json::object();
  if (!id.digest.empty()) j["imageDigest"] = id.digest;
  if (!id.tag.empty()) j["imageTag"] = id.tag;
  return j;
}

std::map<std::string, int> severity_counts(const json& j) {
  std::map<std::string, int> out;
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items())
    if (v.is_number_integer()) out[k] = v.get<int>();
  return out;
}

EcrImage parse_image(const json& d) {
  EcrImage x;
  x.repository = jstr(d, "repositoryName");
  x.registry_id = jstr(d, "registryId");
  x.digest = jstr(d, "imageDigest");
  x.tags = jstrings(d, "imageTags");
  x.pushed_at = jtime(d, "imagePushedAt");
  x.size_bytes = jint(d, "imageSizeInBytes");
  const auto& status = jobj(d, "imageScanStatus");
  x.scan_status = jstr(status, "status");
  x.scan_description = jstr(status, "description");
  x.severity_counts = severity_counts(jobj(jobj(d, "imageScanFindingsSummary"), "findingSeverityCounts"));
  x.raw = d;
  return x;
}

void set_next_token(AwsRequest& r, const std::string& t) { r.input["nextToken"] = t; }

}  // namespace

AwsRequest describe_images_request(const std::string& repository, const std::vector<EcrImageId>& ids) {
  json input = {{"repositoryName", repository}};
  if (!ids.empty()) {
    input["imageIds"] = json::array();
    for (const auto& id : ids) input["imageIds"].push_back(image_id_json(id));
  } else {
    input["maxResults"] = 1000;
  }
  return json_request(services::ecr, "DescribeImages", std::move(input));
}

Result<std::vector<EcrImage>> parse_describe_images(std::string_view body, std::string* next_token) {
  auto j = parse_json_body(body, "ecr:DescribeImages");
  if (!j) return j.error();
  std::vector<EcrImage> out;
  for (const auto& d : jarr(*j, "imageDetails")) out.push_back(parse_image(d));
  if (next_token) *next_token = jstr(*j, "nextToken");
  return out;
}

namespace {
Result<std::string> images_page(const std::string& body, std::vector<EcrImage>& out) {
  std::string token;
  auto page = parse_describe_images(body, &token);
  if (!page) return page.error();
  for (auto& i : *page) out.push_back(std::move(i));
  return token;
}
}  // namespace

Result<std::vector<EcrImage>> describe_images(const SyncCaller& call, const std::string& repository) {
  return paginate_sync<std::vector<EcrImage>>(call, describe_images_request(repository), images_page,
                                              set_next_token);
}

void describe_images_async(AsyncCaller call, const std::string& repository,
                           std::function<void(Result<std::vector<EcrImage>>)> done) {
  paginate_async<std::vector<EcrImage>>(std::move(call), describe_images_request(repository), images_page,
                                        set_next_token, std::move(done));
}

AwsRequest describe_image_scan_findings_request(const std::string& repository, const EcrImageId& id) {
  return json_request(services::ecr, "DescribeImageScanFindings",
                      {{"repositoryName", repository}, {"imageId", image_id_json(id)}, {"maxResults", 1000}});
}

Result<std::string> parse_describe_image_scan_findings(std::string_view body, EcrScanFindings& out) {
  auto j = parse_json_body(body, "ecr:DescribeImageScanFindings");
  if (!j) return j.error();
  const auto& findings = jobj(*j, "imageScanFindings");
  if (out.raw.is_null()) {
    out.repository = jstr(*j, "repositoryName");
    const auto& id = jobj(*j, "imageId");
    out.digest = jstr(id, "imageDigest");
    out.tag = jstr(id, "imageTag");
    const auto& status = jobj(*j, "imageScanStatus");
    out.status = jstr(status, "status");
    out.status_description = jstr(status, "description");
    out.completed_at = jtime(findings, "imageScanCompletedAt");
    out.severity_counts = severity_counts(jobj(findings, "findingSeverityCounts"));
    out.raw = *j;
  }
  for (const auto& f : jarr(findings, "findings")) {
    EcrFinding x;
    x.name = jstr(f, "name");
    x.severity = jstr(f, "severity");
    x.uri = jstr(f, "uri");
    x.description = jstr(f, "description");
    for (const auto& a : jarr(f, "attributes")) {
      if (jstr(a, "key") == "package_name") x.package_name = jstr(a, "value");
      if (jstr(a, "key") == "package_version") x.package_version = jstr(a, "value");
    }
    out.findings.push_back(std::move(x));
  }
  for (const auto& f : jarr(findings, "enhancedFindings")) {
    EcrFinding x;
    x.severity = jstr(f, "severity");
    x.description = jstr(f, "description");
    x.name = jstr(f, "title");
    const auto& vuln = jobj(f, "packageVulnerabilityDetails");
    if (x.name.empty()) x.name = jstr(vuln, "vulnerabilityId");
    x.uri = jstr(vuln, "sourceUrl");
    const auto& pkgs = jarr(vuln, "vulnerablePackages");
    if (!pkgs.empty()) {
      x.package_name = jstr(pkgs[0], "name");
      x.package_version = jstr(pkgs[0], "version");
    }
    out.findings.push_back(std::move(x));
  }
  return jstr(*j, "nextToken");
}

Result<EcrScanFindings> describe_image_scan_findings(const SyncCaller& call, const std::string& repository,
                                                     const EcrImageId& id) {
  return paginate_sync<EcrScanFindings>(
      call, describe_image_scan_findings_request(repository, id),
      [](const std::string& body, EcrScanFindings& out) { return parse_describe_image_scan_findings(body, out); },
      set_next_token);
}

}  // namespace opsdeck::aws
