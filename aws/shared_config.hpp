#pragma once
// ~/.aws/credentials and ~/.aws/config as the AWS CLI reads them:
//   paths from AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, else $HOME/.aws/...;
//   config sections are "[default]" and "[profile NAME]" (and "[sso-session NAME]");
//   credentials sections are "[NAME]"; for one profile the credentials file wins per key.
// Missing files are empty; a malformed file is an error naming the line.

#include <optional>
#include <string>
#include <vector>

#include "aws/endpoints.hpp"
#include "aws/ini_file.hpp"
#include "aws/result.hpp"

namespace opsdeck::aws {

class SharedConfig {
 public:
  static Result<SharedConfig> load(const EnvLookup& env);
  static SharedConfig from_text(std::string_view credentials, std::string_view config);  // tests

  // Merged settings of a profile; nullopt when neither file has it.
  std::optional<IniSection> profile(const std::string& name) const;
  std::optional<IniSection> sso_session(const std::string& name) const;
  // Every profile either file defines ("[default]", "[profile NAME]" in config, "[NAME]"
  // in credentials), sorted, each once.
  std::vector<std::string> profile_names() const;
  std::string credentials_path;
  std::string config_path;

 private:
  IniFile credentials_;
  IniFile config_;
};

// The profile in effect: --profile, else AWS_PROFILE (AWS_DEFAULT_PROFILE), else "default".
std::string effective_profile(const std::string& flag, const EnvLookup& env);

// Region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's "region"; "" if none.
std::string resolve_region(const std::string& flag, const EnvLookup& env, const SharedConfig* config,
                           const std::string& profile);

// $HOME (or the password database) for "~/.aws".
std::string home_dir(const EnvLookup& env);

}  // namespace opsdeck::aws
