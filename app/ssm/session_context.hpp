#pragma once
// The Session Manager context of a session on screen or on the command line: its region,
// its named profile, its SSM endpoint, and which client runs sessions ("ssm.client" in the
// config: native unless it says "plugin"). Pure; any thread.

#include "app/config.hpp"
#include "app/session.hpp"
#include "ssh/ssm_session_plugin.hpp"

namespace opsdeck::app {

ssh::SessionContext::Client session_client(const Config& config);
ssh::SessionContext session_context(const Session& session, const Config& config);

}  // namespace opsdeck::app
