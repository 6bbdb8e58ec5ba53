#include "aws/regions.hpp"

#include <algorithm>
#include <cctype>

namespace opsdeck::aws {

const std::vector<std::string>& known_regions() {
  static const std::vector<std::string> regions{
      "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2",      "ca-central-1",
      "ca-west-1",      "eu-west-1",      "eu-west-2",      "eu-west-3",      "eu-central-1",
      "eu-central-2",   "eu-north-1",     "eu-south-1",     "eu-south-2",     "ap-south-1",
      "ap-south-2",     "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
      "ap-southeast-5", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
      "ap-east-1",      "ap-east-2",      "sa-east-1",      "mx-central-1",   "af-south-1",
      "me-south-1",     "me-central-1",   "il-central-1",   "cn-north-1",     "cn-northwest-1",
      "us-gov-west-1",  "us-gov-east-1"};
  return regions;
}

bool region_well_formed(std::string_view region) {
  // word ("-" word)* "-" digits, at least three parts, lower-case letters only in words.
  int parts = 0;
  size_t at = 0;
  while (at <= region.size()) {
    size_t dash = region.find('-', at);
    std::string_view part = region.substr(at, dash == std::string_view::npos ? std::string_view::npos : dash - at);
    if (part.empty()) return false;
    const bool last = dash == std::string_view::npos;
    auto ok = last ? [](unsigned char c) { return std::isdigit(c) != 0; }
                   : [](unsigned char c) { return c >= 'a' && c <= 'z'; };
    if (!std::all_of(part.begin(), part.end(), ok)) return false;
    ++parts;
    if (last) break;
    at = dash + 1;
  }
  return parts >= 3;
}

bool region_known(std::string_view region) {
  const auto& all = known_regions();
  return std::find(all.begin(), all.end(), region) != all.end();
}

}  // namespace opsdeck::aws
