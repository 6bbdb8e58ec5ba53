#include "app/deploy/health_check.hpp"

#include <curl/curl.h>

#include <ctime>
#include <thread>

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
