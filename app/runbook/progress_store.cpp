#include "app/runbook/progress_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/runbook/variables.hpp"

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
  nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return aws::make_error(aws::ErrorKind::Parse, "progress file " + file_ + " is not valid JSON",
                           "delete it to start the runbook afresh");
  if (auto s = j.find("steps"); s != j.end() && s->is_object()) {
    for (const auto& [k, v] : s->items()) {
      if (!v.is_object()) continue;
      StepProgress sp;
      sp.status = v.value("status", "");
      sp.exit_code = v.value("exit_code", 0);
      sp.duration_ms = v.value("duration_ms", 0LL);
      sp.finished_at = v.value("finished_at", "");
      sp.code_hash = v.value("code_hash", "");
      try {
        p.steps[std::stoi(k)] = sp;
      } catch (const std::exception&) {
      }
    }
  }
  if (auto s = j.find("vars"); s != j.end() && s->is_object())
    for (const auto& [k, v] : s->items())
      if (v.is_string() && !is_secret_name(k)) p.vars[k] = v.get<std::string>();
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
  std::string tmp = file_ + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return io_error("cannot create", tmp);
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
  ::close(fd);
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
