#include "aws/credential_chain.hpp"

namespace opsdeck::aws {

Result<Credentials> ChainCredentialsProvider::get() {
  for (const auto& p : providers_) {
    auto r = p->get();
    if (r.ok()) return r;
    if (!is_not_configured(r.error())) return r;
  }
  Error e = make_error(ErrorKind::Credentials, "no AWS credentials found (tried " + name() + ")",
                       "set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, pass --profile, or run 'aws configure'");
  e.code = "NoCredentials";
  return e;
}

void ChainCredentialsProvider::invalidate() {
  for (const auto& p : providers_) p->invalidate();
}

std::string ChainCredentialsProvider::name() const {
  std::string out;
  for (const auto& p : providers_) {
    if (!out.empty()) out += ", ";
    out += p->name();
  }
  return out;
}

}  // namespace opsdeck::aws
