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

// The value at `key`: the key as written first ("log.level" is one ECS key), then as a
// dotted path into nested objects ("res.statusCode", "http.response.status_code").
const nlohmann::json* at_key(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it != j.end()) return it->is_null() ? nullptr : &*it;
  const nlohmann::json* cur = &j;
  std::string_view path(key);
  if (path.find('.') == std::string_view::npos) return nullptr;
  while (!path.empty()) {
    const std::size_t dot = path.find('.');
    const std::string part(path.substr(0, dot));
    if (!cur->is_object()) return nullptr;
    auto next = cur->find(part);
    if (next == cur->end()) return nullptr;
    cur = &*next;
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return cur->is_null() ? nullptr : cur;
}

const nlohmann::json* find_key(const nlohmann::json& j, std::initializer_list<const char*> keys,
                               const char** which = nullptr) {
  for (const char* k : keys)
    if (const nlohmann::json* v = at_key(j, k)) {
      if (which) *which = k;
      return v;
    }
  return nullptr;
}

constexpr std::initializer_list<const char*> kLevelKeys = {"level", "lvl", "severity", "log.level", "levelname",
                                                           "level_name", "loglevel", "log_level", "@l", "L"};
constexpr std::initializer_list<const char*> kMessageKeys = {"msg", "message", "event", "@m", "MESSAGE", "M", "log"};
constexpr std::initializer_list<const char*> kTimeKeys = {"time", "timestamp", "ts", "@timestamp", "@t",
                                                          "datetime", "asctime", "T", "date"};
constexpr std::initializer_list<const char*> kStatusKeys = {
    "status", "status_code", "statusCode", "http.status", "http.status_code", "http.response.status_code",
    "res.statusCode", "response.status", "response.statusCode", "response.status_code", "elb_status_code"};
constexpr std::initializer_list<const char*> kLatencyKeys = {
    "latency", "latency_ms", "duration", "duration_ms", "durationMs", "request_time", "response_time",
    "responseTime", "res.responseTime", "elapsed", "elapsed_ms", "took", "time_taken", "request_duration"};
// Written by the logger for its own bookkeeping; not worth a column's width.
constexpr std::initializer_list<const char*> kNoiseKeys = {"v", "pid", "hostname", "@mt", "@i", "caller_line"};

bool one_of(std::string_view key, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (key == k) return true;
  return false;
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

LogLevel level_of(const nlohmann::json& v) {
  if (v.is_number()) return numeric_level(v.get<double>());
  return parse_level_word(v.is_string() ? v.get<std::string>() : v.dump());
}

std::string cut_value(std::string text) {
  if (text.size() <= LogFields::kMaxExtraValue) return text;
  std::size_t n = LogFields::kMaxExtraValue;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // not inside a character
  text.resize(n);
  return text + "…";
}

std::string value_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The fields a person wants beside the message: scalars, and the scalars of objects one
// level down as "outer.inner"; the keys already shown (message, level, time) and noise out.
void collect_extras(const nlohmann::json& j, const char* message_key, const char* level_key, LogFields& f) {
  auto full = [&] { return f.extras.size() >= LogFields::kMaxExtras; };
  for (auto it = j.begin(); it != j.end() && !full(); ++it) {
    const std::string& k = it.key();
    if ((message_key && k == message_key) || (level_key && k == level_key) || one_of(k, kTimeKeys) ||
        one_of(k, kNoiseKeys) || it->is_null())
      continue;
    if (it->is_object()) {
      for (auto in = it->begin(); in != it->end() && !full(); ++in) {
        if (in->is_structured() || in->is_null()) continue;
        const std::string path = k + "." + in.key();
        if ((message_key && path == message_key) || (level_key && path == level_key)) continue;
        f.extras.emplace_back(path, cut_value(value_text(*in)));
      }
      continue;
    }
    f.extras.emplace_back(k, cut_value(value_text(*it)));
  }
}

void from_json_line(std::string_view line, LogFields& f) {
  auto j = parse_line(line);
  if (!j.is_object()) return;
  f.json = true;
  const char* level_key = nullptr;
  if (auto* v = find_key(j, kLevelKeys, &level_key)) f.level = level_of(*v);
  if (auto* v = find_key(j, kStatusKeys)) {
    const std::string s = scalar_text(*v);
    if (all_digits(s) && s.size() == 3) f.status = std::stoi(s);
  }
  if (auto* v = find_key(j, kLatencyKeys)) f.latency = scalar_text(*v);
  const char* message_key = nullptr;
  for (const char* k : kMessageKeys) {
    // A string message only: structlog's "event" or a "log" key can hold an object.
    if (const nlohmann::json* v = at_key(j, k); v && v->is_string()) {
      f.message = v->get<std::string>();
      message_key = k;
      break;
    }
  }
  collect_extras(j, message_key, level_key, f);
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
  if (u == "INFO" || u == "I" || u == "NOTICE" || u == "INFORMATION") return LogLevel::Info;
  if (u == "DEBUG" || u == "D" || u == "DBG") return LogLevel::Debug;
  if (u == "TRACE" || u == "VERBOSE") return LogLevel::Trace;
  if (u == "FATAL" || u == "CRITICAL" || u == "CRIT" || u == "PANIC" || u == "DPANIC" || u == "EMERG" ||
      u == "EMERGENCY" || u == "ALERT")
    return LogLevel::Fatal;
  // pino / bunyan levels written as text ("50").
  if (!u.empty() && u.size() <= 3 && all_digits(u)) return numeric_level(std::stoi(u));
  return LogLevel::Unknown;
}

LogLevel numeric_level(double v) {
  if (!(v >= 10)) return LogLevel::Unknown;  // also NaN
  if (v >= 60) return LogLevel::Fatal;
  if (v >= 50) return LogLevel::Error;
  if (v >= 40) return LogLevel::Warn;
  if (v >= 30) return LogLevel::Info;
  if (v >= 20) return LogLevel::Debug;
  return LogLevel::Trace;
}

std::string readable_line(std::string_view line, bool with_level) {
  return readable_line(line_fields(line), line, with_level);
}

std::string readable_line(const LogFields& f, std::string_view line, bool with_level) {
  if (!f.json || (f.message.empty() && f.extras.empty())) return std::string(line);
  std::string out;
  if (with_level && f.level != LogLevel::Unknown) out += to_string(f.level);
  if (!f.message.empty()) {
    if (!out.empty()) out += ' ';
    out += f.message;
  }
  for (std::size_t i = 0; i < f.extras.size(); ++i) {
    const auto& [k, v] = f.extras[i];
    if (!out.empty()) out += i == 0 ? "  " : " ";  // two spaces before the fields
    out += k;
    out += '=';
    const bool quote = v.empty() || v.find_first_of(" \t\"") != std::string::npos;
    if (quote) out += '"';
    out += v;
    if (quote) out += '"';
  }
  return out;
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
