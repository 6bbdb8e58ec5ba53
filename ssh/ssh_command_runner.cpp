#include "ssh/ssh_command_runner.hpp"

namespace opsdeck::ssh {

std::string SshCommandRunner::describe_target() const {
  const std::string user = host_.user.empty() ? client_.options().local_user : host_.user;
  return user + "@" + host_.hostname + ":" + std::to_string(host_.port) + " (ssh)";
}

}  // namespace opsdeck::ssh
