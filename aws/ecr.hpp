#pragma once
// ECR (JSON 1.1, target prefix AmazonEC2ContainerRegistry_V20150921): the images of a
// repository and an image's scan findings. Builders and parsers are pure; the sync calls
// block the calling thread; the async list completes on the AsyncCaller's thread
// (AwsClient: its IO thread). Both operations page with nextToken.

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct EcrImage {
  std::string repository;
  std::string registry_id;
  std::string digest;                 // "sha256:..."
  std::vector<std::string> tags;      // empty for an untagged image
  std::string pushed_at;              // ISO-8601 UTC, "" when absent
  long long size_bytes = 0;           // imageSizeInBytes
  std::string scan_status;            // imageScanStatus.status: COMPLETE | IN_PROGRESS | FAILED ... ("" = never scanned)
  std::string scan_description;
  std::map<std::string, int> severity_counts;  // imageScanFindingsSummary.findingSeverityCounts
  nlohmann::json raw;
};

struct EcrFinding {
  std::string name;          // "CVE-2024-1234"
  std::string severity;      // CRITICAL | HIGH | MEDIUM | LOW | INFORMATIONAL | UNDEFINED
  std::string uri;
  std::string description;
  std::string package_name;     // attribute package_name, when given
  std::string package_version;  // attribute package_version, when given
};

struct EcrScanFindings {
  std::string repository;
  std::string digest;
  std::string tag;
  std::string status;              // imageScanStatus.status
  std::string status_description;
  std::string completed_at;        // imageScanCompletedAt
  std::map<std::string, int> severity_counts;
  std::vector<EcrFinding> findings;  // basic findings, then enhanced ones
  nlohmann::json raw;                // the first page's document
};

// One image in a DescribeImages / DescribeImageScanFindings request: by digest or by tag.
struct EcrImageId {
  std::string digest;
  std::string tag;
};

AwsRequest describe_images_request(const std::string& repository, const std::vector<EcrImageId>& ids = {});
// One page; `next_token` receives nextToken ("" at the end).
Result<std::vector<EcrImage>> parse_describe_images(std::string_view body, std::string* next_token);
Result<std::vector<EcrImage>> describe_images(const SyncCaller& call, const std::string& repository);
void describe_images_async(AsyncCaller call, const std::string& repository,
                           std::function<void(Result<std::vector<EcrImage>>)> done);

AwsRequest describe_image_scan_findings_request(const std::string& repository, const EcrImageId& id);
// One page, merged into `out` (counts and status from the first page, findings appended).
Result<std::string> parse_describe_image_scan_findings(std::string_view body, EcrScanFindings& out);
Result<EcrScanFindings> describe_image_scan_findings(const SyncCaller& call, const std::string& repository,
                                                     const EcrImageId& id);

}  // namespace opsdeck::aws
