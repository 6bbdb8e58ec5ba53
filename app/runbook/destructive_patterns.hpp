#pragma once
// Which commands destroy things: a built-in list (rm, aws delete-*/terminate-*/revoke-*,
// drop table/database, truncate, db:reset/db:seed, git reset --hard, push --force,
// terraform destroy, docker system prune -a, compose down -v, ...) that the config can
// extend with more regular expressions. Immutable after construction; safe to share
// between threads.

#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "app/runbook/shell_command.hpp"

namespace opsdeck::app::runbook {

class DestructivePatterns {
 public:
  // Built-in patterns plus `extra` (ECMAScript regular expressions, case-insensitive).
  // An extra pattern that does not compile (or that std::regex cannot compile safely) is
  // named in `errors`, and the set fails closed: while it is there, every command counts
  // as destructive, with a reason saying which pattern to fix — a rule the operator wrote
  // is never silently dropped.
  explicit DestructivePatterns(const std::vector<std::string>& extra = {},
                               std::vector<std::string>* errors = nullptr);

  // The configured patterns that did not compile (see the constructor).
  const std::vector<std::string>& invalid() const { return invalid_; }

  // Why `code` is destructive: one short reason per matching pattern, no duplicates.
  // Comment lines are ignored.
  std::vector<std::string> reasons(std::string_view code) const;

  // Why one command as it will run (wrappers looked through, variables expanded; see
  // shell_judge.hpp) is destructive: structured checks of its words plus every pattern above
  // applied to its text, one command at a time. The structured checks: rm, unlink, shred,
  // wipefs, mkfs*, blkdiscard, sgdisk --zap, dd of=/dev/*, truncate; mv whose source is /,
  // /var or under /data, /var/lib, /etc, /opt, /srv, /home, /root, /usr, /boot, /bin, /sbin,
  // /lib*, /var/www, /mnt (moving a file *into* those is an ordinary deploy step); chmod/
  // chown/chgrp -R, chmod 000; kill -9/-KILL, killall, pkill; reboot, shutdown, poweroff,
  // halt, systemctl poweroff/reboot/halt/kexec/rescue/emergency, init 0/6/1; iptables -F/-X/
  // -P DROP, nft flush/delete, ufw reset/disable; crontab -r; SQL DROP/TRUNCATE/DELETE (SQL
  // comments removed) in the arguments and stdin of psql/mysql/mariadb/sqlite3/... and in
  // aws rds-data/redshift-data/athena; a dump loaded from a file or pipe, psql -f,
  // pg_restore --clean; aws delete-*/terminate-*/revoke-*/deregister-*/purge-*/remove-*/
  // detach-*/disable-*/release-*/reset-*/cancel-*/..., s3 rm/rb/mv, s3 sync --delete; git
  // reset --hard, clean -f, push --force/+ref/--delete, branch -D, stash drop/clear; docker
  // rm -f, system/image prune -a, volume rm/prune, compose down -v; kubectl delete, helm
  // uninstall; terraform destroy/apply -destroy/state rm; redis-cli flushall/flushdb; find
  // -delete; userdel; lvremove; hash -p; sed/awk/psql running shell commands. No duplicates.
  std::vector<std::string> reasons(const ShellCommand& command) const;

 private:
  struct Pattern {
    std::regex re;
    std::string reason;
  };
  std::vector<Pattern> patterns_;
  std::vector<std::string> invalid_;  // configured patterns that did not compile
};

}  // namespace opsdeck::app::runbook
