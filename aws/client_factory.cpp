#include "aws/client_factory.hpp"

namespace opsdeck::aws {

Result<ClientBundle> make_client(const ClientSetup& setup) {
  CredentialOptions co;
  co.profile_flag = setup.profile;
  co.region_flag = setup.region;
  co.endpoint_url = setup.endpoint_url;
  co.mfa_prompt = setup.mfa_prompt;
  co.env = setup.env;
  auto resolved = make_default_setup(co);
  if (!resolved) return resolved.error();
  if (resolved->region.empty())
    return make_error(ErrorKind::Usage, "no AWS region configured for profile '" + resolved->profile + "'",
                      "pass --region, set AWS_REGION, or add 'region = ...' to the profile");
  ClientOptions o;
  o.region = resolved->region;
  o.profile = resolved->profile;
  o.endpoint_url = setup.endpoint_url;
  o.readonly = setup.readonly;
  o.env = setup.env;
  ClientBundle out;
  out.credentials = setup.credentials ? setup.credentials : resolved->credentials;
  out.client = std::make_unique<AwsClient>(o, out.credentials);
  out.profile = resolved->profile;
  out.region = resolved->region;
  return out;
}

}  // namespace opsdeck::aws
