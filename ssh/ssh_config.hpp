#pragma once
// ~/.ssh/config as OpenSSH reads it, for the options opsdeck uses.
//
// Blocks start at `Host` (patterns with * ? and !negation) or `Match` (only `all`, `host`
// and `originalhost` are understood; other criteria never match and are reported in
// warnings()). For each option the FIRST value obtained wins, except IdentityFile, which
// accumulates; UserKnownHostsFile and GlobalKnownHostsFile keep their whole list (the first
// line that sets one wins). `Include` (globs; relative paths are under ~/.ssh) is followed up
// to 16 deep.
// Unknown keywords are ignored, as ssh does with IgnoreUnknown. Parsing never fails: lines
// it cannot read land in warnings() with file and line.
//
// Value type: parse/resolve are pure apart from Include reading files; any thread.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::ssh {

// Everything opsdeck needs to reach one host, after ssh_config resolution.
struct HostSettings {
  std::string alias;                        // what the operator typed
  std::string hostname;                     // HostName with %h expanded, else alias
  int port = 22;
  std::string user;                         // empty: the caller supplies the local user
  std::vector<std::string> identity_files;  // ~ and %d %u %h %r %p %% expanded
  bool identities_only = false;
  std::string proxy_jump;                   // "[user@]host[:port]" or empty / "none"
  // The resolved jump host (one hop), filled by resolve_host_target(); null = direct.
  std::shared_ptr<const HostSettings> jump;
  int server_alive_interval = 0;            // seconds, 0 = off
  int server_alive_count_max = 3;
  int connect_timeout = 0;                  // seconds, 0 = default
  // UserKnownHostsFile / GlobalKnownHostsFile: every file of the option's space-separated
  // list, ~ and %-tokens expanded. nullopt when ssh_config does not set the option (the
  // caller applies ssh's defaults); an empty list for `none`.
  std::optional<std::vector<std::string>> user_known_hosts_files;
  std::optional<std::vector<std::string>> global_known_hosts_files;
  std::string strict_host_key_checking;     // "yes" | "no" | "ask" | "accept-new" | ""
};

struct SshConfigContext {
  std::string home;        // for ~ and %d; default $HOME
  std::string local_user;  // for %u; default the current user
  std::filesystem::path include_base;  // relative Include paths; default home/.ssh
};

class SshConfig {
 public:
  static SshConfig parse(std::string_view text, SshConfigContext ctx = {}, std::string_view origin = "config");
  // A missing file is an empty config.
  static SshConfig load(const std::filesystem::path& path, SshConfigContext ctx = {});

  HostSettings resolve(std::string_view alias) const;
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  struct Option {
    std::string key;  // lower-case keyword
    std::vector<std::string> args;
  };
  struct Block {
    bool is_match = false;
    std::vector<std::string> criteria;  // Host patterns, or Match words
    std::vector<Option> options;
  };
  void parse_into(std::string_view text, std::string_view origin, int depth);
  void include(const std::vector<std::string>& args, std::string_view origin, int line, int depth);
  bool block_applies(const Block& b, std::string_view alias) const;
  std::string expand(std::string_view value, const HostSettings& h) const;

  SshConfigContext ctx_;
  std::vector<Block> blocks_;
  std::vector<std::string> warnings_;
};

// Splits an ssh_config line into keyword and arguments ("Key value", "Key=value", quotes).
// Returns nullopt for blank and comment lines. Exposed for tests and the fuzzer.
std::optional<std::vector<std::string>> split_config_line(std::string_view line);

}  // namespace opsdeck::ssh
