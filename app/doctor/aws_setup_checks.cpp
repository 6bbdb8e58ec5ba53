#include "app/doctor/aws_setup_checks.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <vector>

#include "app/caller_identity.hpp"
#include "app/session.hpp"
#include "app/user_message.hpp"
#include "aws/credential_sso.hpp"
#include "aws/http_fetch.hpp"
#include "aws/network_fence.hpp"
#include "aws/regions.hpp"
#include "aws/service_call.hpp"
#include "aws/shared_config.hpp"
#include "aws/sqs_secrets_sts.hpp"

namespace opsdeck::app {

namespace {

using Clock = std::chrono::system_clock;

std::string setting(const aws::IniSection& s, const char* key) {
  auto it = s.find(key);
  return it == s.end() ? std::string() : it->second;
}

// "3h 05m", "12m", "2d 4h".
std::string span_text(Clock::duration d) {
  auto minutes = std::chrono::duration_cast<std::chrono::minutes>(d).count();
  if (minutes < 0) minutes = -minutes;
  if (minutes >= 48 * 60) return fmt::format("{}d {}h", minutes / (24 * 60), minutes / 60 % 24);
  if (minutes >= 60) return fmt::format("{}h {:02}m", minutes / 60, minutes % 60);
  return fmt::format("{}m", minutes);
}

// Where a profile's credentials come from, in the order the credential chain tries them.
std::string credential_source(const aws::IniSection& s) {
  if (auto role = setting(s, "role_arn"); !role.empty()) {
    std::string from = setting(s, "source_profile");
    from = from.empty() ? "credential_source " + setting(s, "credential_source") : "source_profile " + from;
    return "assumes " + role + " (" + from + ")";
  }
  if (!setting(s, "sso_session").empty() || !setting(s, "sso_start_url").empty()) return "IAM Identity Center (SSO)";
  if (!setting(s, "credential_process").empty()) return "credential_process";
  if (!setting(s, "aws_access_key_id").empty()) return "access keys";
  return "";
}

// False when the profile cannot be asked for credentials (its SSO token is missing or expired).
bool check_sso_token(const std::string& profile, const aws::IniSection& section, const aws::SharedConfig& config,
                     const aws::EnvLookup& env, const CheckSink& report) {
  const std::string subject = "SSO token (profile " + profile + ")";
  auto params = aws::sso_params_of(profile, section, config);
  if (!params) {
    report({CheckStatus::Fail, subject, params.error().message,
            "complete the profile's sso_* settings (aws configure sso --profile " + profile + ")"});
    return false;
  }
  if (!*params) return true;
  const std::string login = "run: " + aws::sso_login_command(profile);
  auto token = aws::read_sso_token(**params, env);
  if (!token) {
    report({CheckStatus::Fail, subject, token.error().message, login});
    return false;
  }
  std::string age;
  std::error_code ec;
  if (auto written = std::filesystem::last_write_time(token->path, ec); !ec) {
    auto at = std::chrono::time_point_cast<Clock::duration>(std::chrono::file_clock::to_sys(written));
    age = ", logged in " + span_text(Clock::now() - at) + " ago";
  }
  const auto left = token->expires_at - Clock::now();
  if (left <= Clock::duration::zero()) {
    report({CheckStatus::Fail, subject, "expired " + span_text(left) + " ago" + age, login});
    return false;
  }
  if (left < std::chrono::hours(1)) {
    report({CheckStatus::Warn, subject, "expires in " + span_text(left) + age, login + " before it does"});
    return true;
  }
  report({CheckStatus::Ok, subject, "valid for " + span_text(left) + age, ""});
  return true;
}

// False when no usable region is set.
bool check_region(const std::string& profile, const std::string& region, const CheckSink& report) {
  const std::string subject = "region (profile " + profile + ")";
  const std::string set = "aws configure set region us-east-1 --profile " + profile + ", or pass --region";
  if (region.empty()) {
    report({CheckStatus::Fail, subject, "none set (--region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region)",
            "run: " + set});
    return false;
  }
  if (!aws::region_well_formed(region)) {
    report({CheckStatus::Fail, subject, "'" + region + "' is not a region name (like us-east-1)", "run: " + set});
    return false;
  }
  if (!aws::region_known(region)) {
    report({CheckStatus::Warn, subject, region + " is not a region this opsdeck knows",
            "check the spelling (a region newer than this opsdeck works if AWS has it)"});
    return true;
  }
  report({CheckStatus::Ok, subject, region, ""});
  return true;
}

// `portal`: the IAM Identity Center portal the credentials come from ("" for other sources).
void check_credentials(const GlobalOptions& global, const std::string& region, const aws::EnvLookup& env,
                       const std::string& source, const std::string& portal, const CheckSink& report) {
  const std::string subject = "credentials (profile " + (global.profile.empty() ? std::string("default") : global.profile) + ")";
  // Under the network fence nothing outside loopback is touched, not even to ask STS.
  std::string fenced;
  if (auto sts = aws::resolve_endpoint(aws::services::sts, region, global.endpoint_url, env);
      sts && !aws::url_allowed(sts->url))
    fenced = "STS at " + sts->url;
  else if (!portal.empty() && !aws::url_allowed(portal))
    fenced = "the SSO portal at " + portal;
  if (!fenced.empty()) {
    report({CheckStatus::Warn, subject,
            "not verified: " + fenced + " is outside what OPSDECK_NETWORK=loopback allows" +
                (source.empty() ? "" : " (" + source + ")"),
            "unset OPSDECK_NETWORK to ask AWS"});
    return;
  }
  aws::MfaPrompt no_mfa = [](const std::string& serial) -> aws::Result<std::string> {
    return aws::make_error(aws::ErrorKind::Credentials, "the role needs an MFA code (" + serial + ")",
                           "opsdeck doctor asks none; any other command asks for it");
  };
  auto session = Session::open(global, no_mfa);
  if (!session) {
    UserMessage m = from_error(session.error());
    report({CheckStatus::Fail, subject, m.summary, m.hint});
    return;
  }
  auto who = aws::get_caller_identity(aws::sync_caller((*session)->client()));
  (*session)->stop();
  if (!who) {
    UserMessage m = from_error(who.error());
    report({CheckStatus::Fail, subject, (source.empty() ? "" : source + ": ") + m.summary, m.hint});
    return;
  }
  report({CheckStatus::Ok, subject,
          who->arn + " (account " + who->account + ")" + (source.empty() ? "" : " via " + source), ""});
}

void check_endpoints(const GlobalOptions& global, const std::string& region, const aws::EnvLookup& env,
                     const CheckSink& report) {
  // URL -> the services sent there (one line per distinct endpoint).
  std::map<std::string, std::vector<std::string>> by_url;
  std::map<std::string, aws::Endpoint> endpoints;
  for (const aws::ServiceInfo* s : {&aws::services::sts, &aws::services::ec2, &aws::services::rds,
                                    &aws::services::cloudwatch, &aws::services::logs, &aws::services::ecs,
                                    &aws::services::ssm}) {
    auto ep = aws::resolve_endpoint(*s, region, global.endpoint_url, env);
    if (!ep) {
      report({CheckStatus::Fail, "endpoint " + std::string(s->id), ep.error().message,
              "correct --endpoint-url or AWS_ENDPOINT_URL..."});
      continue;
    }
    by_url[ep->url].push_back(std::string(s->id));
    endpoints.emplace(ep->url, *ep);
  }
  std::string fenced;  // the services whose endpoints the network fence keeps us from
  for (const auto& [url, ids] : by_url) {
    std::string names;
    for (const auto& id : ids) names += (names.empty() ? "" : ", ") + id;
    const std::string subject = "endpoint " + url + " (" + names + ")";
    if (!aws::url_allowed(url)) {
      fenced += (fenced.empty() ? "" : ", ") + names;
      continue;
    }
    const aws::Endpoint& ep = endpoints.at(url);
    aws::HttpRequest r;
    r.method = "GET";
    r.scheme = ep.scheme;
    r.host = ep.host;
    r.path = ep.base_path + "/";
    auto started = std::chrono::steady_clock::now();
    auto resp = aws::fetch_sync(r, std::chrono::seconds(3), std::chrono::seconds(5));
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    if (!resp) {
      report({CheckStatus::Fail, subject, "unreachable: " + resp.error().message,
              ep.source == "default" ? "check the network, proxy (HTTPS_PROXY) or VPN"
                                     : "check " + ep.source + " (is the endpoint running?)"});
      continue;
    }
    report({CheckStatus::Ok, subject, fmt::format("answers (HTTP {} in {} ms)", resp->status, took.count()), ""});
  }
  if (!fenced.empty())
    report({CheckStatus::Warn, "endpoints of " + fenced + " in " + region,
            "not checked: OPSDECK_NETWORK=loopback allows only 127.0.0.0/8 and ::1",
            "unset OPSDECK_NETWORK to check real endpoints"});
}

}  // namespace

void check_aws_setup(const GlobalOptions& given, const aws::EnvLookup& env, const CheckSink& report) {
  GlobalOptions global = given;
  if (global.profile.empty() && !global.environment.empty()) global = with_config_environment(global);
  auto loaded = aws::SharedConfig::load(env);
  if (!loaded) {
    report({CheckStatus::Fail, "AWS config files", loaded.error().message,
            loaded.error().hint.empty() ? "fix the file at the line named" : loaded.error().hint});
    return;
  }
  const aws::SharedConfig& config = *loaded;
  std::vector<std::string> profiles =
      global.profile.empty() ? config.profile_names() : std::vector<std::string>{global.profile};
  const bool env_keys = env("AWS_ACCESS_KEY_ID").value_or("") != "";
  if (profiles.empty() && !env_keys) {
    report({CheckStatus::Fail, "AWS config files",
            "no profiles in " + config.config_path + " or " + config.credentials_path +
                " and no AWS_ACCESS_KEY_ID in the environment",
            "run: aws configure sso (IAM Identity Center) or aws configure (access keys)"});
  } else {
    report({CheckStatus::Ok, "AWS config files",
            fmt::format("{} profile{} in {} and {}", config.profile_names().size(),
                        config.profile_names().size() == 1 ? "" : "s", config.config_path, config.credentials_path),
            ""});
  }
  if (global.profile.empty() && env_keys) {
    GlobalOptions g = global;
    std::string region = aws::resolve_region(g.region, env, &config, aws::effective_profile("", env));
    if (check_region("from the environment", region, report))
      check_credentials(g, region, env, "AWS_ACCESS_KEY_ID", "", report);
  }
  std::vector<std::string> usable_regions;  // of the profiles checked, for the endpoints
  for (const auto& profile : profiles) {
    auto section = config.profile(profile);
    if (!section) {
      report({CheckStatus::Fail, "credentials (profile " + profile + ")",
              "no such profile in " + config.config_path + " or " + config.credentials_path,
              "check --profile / AWS_PROFILE, or run: aws configure --profile " + profile});
      continue;
    }
    const std::string region = aws::resolve_region(global.region, env, &config, profile);
    const bool region_ok = check_region(profile, region, report);
    if (region_ok) usable_regions.push_back(region);
    const bool token_ok = check_sso_token(profile, *section, config, env, report);
    if (!setting(*section, "mfa_serial").empty()) {
      report({CheckStatus::Warn, "credentials (profile " + profile + ")",
              "not checked: assuming " + setting(*section, "role_arn") + " needs an MFA code",
              "opsdeck --profile " + profile + " instances asks for it"});
      continue;
    }
    if (!region_ok || !token_ok) continue;  // said above; STS would only fail the same way
    GlobalOptions g = global;
    g.profile = profile;
    g.readonly = true;
    auto sso = aws::sso_params_of(profile, *section, config);
    const std::string portal = sso && *sso ? aws::sso_portal_url(**sso, env) : "";
    check_credentials(g, region, env, credential_source(*section), portal, report);
  }
  // The endpoints of the profile in effect, else of the first profile with a usable region.
  const std::string profile = global.profile.empty() ? aws::effective_profile("", env) : global.profile;
  std::string region = aws::resolve_region(global.region, env, &config, profile);
  if (!aws::region_well_formed(region)) region = usable_regions.empty() ? "" : usable_regions.front();
  if (region.empty()) {
    report({CheckStatus::Warn, "endpoints", "not checked: no profile has a usable region",
            "set one (see the region lines above)"});
    return;
  }
  check_endpoints(global, region, env, report);
}

}  // namespace opsdeck::app
