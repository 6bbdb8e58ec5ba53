#pragma once
// Tries providers in order; the first that yields credentials wins. A provider that does
// not apply (is_not_configured) is skipped; any other failure is returned at once.
// When none applies: ErrorKind::Credentials with a hint listing the sources tried.

#include <memory>
#include <vector>

#include "aws/credential_provider.hpp"

namespace opsdeck::aws {

class ChainCredentialsProvider : public CredentialsProvider {
 public:
  explicit ChainCredentialsProvider(std::vector<std::shared_ptr<CredentialsProvider>> providers)
      : providers_(std::move(providers)) {}
  Result<Credentials> get() override;
  void invalidate() override;
  std::string name() const override;

 private:
  std::vector<std::shared_ptr<CredentialsProvider>> providers_;
};

}  // namespace opsdeck::aws
