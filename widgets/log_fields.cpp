#include "widgets/log_fields.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <charconv>
#include <cstring>

#include "aws/json_document.hpp"  // header-only: the one reader of outside JSON

namespace opsdeck::ui {
namespace {

// A log line as a JSON value; null when it is not JSON or nests too deep to show safely.
nlohmann::json parse_line(std::string_view line) {
  nlohmann::json j;
  aws::JsonProblem problem;
  if (!aws::read_json_text(line, j, problem)) return nullptr;
  return j;
}

constexpr std::size_t kMaxJsonBytes = 256 * 1024;  // bigger lines are shown as text

bool looks_json(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s.size() >= 2 && s.front() == '{' && s.size() <= kMaxJsonBytes;
}

std::string upper(std::string_view w) {
  std::string u(w);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

const nlohmann::json* find_key(const nlohmann::json& j, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = j.find(k);
    if (it != j.end() && !it->is_null()) return &*it;
    // Dotted names ("http.status"): one level of nesting.
    if (const char* dot = std::strchr(k, '.')) {
      auto outer = j.find(std::string(k, dot));
      if (outer != j.end() && outer->is_object()) {
        auto inner = outer->find(dot + 1);
        if (inner != outer->end() && !inner->is_null()) return &*inner;
      }
    }
  }
  return nullptr;
}

std::string scalar_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// A status code from a log line: digits only; too long to be an HTTP status reads as 0.
int small_int(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() ? v : 0;
}

bool is_number(std::string_view s) {
  if (s.empty()) return false;
  bool digit = false;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
    else if (c != '.' && c != '-') return false;
  }
  return digit;
}

std::vector<std::string_view> split_ws(std::string_view s, std::size_t max_fields) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size() && out.size() < max_fields) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t b = i;
    if (i < s.size() && s[i] == '"') {
      const std::size_t e = s.find('"', i + 1);
      i = e == std::string_view::npos ? s.size() : e + 1;
    } else {
      while (i < s.size() && s[i] != ' ') ++i;
    }
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

void from_json_line(std::string_view line, LogFields& f) {
  auto j = parse_line(line);
  if (!j.is_object()) return;
  f.json = true;
  if (auto* v = find_key(j, {"level", "lvl", "severity", "log.level", "levelname", "loglevel"}))
    f.level = parse_level_word(scalar_text(*v));
  if (auto* v = find_key(j, {"status", "status_code", "statusCode", "http.status", "elb_status_code", "response.status"})) {
    const std::string s = scalar_text(*v);
    if (all_digits(s) && s.size() == 3) f.status = std::stoi(s);
  }
  if (auto* v = find_key(j, {"latency", "latency_ms", "duration", "duration_ms", "request_time", "response_time",
                             "elapsed", "took", "responseTime"}))
    f.latency = scalar_text(*v);
}

// ALB: type time elb client:port target:port rpt tpt rspt elb_status target_status ...
bool from_alb(std::string_view line, LogFields& f) {
  auto t = split_ws(line, 10);
  if (t.size() < 10) return false;
  static const char* kTypes[] = {"http", "https", "h2", "grpcs", "ws", "wss"};
  bool type_ok = false;
  for (const char* k : kTypes) type_ok |= t[0] == k;
  if (!type_ok || !is_number(t[5]) || !is_number(t[6]) || !all_digits(t[8])) return false;
  f.status = small_int(t[8]);
  f.latency = std::string(t[6]);  // target processing time, seconds
  return true;
}

// nginx / Apache: ... "METHOD /path HTTP/x" STATUS BYTES ... [request_time at the end]
bool from_access(std::string_view line, LogFields& f) {
  const std::size_t q = line.find("\"");
  if (q == std::string_view::npos) return false;
  const std::size_t q2 = line.find('"', q + 1);
  if (q2 == std::string_view::npos) return false;
  const std::string_view req = line.substr(q + 1, q2 - q - 1);
  if (req.find(" HTTP/") == std::string_view::npos) return false;
  auto rest = split_ws(line.substr(q2 + 1), 64);
  if (rest.empty() || !all_digits(rest[0]) || rest[0].size() != 3) return false;
  f.status = small_int(rest[0]);
  const std::string_view last = rest.back();
  if (rest.size() > 2 && is_number(last) && last.find('.') != std::string_view::npos) f.latency = std::string(last);
  for (auto tok : rest) {
    for (const char* k : {"rt=", "request_time=", "urt="}) {
      const std::size_t n = std::strlen(k);
      if (tok.size() > n && tok.substr(0, n) == k) f.latency = std::string(tok.substr(n));
    }
  }
  return true;
}

}  // namespace

const char* to_string(LogLevel l) {
  switch (l) {
    case LogLevel::Unknown: return "";
    case LogLevel::Trace: return "TRACE";
    case LogLevel::Debug: return "DEBUG";
    case LogLevel::Info: return "INFO";
    case LogLevel::Warn: return "WARN";
    case LogLevel::Error: return "ERROR";
    case LogLevel::Fatal: return "FATAL";
  }
  return "";
}

LogLevel parse_level_word(std::string_view word) {
  const std::string u = upper(word);
  if (u == "ERROR" || u == "ERR" || u == "E") return LogLevel::Error;
  if (u == "WARN" || u == "WARNING" || u == "W") return LogLevel::Warn;
  if (u == "INFO" || u == "I" || u == "NOTICE") return LogLevel::Info;
  if (u == "DEBUG" || u == "D") return LogLevel::Debug;
  if (u == "TRACE") return LogLevel::Trace;
  if (u == "FATAL" || u == "CRITICAL" || u == "CRIT" || u == "PANIC" || u == "EMERG" || u == "ALERT")
    return LogLevel::Fatal;
  return LogLevel::Unknown;
}

LogFields line_fields(std::string_view line) {
  constexpr std::size_t kScan = 4096;
  if (line.size() > kScan) {
    std::size_t n = kScan;
    while (n > 0 && (static_cast<unsigned char>(line[n]) & 0xC0) == 0x80) --n;  // not inside a character
    line = line.substr(0, n);
  }
  return extract_fields(line);
}

Role level_role(const LogFields& f) {
  if (f.status >= 500 || f.level == LogLevel::Error || f.level == LogLevel::Fatal) return Role::LogError;
  if (f.level == LogLevel::Warn) return Role::LogWarn;
  if (f.level == LogLevel::Debug || f.level == LogLevel::Trace) return Role::LogDebug;
  return Role::Default;
}

LogFields extract_fields(std::string_view line) {
  LogFields f;
  if (looks_json(line)) {
    from_json_line(line, f);
    if (f.json) return f;
  }
  if (from_alb(line, f) || from_access(line, f)) {
    if (f.status >= 500) f.level = LogLevel::Error;
    else if (f.status >= 400) f.level = LogLevel::Warn;
    return f;
  }
  // First level-looking word in the first 200 bytes: "[ERROR]", "level=warn", "ERROR:".
  std::string_view head = line.substr(0, 200);
  std::size_t i = 0;
  while (i < head.size()) {
    while (i < head.size() && !std::isalpha(static_cast<unsigned char>(head[i]))) ++i;
    std::size_t b = i;
    while (i < head.size() && std::isalpha(static_cast<unsigned char>(head[i]))) ++i;
    const std::string_view w = head.substr(b, i - b);
    if (w.size() >= 4) {
      const LogLevel l = parse_level_word(w);
      if (l != LogLevel::Unknown) {
        f.level = l;
        break;
      }
    }
  }
  return f;
}

std::vector<std::string> json_pretty_rows(std::string_view line) {
  std::vector<std::string> rows;
  if (!looks_json(line)) return rows;
  auto j = parse_line(line);
  if (!j.is_object()) return rows;
  const std::string s = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  std::size_t b = 0;
  while (b <= s.size()) {
    std::size_t e = s.find('\n', b);
    if (e == std::string::npos) e = s.size();
    rows.emplace_back(s.substr(b, e - b));
    b = e + 1;
  }
  return rows;
}

std::string json_value_of(std::string_view line, const std::string& key, bool& found) {
  found = false;
  if (!looks_json(line)) return {};
  auto j = parse_line(line);
  if (!j.is_object()) return {};
  auto it = j.find(key);
  if (it == j.end()) return {};
  found = true;
  return it->is_string() ? it->get<std::string>() : it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace opsdeck::ui
