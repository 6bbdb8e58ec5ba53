#include "app/ssm/session_context.hpp"

#include "aws/service.hpp"

namespace opsdeck::app {

ssh::SessionContext::Client session_client(const Config& config) {
  return config.ssm.client == SsmSettings::Client::Plugin ? ssh::SessionContext::Client::Plugin
                                                          : ssh::SessionContext::Client::Native;
}

ssh::SessionContext session_context(const Session& session, const Config& config) {
  ssh::SessionContext c{session.region(), session.profile_named() ? session.profile() : std::string(),
                        session.client().endpoint_for(aws::services::ssm)};
  c.client = session_client(config);
  return c;
}

}  // namespace opsdeck::app
