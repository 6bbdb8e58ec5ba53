#include "app/runbook/step_destination.hpp"

#include <cctype>

namespace opsdeck::app::runbook {

namespace {

bool plain_destination(const std::string& s) {
  if (s.empty() || s.front() == '-') return false;
  for (unsigned char c : s)
    if (!std::isalnum(c) && c != '.' && c != '_' && c != '-' && c != '@' && c != ':' && c != '[' && c != ']')
      return false;
  return true;
}

// `ec2-user@<ELASTIC_IP>` with ELASTIC_IP=1.2.3.4 -> `ec2-user@1.2.3.4`; the same for
// {name}, $NAME and ${NAME}.
aws::Result<std::string> fill_destination(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values)
    for (const std::string& spelling : {"<" + name + ">", "{" + name + "}", "${" + name + "}", "$" + name}) {
      for (auto at = text.find(spelling); at != std::string::npos; at = text.find(spelling, at + value.size())) {
        if (!plain_destination(value))
          return aws::make_error(aws::ErrorKind::Usage,
                                 "variable " + name + ": '" + value + "' is not a plain host name or address",
                                 "the host a step reaches with ssh may hold letters, digits and . _ - @ :");
        text.replace(at, spelling.size(), value);
      }
    }
  return text;
}

}  // namespace

aws::Result<StepDestination> step_destination(const Step& step, const std::string& chosen,
                                              const std::map<std::string, std::string>& values) {
  StepDestination d;
  if (step.where == StepWhere::Local) {
    d.target = "local";
    if (!chosen.empty() && chosen != "local")
      d.note = "a laptop step: it runs on this machine (the target " + chosen + " is for host steps)";
    return d;
  }
  if (!chosen.empty()) {
    d.target = chosen;
    return d;
  }
  const std::string& via = !step.ssh_host.empty() ? step.ssh_host : step.ssm_target;
  if (via.empty()) return d;
  auto host = fill_destination(via, values);
  if (!host) return host.error();
  if (!plain_destination(*host))
    return aws::make_error(aws::ErrorKind::Usage, "the step reaches '" + *host + "', which still needs a value",
                           "pass the host's variable with --var, or choose a target");
  d.target = (step.ssh_host.empty() ? "ssm:" : "ssh:") + *host;
  d.note = "the runbook reaches this host with " + std::string(step.ssh_host.empty() ? "aws ssm start-session" : "ssh");
  return d;
}

}  // namespace opsdeck::app::runbook
