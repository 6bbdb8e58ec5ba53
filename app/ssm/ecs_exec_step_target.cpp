#include "app/ssm/ecs_exec_step_target.hpp"

#include "aws/granted_caller.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "app/runbook/local_shell_target.hpp"
#include "app/runbook/variables.hpp"
#include "app/ssm/instance_lookup.hpp"
#include "aws/ecs.hpp"
#include "aws/json_fields.hpp"
#include "aws/service.hpp"
#include "app/ssm/session_context.hpp"
#include "ssh/ssm/agent_message.hpp"
#include "ssh/ssm/session_start.hpp"
#include "ssh/ssm_session_plugin.hpp"

namespace opsdeck::app {

namespace {

// Finds "WORD=N" on a line of its own in a stream of terminal output (chunks may split it
// anywhere), keeps N and passes everything else through. WORD is random per step, so the
// script's own output cannot forge it.
class ExitMarker {
 public:
  ExitMarker() : word_("__opsdeck_exit_" + ssh::ssm::MessageId::random().text().substr(0, 8)) {}
  const std::string& word() const { return word_; }
  std::optional<int> exit_code() const { return code_; }

  // Output to show; a line that could still become the marker is held back.
  std::string feed(std::string_view d) {
    pending_.append(d);
    std::string shown;
    size_t nl;
    while ((nl = pending_.find('\n')) != std::string::npos) {
      std::string line = pending_.substr(0, nl + 1);
      pending_.erase(0, nl + 1);
      if (!take(line)) shown += line;
    }
    if (word_.rfind(pending_.substr(0, word_.size()), 0) != 0 && pending_.rfind(word_, 0) != 0) {
      shown += pending_;  // cannot be the marker: no need to wait for its end
      pending_.clear();
    }
    return shown;
  }
  std::string finish() {
    std::string rest = std::move(pending_);
    pending_.clear();
    if (take(rest)) return {};
    return rest;
  }

 private:
  bool take(const std::string& line) {
    std::string l = line;
    while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.pop_back();
    if (l.rfind(word_ + "=", 0) != 0) return false;
    std::string n = l.substr(word_.size() + 1);
    if (n.empty() || n.size() > 3 || n.find_first_not_of("0123456789") != std::string::npos) return false;
    code_ = std::stoi(n);
    return true;
  }
  std::string word_;
  std::string pending_;
  std::optional<int> code_;
};

class EcsExecStepTarget : public runbook::StepTarget {
 public:
  EcsExecStepTarget(std::shared_ptr<Session> session, EcsTaskRef ref, std::string read_only_grant,
                    ssh::SessionContext::Client client)
      : session_(std::move(session)), ref_(std::move(ref)), grant_(std::move(read_only_grant)), client_(client) {}

  std::string name() const override {
    return "ecs:" + ref_.cluster + "/" + ref_.task + (ref_.container.empty() ? "" : "/" + ref_.container);
  }
  std::string describe() const override {
    return "ECS task " + ref_.task + " in cluster " + ref_.cluster +
           (ref_.container.empty() ? "" : ", container " + ref_.container) +
           (client_ == ssh::SessionContext::Client::Plugin ? " (ExecuteCommand + session-manager-plugin)"
                                                           : " (ExecuteCommand)");
  }

  aws::Result<runbook::StepOutcome> run(const std::string& script, const runbook::OutputCallback& on_output,
                                        const std::atomic<bool>* cancel) override {
    if (client_ == ssh::SessionContext::Client::Native) return run_native(script, on_output, cancel);
    auto plugin = ssh::find_session_plugin();
    if (!plugin) return ssh::missing_plugin_error();
    auto call = aws::sync_caller(session_->client());
    if (!grant_.empty()) call = aws::grant_once(call, {"ecs:ExecuteCommand", grant_});
    auto tasks = aws::describe_tasks(call, ref_.cluster, {ref_.task});
    if (!tasks) return tasks.error();
    if (tasks->empty())
      return aws::make_error(aws::ErrorKind::NotFound, "no task " + ref_.task + " in cluster " + ref_.cluster);
    std::string runtime_id;
    for (const auto& c : aws::jarr(tasks->front().raw, "containers"))
      if (ref_.container.empty() || aws::jstr(c, "name") == ref_.container) {
        runtime_id = aws::jstr(c, "runtimeId");
        break;
      }
    std::string command = "/bin/sh -c " + runbook::shell_quote(script);
    auto session = aws::execute_command(call, ref_.cluster, ref_.task, command, ref_.container);
    if (!session) return session.error();

    // The plugin's version decides whether it takes the response from the environment.
    std::string version;
    runbook::LocalShellTarget shell(false);
    (void)shell.run(runbook::shell_quote(*plugin) + " --version",
                    [&version](runbook::OutputStream s, std::string_view d) {
                      if (s == runbook::OutputStream::Stdout) version.append(d);
                    },
                    nullptr);
    ssh::SessionRequest request;
    request.target = "ecs:" + ref_.cluster + "_" + tasks->front().id + "_" + runtime_id;
    ssh::SessionContext context{session_->region(), session_->profile_named() ? session_->profile() : std::string(),
                                session_->client().endpoint_for(aws::services::ssm)};
    context.client = client_;
    aws::SsmSession s{session->session_id, session->token, session->stream_url};
    auto launch = ssh::build_plugin_launch(s, request, context, version, *plugin);

    // The plugin's secrets (session token) reach it through 0600 files the launcher reads
    // and removes, never through a command line another user could read in ps.
    std::string launcher;
    std::vector<std::string> secret_files;
    auto remove_files = [&secret_files] {
      for (const auto& f : secret_files) ::unlink(f.c_str());  // those the shell never read
    };
    const char* tmpdir = std::getenv("TMPDIR");
    const std::string dir = tmpdir && tmpdir[0] == '/' ? tmpdir : "/tmp";
    for (const auto& [k, v] : launch.env) {
      std::string path = dir + "/opsdeck-ecs-XXXXXX";
      int fd = ::mkstemp(path.data());  // 0600, O_EXCL
      if (fd < 0) {
        remove_files();
        return aws::make_error(aws::ErrorKind::Internal, "cannot create a temp file for the session in " + dir,
                               "check that TMPDIR (or /tmp) exists and is writable");
      }
      secret_files.push_back(path);
      bool ok = ::write(fd, v.data(), v.size()) == static_cast<ssize_t>(v.size());
      ::close(fd);
      if (!ok) {
        remove_files();
        return aws::make_error(aws::ErrorKind::Internal, "cannot write the session temp file in " + dir);
      }
      launcher += k + "=\"$(cat " + runbook::shell_quote(path) + ")\"; rm -f " + runbook::shell_quote(path) +
                  "; export " + k + "; ";
    }
    launcher += "exec";
    for (const auto& a : launch.argv) launcher += " " + runbook::shell_quote(a);
    auto out = shell.run(launcher, on_output, cancel);
    remove_files();
    return out;
  }

 private:
  aws::Result<runbook::StepOutcome> run_native(const std::string& script, const runbook::OutputCallback& on_output,
                                               const std::atomic<bool>* cancel) {
    auto call = aws::sync_caller(session_->client());
    if (!grant_.empty()) call = aws::grant_once(call, {"ecs:ExecuteCommand", grant_});
    // ECS Exec reports no exit status (the session is a terminal), so the script reports its
    // own on the way out, on a line of its own that is taken out of the output.
    ExitMarker marker;
    ssh::ssm::CommandStreams streams;
    streams.on_stdout = [&](std::string_view d) {
      std::string shown = marker.feed(d);
      if (!shown.empty()) on_output(runbook::OutputStream::Stdout, shown);
    };
    streams.on_stderr = [&on_output](std::string_view d) { on_output(runbook::OutputStream::Stderr, d); };
    streams.cancelled = [cancel] { return cancel && cancel->load(); };
    auto started = std::chrono::steady_clock::now();
    const std::string wrapped = "trap 'printf \"\\n" + marker.word() + "=%d\\n\" $?' EXIT\n" + script;
    auto rc = ssh::ssm::run_ecs_exec_command(call, ref_.cluster, ref_.task, ref_.container,
                                             "/bin/sh -c " + runbook::shell_quote(wrapped), streams);
    if (std::string rest = marker.finish(); !rest.empty()) on_output(runbook::OutputStream::Stdout, rest);
    runbook::StepOutcome out;
    out.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    if (!rc && rc.error().kind == aws::ErrorKind::Cancelled) {
      out.cancelled = true;
      out.exit_code = 130;
      return out;
    }
    if (!rc) return rc.error();
    if (!marker.exit_code())
      return aws::make_error(aws::ErrorKind::Network,
                             "the step's exit status did not come back from " + name() +
                                 " (the session ended before the script finished, or output was cut)",
                             "check the task and run the step again; it may or may not have completed");
    out.exit_code = *marker.exit_code();
    return out;
  }

  std::shared_ptr<Session> session_;
  EcsTaskRef ref_;
  std::string grant_;  // non-empty: the gate proved the step read-only (one ExecuteCommand)
  ssh::SessionContext::Client client_;
};

}  // namespace

aws::Result<EcsTaskRef> parse_ecs_task_ref(const std::string& id) {
  EcsTaskRef r;
  auto a = id.find('/');
  auto b = a == std::string::npos ? std::string::npos : id.find('/', a + 1);
  if (a == std::string::npos || a == 0 || a + 1 >= id.size() || b == a + 1 ||
      (b != std::string::npos && (b + 1 >= id.size() || id.find('/', b + 1) != std::string::npos)))
    return aws::make_error(aws::ErrorKind::Usage, "bad ECS target 'ecs:" + id + "'",
                           "use ecs:CLUSTER/TASK_ID or ecs:CLUSTER/TASK_ID/CONTAINER");
  r.cluster = id.substr(0, a);
  r.task = id.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
  if (b != std::string::npos) r.container = id.substr(b + 1);
  return r;
}

aws::Result<std::unique_ptr<runbook::StepTarget>> make_ecs_exec_target(SessionRegistry& sessions,
                                                                      const GlobalOptions& global,
                                                                      const std::string& id,
                                                                      const std::string& read_only_grant) {
  auto ref = parse_ecs_task_ref(id);
  if (!ref) return ref.error();
  auto session = sessions.get(global);
  if (!session) return session.error();
  auto config = load_config(global.config_path);
  if (!config) return config.error();
  return std::unique_ptr<runbook::StepTarget>(std::make_unique<EcsExecStepTarget>(
      std::move(*session), *ref, read_only_grant, session_client(config.value())));
}

EcsTargetFactory make_ecs_target_factory(std::shared_ptr<SessionRegistry> sessions, const GlobalOptions& global,
                                         const std::string& read_only_grant) {
  return [sessions = std::move(sessions), global, read_only_grant](const std::string& id) {
    return make_ecs_exec_target(*sessions, global, id, read_only_grant);
  };
}

}  // namespace opsdeck::app
