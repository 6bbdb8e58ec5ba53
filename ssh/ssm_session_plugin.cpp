#include "ssh/ssm_session_plugin.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <sstream>

#include "aws/ecs.hpp"
#include "aws/json_fields.hpp"
#include "aws/network_fence.hpp"
#include "ssh/dotted_version.hpp"
#include "ssh/program_lookup.hpp"

extern char** environ;

namespace opsdeck::ssh {

namespace {

// While the interactive plugin runs, SIGTERM and SIGHUP are passed on to it (it ends its
// session and puts back its terminal modes); once it has ended, the signal is raised again
// under the disposition from before, so opsdeck ends the way the signal says.
std::atomic<pid_t> g_plugin_pid{0};
volatile std::sig_atomic_t g_forwarded = 0;
constexpr int kForwardedSignals[] = {SIGTERM, SIGHUP};

void forward_to_plugin(int sig) {
  int saved = errno;
  g_forwarded = sig;
  pid_t pid = g_plugin_pid.load();
  if (pid > 0) ::kill(pid, sig);
  errno = saved;
}

// Runs argv (argv[0] a path: never searched on PATH) with extra env, waiting for it; stdout
// captured when `capture` is given. `interactive`: the plugin owns the terminal, so Ctrl-C,
// Ctrl-\ and Ctrl-Z are ignored here (it forwards them) and SIGTERM/SIGHUP are passed on.
// Returns the exit status, or -1 with errno set when exec failed.
int spawn_wait(const std::vector<std::string>& argv,
               const std::vector<std::pair<std::string, std::string>>& env, std::string* capture,
               bool interactive) {
  int pipefd[2] = {-1, -1};
  int errpipe[2] = {-1, -1};
  if (capture && ::pipe2(pipefd, O_CLOEXEC) != 0) return -1;
  if (::pipe2(errpipe, O_CLOEXEC) != 0) return -1;
  struct sigaction ign {
  }, old_int{}, old_quit{}, old_tstp{}, fwd{}, old_fwd[2]{};
  bool forwarding[2] = {false, false};
  ign.sa_handler = SIG_IGN;
  fwd.sa_handler = forward_to_plugin;
  sigemptyset(&fwd.sa_mask);
  if (interactive) {
    g_forwarded = 0;
    g_plugin_pid = 0;
    ::sigaction(SIGINT, &ign, &old_int);
    ::sigaction(SIGQUIT, &ign, &old_quit);
    ::sigaction(SIGTSTP, &ign, &old_tstp);
    for (int i = 0; i < 2; ++i) {
      // An ignored signal (nohup) stays ignored, for the plugin too.
      if (::sigaction(kForwardedSignals[i], nullptr, &old_fwd[i]) != 0 ||
          (!(old_fwd[i].sa_flags & SA_SIGINFO) && old_fwd[i].sa_handler == SIG_IGN))
        continue;
      forwarding[i] = ::sigaction(kForwardedSignals[i], &fwd, nullptr) == 0;
    }
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    if (interactive) {  // the plugin gets default dispositions back
      signal(SIGINT, SIG_DFL);
      signal(SIGQUIT, SIG_DFL);
      signal(SIGTSTP, SIG_DFL);
      for (int i = 0; i < 2; ++i)
        if (forwarding[i]) signal(kForwardedSignals[i], SIG_DFL);
    }
    if (capture) ::dup2(pipefd[1], 1);
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    int e = errno;
    [[maybe_unused]] auto w = ::write(errpipe[1], &e, sizeof e);
    ::_exit(127);
  }
  if (interactive && pid > 0) {
    g_plugin_pid = pid;
    if (g_forwarded != 0) ::kill(pid, g_forwarded);  // arrived before the pid was known
  }
  ::close(errpipe[1]);
  if (capture) {
    ::close(pipefd[1]);
    char buf[512];
    ssize_t n;
    while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
      if (n > 0) capture->append(buf, static_cast<size_t>(n));
    ::close(pipefd[0]);
  }
  int exec_errno = 0;
  ssize_t got;
  while ((got = ::read(errpipe[0], &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR) {
  }
  ::close(errpipe[0]);
  int status = 0;
  if (interactive && pid > 0) {
    // Waits without reaping, so the pid the handler may still signal cannot be reused yet.
    siginfo_t info{};
    while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR) {
    }
    g_plugin_pid = 0;
  }
  while (pid > 0 && ::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (interactive) {
    ::sigaction(SIGINT, &old_int, nullptr);
    ::sigaction(SIGQUIT, &old_quit, nullptr);
    ::sigaction(SIGTSTP, &old_tstp, nullptr);
    for (int i = 0; i < 2; ++i)
      if (forwarding[i]) ::sigaction(kForwardedSignals[i], &old_fwd[i], nullptr);
    if (g_forwarded != 0) ::raise(g_forwarded);  // now the previous disposition acts on it
  }
  if (pid < 0) return -1;
  if (got == static_cast<ssize_t>(sizeof exec_errno)) {
    errno = exec_errno;
    return -1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

aws::Result<int> hand_off(const aws::SyncCaller& call, const aws::SsmSession& session,
                          const SessionRequest& request, const SessionContext& context,
                          const std::string& plugin) {
  for (const std::string* url : {&session.stream_url, &context.ssm_endpoint})
    if (!url->empty() && !aws::url_allowed(*url)) {
      (void)aws::terminate_session(call, session.session_id);
      return aws::make_error(aws::ErrorKind::ReadOnly,
                             "session-manager-plugin not started: " + aws::fence_refusal(*url) + " (session " +
                                 session.session_id + " was terminated)",
                             aws::kFenceHint);
    }
  std::string version;
  (void)spawn_wait({plugin, "--version"}, {}, &version, false);
  auto launch = build_plugin_launch(session, request, context, version, plugin);
  int rc = spawn_wait(launch.argv, launch.env, nullptr, true);
  if (rc < 0) {
    std::string why = std::strerror(errno);
    (void)aws::terminate_session(call, session.session_id);
    return aws::make_error(aws::ErrorKind::Internal, "could not start " + plugin + ": " + why +
                                                         " (session " + session.session_id +
                                                         " was terminated)");
  }
  return rc;
}

}  // namespace

nlohmann::json session_parameters_json(const SessionRequest& request) {
  nlohmann::json j{{"Target", request.target}};
  if (!request.document.empty()) j["DocumentName"] = request.document;
  if (!request.parameters.empty()) j["Parameters"] = request.parameters;
  return j;
}

bool plugin_takes_env_response(const std::string& version) {
  std::string v;
  for (char c : version)
    if (!std::isspace(static_cast<unsigned char>(c))) v += c;
  static const std::regex valid(R"(^\d+(\.\d+){0,3}$)");
  if (!std::regex_match(v, valid)) return false;
  return compare_versions(v, "1.2.497.0") > 0;
}

PluginLaunch build_plugin_launch(const aws::SsmSession& session, const SessionRequest& request,
                                 const SessionContext& context, const std::string& plugin_version,
                                 const std::string& plugin_path) {
  nlohmann::json response{{"SessionId", session.session_id},
                          {"TokenValue", session.token},
                          {"StreamUrl", session.stream_url}};
  PluginLaunch out;
  std::string first = response.dump();
  if (plugin_takes_env_response(plugin_version)) {
    out.env.emplace_back(kSessionResponseEnv, first);
    first = kSessionResponseEnv;
  }
  out.argv = {plugin_path,         first,           context.region,
              "StartSession",      context.profile, session_parameters_json(request).dump(),
              context.ssm_endpoint};
  return out;
}

std::optional<std::string> find_session_plugin() {
  // A plugin planted in whatever directory opsdeck runs from would get the session token:
  // find_program() looks in $PATH's absolute directories only.
  return find_program(kSessionPluginName);
}

aws::Error missing_plugin_error() {
  return aws::make_error(aws::ErrorKind::Missing,
                         "session-manager-plugin is not installed (not found on PATH); SSM "
                         "sessions and port forwards need it",
                         "install AWS's Session Manager plugin: "
                         "https://docs.aws.amazon.com/systems-manager/latest/userguide/"
                         "session-manager-working-with-install-plugin.html "
                         "(Debian/Ubuntu: download session-manager-plugin.deb and `sudo dpkg -i "
                         "session-manager-plugin.deb`), "
                         "or connect with `opsdeck ssh` instead");
}

SessionRequest port_forward_request(const std::string& instance, const std::string& host, int port,
                                    int local_port) {
  SessionRequest r;
  r.target = instance;
  r.document = "AWS-StartPortForwardingSessionToRemoteHost";
  r.parameters["host"] = {host};
  r.parameters["portNumber"] = {std::to_string(port)};
  if (local_port > 0) r.parameters["localPortNumber"] = {std::to_string(local_port)};
  return r;
}

aws::Result<int> run_ssm_session(const aws::SyncCaller& call, const SessionRequest& request,
                                 const SessionContext& context) {
  auto plugin = find_session_plugin();
  if (!plugin) return missing_plugin_error();
  auto session = aws::start_session(call, request.target, request.document, request.parameters);
  if (!session) return session.error();
  return hand_off(call, *session, request, context, *plugin);
}

aws::Result<int> run_ecs_exec(const aws::SyncCaller& call, const std::string& cluster,
                              const std::string& task, const std::string& container,
                              const std::string& command, const SessionContext& context) {
  auto plugin = find_session_plugin();
  if (!plugin) return missing_plugin_error();
  auto tasks = aws::describe_tasks(call, cluster, {task});
  if (!tasks) return tasks.error();
  if (tasks->empty())
    return aws::make_error(aws::ErrorKind::NotFound, "no task " + task + " in cluster " + cluster);
  const auto& t = tasks->front();
  std::string runtime_id;
  for (const auto& c : aws::jarr(t.raw, "containers"))
    if (container.empty() || aws::jstr(c, "name") == container) {
      runtime_id = aws::jstr(c, "runtimeId");
      break;
    }
  auto session = aws::execute_command(call, cluster, task, command, container);
  if (!session) return session.error();
  SessionRequest request;
  request.target = "ecs:" + cluster + "_" + t.id + "_" + runtime_id;
  aws::SsmSession s{session->session_id, session->token, session->stream_url};
  return hand_off(call, s, request, context, *plugin);
}

}  // namespace opsdeck::ssh
