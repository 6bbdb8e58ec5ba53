#include "ssh/dotted_version.hpp"

#include <algorithm>
#include <vector>

namespace opsdeck::ssh {

namespace {

std::vector<long> parts(const std::string& v) {
  std::vector<long> out;
  long n = 0;
  bool any = false;
  for (char c : v) {
    if (c >= '0' && c <= '9') {
      if (n < 1'000'000'000) n = n * 10 + (c - '0');
      any = true;
    } else if (c == '.') {
      out.push_back(n);
      n = 0;
    } else {
      break;
    }
  }
  if (any || !out.empty()) out.push_back(n);
  return out;
}

}  // namespace

int compare_versions(const std::string& a, const std::string& b) {
  auto pa = parts(a), pb = parts(b);
  size_t n = std::max(pa.size(), pb.size());
  pa.resize(n, 0);
  pb.resize(n, 0);
  for (size_t i = 0; i < n; ++i)
    if (pa[i] != pb[i]) return pa[i] < pb[i] ? -1 : 1;
  return 0;
}

}  // namespace opsdeck::ssh
