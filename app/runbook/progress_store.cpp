#include "app/runbook/progress_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/runbook/variables.hpp"
#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::app::runbook {

namespace {

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string safe_name(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_');
  return out.empty() ? "_" : out;
}

aws::Error io_error(const std::string& what, const std::string& path) {
  return aws::make_error(aws::ErrorKind::Internal, what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

ProgressStore::ProgressStore(std::string state_dir, std::string runbook_path, std::string environment)
    : runbook_(std::move(runbook_path)), environment_(std::move(environment)) {
  std::error_code ec;
  auto abs = std::filesystem::weakly_canonical(std::filesystem::absolute(runbook_, ec), ec);
  if (!abs.empty()) runbook_ = abs.string();
  auto stem = std::filesystem::path(runbook_).stem().string();
  file_ = state_dir + "/progress/" + safe_name(stem) + "-" + hex(fnv1a(runbook_)).substr(0, 12) + "." +
          safe_name(environment_) + ".json";
}

std::string ProgressStore::hash_code(const std::string& code) { return hex(fnv1a(code)); }

aws::Result<RunbookProgress> ProgressStore::load() const {
  RunbookProgress p;
  p.runbook = runbook_;
  p.environment = environment_;
  std::ifstream in(file_, std::ios::binary);
  if (!in) return p;
  std::stringstream ss;
  ss << in.rdbuf();
  // Every problem is the whole file's: callers warn and start without saved progress.
  const std::string hint = "delete " + file_ + " to start the runbook afresh";
  auto parsed = aws::parse_config_json(ss.str(), file_);
  if (!parsed)
    return aws::make_error(aws::ErrorKind::Parse, "progress file " + parsed.error().message, hint);
  const nlohmann::json& j = *parsed;
  const aws::JsonPlace top{"progress file " + file_, "", aws::ErrorKind::Parse, hint};
  if (!j.is_object()) return top.wrong_type(j, "an object");
  if (const auto* steps = aws::jfield(j, "steps"); steps && !steps->is_null()) {
    const aws::JsonPlace at = top.member("steps");
    if (!steps->is_object()) return at.wrong_type(*steps, "an object");
    for (const auto& [k, v] : steps->items()) {
      const aws::JsonPlace step = at.member(k);
      int index = 0;
      auto [end, ec] = std::from_chars(k.data(), k.data() + k.size(), index);
      if (ec != std::errc() || end != k.data() + k.size() || index < 1)
        return step.error(step.path + " is not a step number");
      if (!v.is_object()) return step.wrong_type(v, "an object");
      auto status = aws::require_string(v, "status", step);
      if (!status) return status.error();
      auto exit_code = aws::optional_int(v, "exit_code", step);
      if (!exit_code) return exit_code.error();
      auto duration = aws::optional_int(v, "duration_ms", step);
      if (!duration) return duration.error();
      auto finished = aws::optional_string(v, "finished_at", step);
      if (!finished) return finished.error();
      auto hash = aws::optional_string(v, "code_hash", step);
      if (!hash) return hash.error();
      StepProgress& sp = p.steps[index];
      sp.status = std::move(*status);
      sp.exit_code = static_cast<int>(*exit_code);
      sp.duration_ms = *duration;
      sp.finished_at = std::move(*finished);
      sp.code_hash = std::move(*hash);
    }
  }
  for (const auto& [k, v] : aws::jstring_map(j, "vars"))
    if (!is_secret_name(k)) p.vars[k] = v;
  return p;
}

aws::Result<void> ProgressStore::save(const RunbookProgress& p) const {
  nlohmann::json j;
  j["runbook"] = runbook_;
  j["environment"] = environment_;
  j["steps"] = nlohmann::json::object();
  for (const auto& [i, s] : p.steps) {
    j["steps"][std::to_string(i)] = {{"status", s.status},         {"exit_code", s.exit_code},
                                     {"duration_ms", s.duration_ms}, {"finished_at", s.finished_at},
                                     {"code_hash", s.code_hash}};
  }
  j["vars"] = nlohmann::json::object();
  for (const auto& [k, v] : p.vars)
    if (!is_secret_name(k)) j["vars"][k] = v;
  std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";

  auto dir = std::filesystem::path(file_).parent_path();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  // A fresh name made by mkostemp (O_EXCL, mode 0600) in the same directory, so the rename
  // is atomic and nothing another process or a symlink put there is truncated or followed.
  std::string tmp = file_ + ".tmp.XXXXXX";
  int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) return io_error("cannot create", tmp);
  if (::fchmod(fd, 0600) != 0) {
    auto e = io_error("cannot chmod", tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return e;
  }
  size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      auto e = io_error("cannot write", tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return e;
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    auto e = io_error("cannot fsync", tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return e;
  }
  if (::close(fd) != 0) {
    auto e = io_error("cannot close", tmp);
    ::unlink(tmp.c_str());
    return e;
  }
  if (::rename(tmp.c_str(), file_.c_str()) != 0) {
    auto e = io_error("cannot rename onto", file_);
    ::unlink(tmp.c_str());
    return e;
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

}  // namespace opsdeck::app::runbook
