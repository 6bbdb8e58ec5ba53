#include "aws/credential_defaults.hpp"

#include "aws/credential_cache.hpp"
#include "aws/credential_chain.hpp"
#include "aws/credential_container.hpp"
#include "aws/credential_env.hpp"
#include "aws/credential_imds.hpp"
#include "aws/credential_profile.hpp"
#include "aws/credential_static.hpp"
#include "aws/shared_config.hpp"

namespace opsdeck::aws {

Result<ResolvedSetup> make_default_setup(const CredentialOptions& o) {
  auto loaded = SharedConfig::load(o.env);
  if (!loaded) return loaded.error();
  auto config = std::make_shared<const SharedConfig>(std::move(*loaded));
  ResolvedSetup out;
  out.profile = effective_profile(o.profile_flag, o.env);
  bool explicit_profile = !o.profile_flag.empty() || out.profile != "default";
  out.region = resolve_region(o.region_flag, o.env, config.get(), out.profile);

  std::vector<std::shared_ptr<CredentialsProvider>> chain;
  if (!o.static_credentials.empty()) chain.push_back(std::make_shared<StaticCredentialsProvider>(o.static_credentials));
  if (o.profile_flag.empty()) chain.push_back(std::make_shared<EnvCredentialsProvider>(o.env));
  ProfileOptions po;
  po.explicit_profile = explicit_profile;
  po.region = out.region;
  po.endpoint_url = o.endpoint_url;
  po.mfa_prompt = o.mfa_prompt;
  po.env = o.env;
  chain.push_back(std::make_shared<ProfileCredentialsProvider>(out.profile, config, po));
  chain.push_back(std::make_shared<ContainerCredentialsProvider>(o.env));
  chain.push_back(std::make_shared<ImdsCredentialsProvider>(o.env));
  out.credentials = std::make_shared<CachingCredentialsProvider>(std::make_shared<ChainCredentialsProvider>(chain));
  return out;
}

}  // namespace opsdeck::aws
