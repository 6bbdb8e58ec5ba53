#include "app/deploy/health_check.hpp"

#include <curl/curl.h>

#include <ctime>
#include <string_view>
#include <thread>

#include "aws/json_document.hpp"

namespace opsdeck::app {

namespace {

size_t collect(char* data, size_t size, size_t n, void* out) {
  auto* body = static_cast<std::string*>(out);
  if (body->size() < (1u << 20)) body->append(data, size * n);  // health bodies are small
  return size * n;
}

// curl's certinfo "Expire date" looks like "Jan  1 00:00:00 2027 GMT".
std::optional<int> days_left(const std::string& expire) {
  std::tm tm{};
  if (!strptime(expire.c_str(), "%b %d %H:%M:%S %Y", &tm)) return std::nullopt;
  std::time_t t = timegm(&tm);
  return static_cast<int>((t - std::time(nullptr)) / 86400);
}

bool looks_like_json(std::string_view body) {
  const std::size_t i = body.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && (body[i] == '{' || body[i] == '[');
}

// Where `got` differs from `want` (every field of `want` must be in `got` with the same
// value; numbers compare by value, 200 == 200.0): "" when it matches.
std::string differs(const nlohmann::json& want, const nlohmann::json& got, const std::string& path) {
  if (want.is_object()) {
    if (!got.is_object()) return path + " is " + got.dump() + ", expected an object";
    for (auto it = want.begin(); it != want.end(); ++it) {
      const std::string here = path + "." + it.key();
      auto g = got.find(it.key());
      if (g == got.end()) return here + " is missing";
      if (std::string why = differs(*it, *g, here); !why.empty()) return why;
    }
    return "";
  }
  if (want.is_number() && got.is_number()) return want.get<double>() == got.get<double>() ? "" : path + " is " + got.dump() + ", expected " + want.dump();
  if (want != got) return path + " is " + got.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                          ", expected " + want.dump();
  return "";
}

std::string json_mismatch(const nlohmann::json& want, std::string_view body) {
  if (want.is_null()) return "";
  nlohmann::json got;
  aws::JsonProblem problem;
  if (!aws::read_json_text(body, got, problem)) return "the body is not JSON (" + problem.message + ")";
  std::string why = differs(want, got, "$");
  if (why.size() > 200) why = why.substr(0, 200) + "…";
  return why;
}

}  // namespace

HealthResult probe_health(const HealthCheckSpec& spec, std::chrono::milliseconds timeout) {
  HealthResult r;
  r.url = spec.url;
  CURL* c = curl_easy_init();
  if (!c) {
    r.detail = "curl_easy_init failed";
    return r;
  }
  std::string body;
  curl_easy_setopt(c, CURLOPT_URL, spec.url.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "opsdeck-health");
  curl_easy_setopt(c, CURLOPT_CERTINFO, 1L);
  if (!spec.tls_verify) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    r.detail = curl_easy_strerror(rc);
  } else {
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    r.status = static_cast<int>(status);
    curl_certinfo* ci = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_CERTINFO, &ci) == CURLE_OK && ci && ci->num_of_certs > 0) {
      for (curl_slist* s = ci->certinfo[0]; s; s = s->next) {
        std::string line = s->data;
        if (line.rfind("Expire date:", 0) == 0) r.cert_days_left = days_left(line.substr(12));
      }
    }
    if (r.status != spec.status) {
      r.detail = "HTTP " + std::to_string(r.status) + " (want " + std::to_string(spec.status) + ")";
    } else if (!spec.body_contains.empty() && body.find(spec.body_contains) == std::string::npos) {
      r.detail = "HTTP " + std::to_string(r.status) + " but the body lacks \"" + spec.body_contains + "\"";
      if (spec.body_contains.find(':') != std::string::npos && looks_like_json(body))
        r.detail += " (the body is JSON: \"body_json\" compares its fields, whatever the spacing)";
    } else if (std::string why = json_mismatch(spec.body_json, body); !why.empty()) {
      r.detail = "HTTP " + std::to_string(r.status) + " but " + why;
    } else {
      r.healthy = true;
      r.detail = "HTTP " + std::to_string(r.status);
    }
  }
  curl_easy_cleanup(c);
  return r;
}

std::vector<HealthResult> wait_until_healthy(
    const std::vector<HealthCheckSpec>& specs, std::chrono::milliseconds deadline,
    std::chrono::milliseconds interval,
    const std::function<void(const std::vector<HealthResult>&)>& on_round) {
  auto end = std::chrono::steady_clock::now() + deadline;
  std::vector<HealthResult> results;
  for (;;) {
    results.clear();
    bool all = true;
    for (const auto& s : specs) {
      results.push_back(probe_health(s));
      all = all && results.back().healthy;
    }
    if (on_round) on_round(results);
    if (all || std::chrono::steady_clock::now() + interval > end) return results;
    std::this_thread::sleep_for(interval);
  }
}

}  // namespace opsdeck::app
