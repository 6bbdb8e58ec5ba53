#include "aws/credential_profile.hpp"

#include <algorithm>
#include <cstdlib>

#include "aws/credential_container.hpp"
#include "aws/credential_env.hpp"
#include "aws/credential_imds.hpp"
#include "aws/credential_process.hpp"
#include "aws/credential_sso.hpp"
#include "aws/credential_static.hpp"

namespace opsdeck::aws {

namespace {

std::string setting(const IniSection& s, const char* key) {
  auto it = s.find(key);
  return it == s.end() ? std::string() : it->second;
}

Error profile_error(std::string message, std::string hint = {}) {
  Error e = make_error(ErrorKind::Credentials, std::move(message), std::move(hint));
  e.code = "ProfileNotFound";
  return e;
}

}  // namespace

ProfileCredentialsProvider::ProfileCredentialsProvider(std::string profile, std::shared_ptr<const SharedConfig> config,
                                                       ProfileOptions options)
    : profile_(std::move(profile)), config_(std::move(config)), options_(std::move(options)) {}

Result<Credentials> ProfileCredentialsProvider::get() {
  std::vector<std::string> visited;
  auto p = provider_for(profile_, visited);
  if (!p) return p.error();
  return (*p)->get();
}

Result<std::shared_ptr<CredentialsProvider>> ProfileCredentialsProvider::provider_for(
    const std::string& name, std::vector<std::string>& visited) const {
  bool nested = !visited.empty();
  if (std::find(visited.begin(), visited.end(), name) != visited.end())
    return make_error(ErrorKind::Credentials, "profile '" + name + "' is part of a source_profile loop");
  visited.push_back(name);
  auto sect = config_->profile(name);
  if (!sect) {
    if (!options_.explicit_profile && !nested) return not_configured("no profile 'default'");
    return profile_error("the config profile '" + name + "' could not be found (looked in " +
                             config_->credentials_path + " and " + config_->config_path + ")",
                         "check --profile / AWS_PROFILE, or add [profile " + name + "] to the config");
  }
  const IniSection& s = *sect;

  if (std::string role = setting(s, "role_arn"); !role.empty()) {
    std::shared_ptr<CredentialsProvider> source;
    std::string source_profile = setting(s, "source_profile");
    std::string credential_source = setting(s, "credential_source");
    if (!source_profile.empty()) {
      if (source_profile == name) {
        if (setting(s, "aws_access_key_id").empty())
          return make_error(ErrorKind::Credentials, "profile '" + name + "' is its own source_profile but has no keys");
        source = std::make_shared<StaticCredentialsProvider>(Credentials{
            setting(s, "aws_access_key_id"), setting(s, "aws_secret_access_key"), setting(s, "aws_session_token"), {},
            "profile " + name});
      } else {
        auto p = provider_for(source_profile, visited);
        if (!p) return p.error();
        source = *p;
      }
    } else if (credential_source == "Environment") {
      source = std::make_shared<EnvCredentialsProvider>(options_.env);
    } else if (credential_source == "Ec2InstanceMetadata") {
      source = std::make_shared<ImdsCredentialsProvider>(options_.env);
    } else if (credential_source == "EcsContainer") {
      source = std::make_shared<ContainerCredentialsProvider>(options_.env);
    } else {
      return make_error(ErrorKind::Credentials,
                        "profile '" + name + "' has role_arn but no source_profile or valid credential_source",
                        "add source_profile = <profile with keys>");
    }
    AssumeRoleParams ap;
    ap.role_arn = role;
    ap.session_name = setting(s, "role_session_name");
    ap.external_id = setting(s, "external_id");
    if (auto d = setting(s, "duration_seconds"); !d.empty()) ap.duration_seconds = std::atoi(d.c_str());
    ap.mfa_serial = setting(s, "mfa_serial");
    ap.region = setting(s, "region").empty() ? options_.region : setting(s, "region");
    ap.endpoint_url = options_.endpoint_url;
    ap.env = options_.env;
    return std::shared_ptr<CredentialsProvider>(
        std::make_shared<AssumeRoleCredentialsProvider>(ap, source, options_.mfa_prompt));
  }

  auto sso = sso_params_of(name, s, *config_);
  if (!sso) return sso.error();
  if (*sso) return std::shared_ptr<CredentialsProvider>(std::make_shared<SsoCredentialsProvider>(**sso, options_.env));

  if (std::string cmd = setting(s, "credential_process"); !cmd.empty())
    return std::shared_ptr<CredentialsProvider>(std::make_shared<ProcessCredentialsProvider>(cmd));

  if (!setting(s, "aws_access_key_id").empty()) {
    if (setting(s, "aws_secret_access_key").empty())
      return make_error(ErrorKind::Credentials, "profile '" + name + "' has aws_access_key_id but no aws_secret_access_key");
    return std::shared_ptr<CredentialsProvider>(std::make_shared<StaticCredentialsProvider>(
        Credentials{setting(s, "aws_access_key_id"), setting(s, "aws_secret_access_key"), setting(s, "aws_session_token"), {},
                    "profile " + name}));
  }
  if (!options_.explicit_profile && !nested) return not_configured("profile 'default' has no credentials");
  return make_error(ErrorKind::Credentials, "profile '" + name + "' has no credentials",
                    "add aws_access_key_id/aws_secret_access_key, role_arn, sso_session or credential_process");
}

}  // namespace opsdeck::aws
