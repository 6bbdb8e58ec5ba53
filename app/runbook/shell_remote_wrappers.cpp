// peel_wrappers() for commands that run a command elsewhere: ssh (the remote command, and
// the local commands of ssh -o ProxyCommand and friends), kubectl/docker exec and run,
// aws ssm send-command (the AWS-RunShellScript `commands`) and aws ecs execute-command.

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "app/runbook/command_args.hpp"
#include "aws/json_document.hpp"
#include "app/runbook/shell_peeler.hpp"

namespace opsdeck::app::runbook {

using namespace command_args;

namespace {

// The first word from `i` that is not an option, skipping the values of `value_options`.
size_t skip_options(const std::vector<ShellWord>& w, size_t i, Names value_options) {
  while (i < w.size() && w[i].known && w[i].text.size() > 1 && w[i].text[0] == '-' &&
         w[i].text != "--") {
    const std::string& t = w[i].text;
    i += (t.find('=') == std::string::npos && in(t, value_options)) ? 2 : 1;
  }
  return i;
}

// The value of `--name V` or `--name=V` (as shell code) among words[from..], if given.
std::optional<std::string> option_value(const std::vector<ShellWord>& w, size_t from,
                                        std::string_view name) {
  for (size_t i = from; i < w.size(); ++i) {
    const std::string& t = w[i].text;
    if (t == name && i + 1 < w.size()) return w[i + 1].code;
    if (t.size() > name.size() && t.starts_with(name) && t[name.size()] == '=')
      return t.substr(name.size() + 1);
  }
  return std::nullopt;
}

// The shell commands under `key` in SSM parameters: JSON ({"commands":["…"]}) or the
// shorthand commands=["…","…"] / commands=… that the AWS CLI accepts. nullopt when the
// parameters cannot be read; an empty list when they hold no commands.
std::optional<std::vector<std::string>> ssm_commands(const std::string& parameters,
                                                     const std::string& key) {
  auto strings = [](const nlohmann::json& v) -> std::optional<std::vector<std::string>> {
    std::vector<std::string> out;
    if (v.is_string()) return std::vector<std::string>{v.get<std::string>()};
    if (!v.is_array()) return std::nullopt;
    for (const auto& e : v) {
      if (!e.is_string()) return std::nullopt;
      out.push_back(e.get<std::string>());
    }
    return out;
  };
  nlohmann::json json;
  aws::JsonProblem problem;
  if (aws::read_json_text(parameters, json, problem) && json.is_object()) {
    auto it = json.find(key);
    return it == json.end() ? std::vector<std::string>{} : strings(*it);
  }
  if (!parameters.starts_with(key + "=")) {
    if (parameters.find(key) == std::string::npos) return std::vector<std::string>{};
    return std::nullopt;
  }
  std::string value = parameters.substr(key.size() + 1);
  nlohmann::json list;
  if (aws::read_json_text(value, list, problem)) return strings(list);
  if (value.starts_with("[") && value.ends_with("]")) value = value.substr(1, value.size() - 2);
  return std::vector<std::string>{value};  // shorthand without quotes: one command
}

}  // namespace

void Peeler::peel_ssh(const ShellCommand& c) {
  const Words& w = c.words;
  const OptionSpec spec{"46AaCfGgKkMNnqsTtVvXxYy", "BbcDEeFIiJLlmOopQRSWw"};
  auto s = scan_options(w, 1, spec, "ssh");
  const size_t host = s.next;
  if (host < w.size()) {  // OpenSSH also reads options after the destination
    auto after = scan_options(w, host + 1, spec, "ssh");
    s.seen.insert(s.seen.end(), after.seen.begin(), after.seen.end());
    if (s.problem.empty()) s.problem = after.problem;
    s.next = after.next;
  }
  problem(s.problem);
  if (s.has({"-F"})) problem("ssh -F reads a config file opsdeck cannot see");
  if (s.has({"-E"})) problem("ssh -E writes a log file");
  for (const auto& [opt, value] : s.seen) {
    if (opt != "-o") continue;
    auto cut = value.find_first_of("= \t");
    std::string key = lower(value.substr(0, cut));
    auto start =
        cut == std::string::npos ? std::string::npos : value.find_first_not_of("= \t", cut);
    std::string rest = start == std::string::npos ? "" : value.substr(start);
    if (in(key, {"proxycommand", "localcommand", "knownhostscommand", "remotecommand"})) {
      script(c, rest, "ssh -o " + key, key == "remotecommand", key == "remotecommand");
      problem("ssh -o " + key + " runs a command");
    } else if (!in(key, {"stricthostkeychecking",
                         "userknownhostsfile",
                         "connecttimeout",
                         "batchmode",
                         "loglevel",
                         "serveraliveinterval",
                         "serveralivecountmax",
                         "port",
                         "user",
                         "identityfile",
                         "identitiesonly",
                         "connectionattempts",
                         "hostkeyalias",
                         "globalknownhostsfile",
                         "checkhostip",
                         "addressfamily",
                         "compression",
                         "requesttty",
                         "forwardagent",
                         "proxyjump",
                         "hostname",
                         "passwordauthentication",
                         "pubkeyauthentication",
                         "preferredauthentications",
                         "updatehostkeys",
                         "visualhostkey"})) {
      problem("ssh -o " + key + " is not understood");
    }
  }
  if (s.has({"-O", "-N", "-s", "-W", "-G"}) || host >= w.size()) return emit(c);
  const std::string via = "ssh " + w[host].text;
  if (s.next < w.size()) return script(c, joined_code(w, s.next), via, true);
  if (c.input.kind == StdinSource::Kind::Text) return script(c, c.input.code, via + " <<", true);
  if (c.input.kind == StdinSource::Kind::Unseen) {
    out_.unseen.emplace_back(c, "runs shell text from a pipe on " + w[host].text);
    return;
  }
  emit(c);  // an interactive session
}

// kubectl exec/run/debug, docker [container] exec/run, docker compose exec/run, docker-compose
// exec/run: the command after the pod, container, image or service runs there.
void Peeler::peel_exec_in(const ShellCommand& c, const std::string& name) {
  const Words& w = c.words;
  size_t v = 0;
  Names compose_values = {
      "-f",         "--file",    "-p",     "--project-name", "--project-directory",
      "--env-file", "--profile", "--ansi", "--progress",     "--parallel"};
  if (name == "kubectl") {
    v = skip_options(w, 1,
                     {"-n",
                      "--namespace",
                      "--context",
                      "--cluster",
                      "--user",
                      "-s",
                      "--server",
                      "--kubeconfig",
                      "--token",
                      "--as",
                      "--as-group",
                      "--as-uid",
                      "--request-timeout",
                      "-v",
                      "--v",
                      "--certificate-authority",
                      "--client-certificate",
                      "--client-key",
                      "--tls-server-name",
                      "--cache-dir",
                      "--username",
                      "--password"});
  } else {
    v = skip_options(w, 1,
                     name == "docker" ? Names{"-H", "--host", "-c", "--context", "--config", "-l",
                                              "--log-level", "--tlscacert", "--tlscert", "--tlskey"}
                                      : compose_values);
    if (name == "docker" && v < w.size() && w[v].known && w[v].text == "container") ++v;
    if (name == "docker" && v < w.size() && w[v].known && w[v].text == "compose")
      v = skip_options(w, v + 1, compose_values);
  }
  const std::string verb = v < w.size() && w[v].known ? w[v].text : "";
  if (!in(verb, {"exec", "run", "debug"}) || (verb == "debug" && name != "kubectl")) return emit(c);
  for (size_t i = 1; i < v; ++i)
    if (hidden_option(w[i]))
      problem("`" + w[i].text + "` may expand to " + name + " options opsdeck cannot see");
  // `run` creates something itself; its command is judged as well.
  if (verb != "exec") emit(c);
  size_t dashdash = v + 1;
  while (dashdash < w.size() && !(w[dashdash].known && w[dashdash].text == "--")) ++dashdash;
  if (name == "kubectl" && (dashdash < w.size() || verb != "exec")) {
    if (dashdash + 1 < w.size()) return run_rest(c, dashdash + 1, true);
    return verb == "exec" ? emit(c) : void();
  }
  size_t i = skip_options(w, v + 1,
                          {"-c",
                           "--container",
                           "-f",
                           "--filename",
                           "--pod-running-timeout",
                           "-e",
                           "--env",
                           "--env-file",
                           "-u",
                           "--user",
                           "-w",
                           "--workdir",
                           "--detach-keys",
                           "--index",
                           "-n",
                           "--namespace",
                           "--context",
                           "--entrypoint",
                           "--name",
                           "-p",
                           "--publish",
                           "-v",
                           "--volume",
                           "-l",
                           "--label",
                           "--network",
                           "--net",
                           "--mount",
                           "--add-host",
                           "--cap-add",
                           "--cap-drop",
                           "--cpus",
                           "-m",
                           "--memory",
                           "--restart",
                           "--platform",
                           "--pull",
                           "--log-driver",
                           "--log-opt",
                           "-h",
                           "--hostname",
                           "--dns",
                           "--device",
                           "--ulimit",
                           "--tmpfs",
                           "--security-opt",
                           "--pid",
                           "--ipc",
                           "--gpus",
                           "--runtime",
                           "--shm-size",
                           "--stop-signal",
                           "--stop-timeout",
                           "--label-file",
                           "--expose",
                           "--health-cmd",
                           "--health-interval",
                           "--health-timeout",
                           "--health-retries",
                           "--cgroupns",
                           "--userns",
                           "--uts",
                           "--volumes-from",
                           "--group-add",
                           "--init-path",
                           "--cidfile",
                           "--sysctl",
                           "--link",
                           "--ip",
                           "--ip6",
                           "--mac-address",
                           "-a",
                           "--attach",
                           "--cpu-shares",
                           "--cpuset-cpus",
                           "--memory-swap",
                           "--oom-score-adj",
                           "--pids-limit",
                           "--isolation"});
  if (i < w.size() && w[i].known && w[i].text == "--") ++i;
  for (size_t k = v + 1; k <= i && k < w.size();
       ++k)  // the options and the pod, container, image or service
    if (hidden_option(w[k]))
      problem("`" + w[k].text + "` may expand to " + name + " options opsdeck cannot see");
  if (auto health = option_value(w, v + 1, "--health-cmd"))
    script(c, *health, name + " --health-cmd", true, false);
  if (auto entry = option_value(
          w, v + 1, "--entrypoint")) {  // the entrypoint runs with the words after the image
    ShellCommand inner;
    inner.line = c.line;
    inner.input = c.input;
    inner.remote = true;
    inner.words.push_back({*entry, *entry, true, false, false});
    inner.words.insert(inner.words.end(), w.begin() + static_cast<long>(std::min(i + 1, w.size())),
                       w.end());
    name_command(inner);
    queue_.push_back(std::move(inner));
    return;
  }
  if (i + 1 < w.size()) return run_rest(c, i + 1, true);
  if (verb == "exec") emit(c);
}

// aws ssm send-command runs its `commands` parameter on instances; aws ecs execute-command
// runs --command in a container.
void Peeler::peel_aws(const ShellCommand& c) {
  const Words& w = c.words;
  auto skip_globals = [&](size_t from) {
    return skip_options(
        w, from,
        {"--region", "--profile", "--output", "--query", "--endpoint-url", "--color", "--ca-bundle",
         "--cli-read-timeout", "--cli-connect-timeout", "--cli-binary-format"});
  };
  const size_t s = skip_globals(1), o = skip_globals(s + 1);
  const std::string service = s < w.size() ? w[s].text : "", op = o < w.size() ? w[o].text : "";
  emit(c);
  if (service == "ecs" && op == "execute-command") {
    if (auto command = option_value(w, o + 1, "--command"))
      script(c, *command, "aws ecs execute-command", true);
    return;
  }
  if (service != "ssm" || (op != "send-command" && op != "start-session")) return;
  auto parameters = option_value(w, o + 1, "--parameters");
  if (!parameters) {
    if (op == "send-command")
      out_.unseen.emplace_back(c, "aws ssm send-command runs commands opsdeck cannot see");
    return;
  }
  auto commands = ssm_commands(*parameters, op == "send-command" ? "commands" : "command");
  if (!commands || parameters->starts_with("file://") ||
      parameters->find(kUnseenPrefix) != std::string::npos) {
    out_.unseen.emplace_back(c, "aws ssm " + op + " runs commands opsdeck cannot read");
    return;
  }
  std::string code;
  for (const auto& command : *commands) code += command + "\n";
  if (!code.empty()) script(c, code, "aws ssm " + op, true, false);
}

}  // namespace opsdeck::app::runbook
