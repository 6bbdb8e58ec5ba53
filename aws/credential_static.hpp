#pragma once
// Fixed credentials (from flags, a test, or a source already resolved).

#include "aws/credential_provider.hpp"

namespace opsdeck::aws {

class StaticCredentialsProvider : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials creds) : creds_(std::move(creds)) {}
  Result<Credentials> get() override {
    if (creds_.empty()) return not_configured("no static credentials given");
    return creds_;
  }
  std::string name() const override { return creds_.source.empty() ? "static" : creds_.source; }

 private:
  Credentials creds_;
};

}  // namespace opsdeck::aws
