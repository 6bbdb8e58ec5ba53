#include "aws/arn.hpp"

namespace opsdeck::aws {

std::string account_of_arn(const std::string& arn) {
  if (!arn.starts_with("arn:")) return "";
  std::size_t at = 0;
  for (int field = 0; field < 4; ++field) {
    at = arn.find(':', at);
    if (at == std::string::npos) return "";
    ++at;
  }
  std::string account = arn.substr(at, arn.find(':', at) - at);
  if (account.size() != 12 || account.find_first_not_of("0123456789") != std::string::npos) return "";
  return account;
}

}  // namespace opsdeck::aws
