#include "aws/credential_provider.hpp"

namespace opsdeck::aws {

Error not_configured(std::string what) {
  Error e = make_error(ErrorKind::Credentials, std::move(what));
  e.code = kNotConfigured;
  return e;
}

bool is_not_configured(const Error& e) { return e.code == kNotConfigured; }

}  // namespace opsdeck::aws
