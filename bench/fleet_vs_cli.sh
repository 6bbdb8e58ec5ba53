#!/usr/bin/env bash
# End-to-end wall time of a fleet read: 12 members (3 accounts x 4 regions, each account
# reached by assuming a role, as on-call profiles are) through one signature-checking
# moto_server on 127.0.0.1, seeded by tests/support/seed_fleet.py.
#   1. opsdeck `alarms`, `instances`, `databases --fleet bench` (three commands; each
#      member assumes its role) against the AWS CLI v2 doing the same 36 calls in a shell
#      loop (profile x region x command, with the accounts' assumed-role credentials), and
#      the same loop with every call in the background (`&` ... `wait`);
#   2. opsdeck's 12-member fleet against the same three commands for one member
#      (`--fleet one`): what the fleet costs over a single (profile, region).
#
# Usage: bench/fleet_vs_cli.sh [BUILD_DIR] [RUNS]
#   BUILD_DIR defaults to ./build-bench (Release), RUNS to 5. Prints medians and ratios.
# Never touches real AWS: every endpoint is 127.0.0.1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
build="${1:-$root/build-bench}"
runs="${2:-5}"
opsdeck="$build/opsdeck"
aws_cli="${AWS_CLI:-/usr/bin/aws}"
[[ -x "$opsdeck" ]] || { echo "no $opsdeck: build it first (ninja -C $build opsdeck)" >&2; exit 2; }
[[ -x "$aws_cli" ]] || { echo "no AWS CLI at $aws_cli (apt-get install awscli, or set AWS_CLI)" >&2; exit 2; }

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
endpoint="http://127.0.0.1:$port"
tmp="$(mktemp -d)"
# Signature checking on after the first three actions (moto's IAM user, its policy, its key).
INITIAL_NO_AUTH_ACTION_COUNT=3 moto_server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
  sleep 0.1
done

export HOME="$tmp" AWS_PAGER="" OPSDECK_NETWORK=loopback
unset AWS_PROFILE AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_REGION \
      AWS_DEFAULT_REGION AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE || true
accounts=(111111111111 222222222222 333333333333)
regions=(us-east-1 us-west-2 eu-west-1 ap-southeast-2)

read -r key secret < <(python3 - "$endpoint" <<'PY'
import json, sys, boto3
iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1",
                   aws_access_key_id="setup", aws_secret_access_key="setup")
iam.create_user(UserName="bench")
iam.put_user_policy(UserName="bench", PolicyName="all", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
k = iam.create_access_key(UserName="bench")["AccessKey"]
print(k["AccessKeyId"], k["SecretAccessKey"])
PY
)
members=""
for a in "${accounts[@]}"; do for r in "${regions[@]}"; do members+="${members:+,}$a/$r"; done; done
AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" \
  python3 "$root/tests/support/seed_fleet.py" "$endpoint" --accounts "$(IFS=,; echo "${accounts[*]}")" \
  --members "$members" --instances 2 --databases 1 --alarms 3 >/dev/null

mkdir -p "$tmp/.aws"
printf '[base]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$key" "$secret" >"$tmp/.aws/credentials"
profiles=()
for i in "${!accounts[@]}"; do
  p="acct-$((i + 1))"
  profiles+=("$p")
  printf '[profile %s]\nrole_arn = arn:aws:iam::%s:role/fleet\nsource_profile = base\nregion = us-east-1\n' \
    "$p" "${accounts[$i]}" >>"$tmp/.aws/config"
done
# The AWS CLI v2 of Debian 12 (2.9) sends a role profile's AssumeRole to the real STS
# endpoint whatever --endpoint-url says (AWS_ENDPOINT_URL came in 2.13): it gets each
# account's assumed-role credentials as a static profile instead ("acct-N-cli"), which is
# what its own credential cache holds after the first call of a loop anyway.
AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" \
  python3 - "$endpoint" "$tmp/.aws/credentials" "$(IFS=,; echo "${accounts[*]}")" <<'PY'
import sys, boto3
sts = boto3.client("sts", endpoint_url=sys.argv[1], region_name="us-east-1")
with open(sys.argv[2], "a") as out:
    for i, account in enumerate(sys.argv[3].split(",")):
        c = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/fleet", RoleSessionName="cli")["Credentials"]
        out.write(f"[acct-{i + 1}-cli]\naws_access_key_id = {c['AccessKeyId']}\n"
                  f"aws_secret_access_key = {c['SecretAccessKey']}\naws_session_token = {c['SessionToken']}\n")
PY
python3 - "$tmp/opsdeck.json" "${profiles[*]}" "${regions[*]}" <<'PY'
import json, sys
profiles, regions = sys.argv[2].split(), sys.argv[3].split()
json.dump({"fleets": {
    "bench": {"members": [{"profile": p, "regions": regions} for p in profiles]},
    "one": {"members": [{"profile": profiles[0], "region": regions[0]}]}}}, open(sys.argv[1], "w"))
PY

python3 - "$runs" "$opsdeck" "$aws_cli" "$endpoint" "$tmp/opsdeck.json" "${profiles[*]}" "${regions[*]}" <<'PY'
import statistics, subprocess, sys, time
runs, opsdeck, aws, ep, cfg = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
profiles, regions = sys.argv[6].split(), sys.argv[7].split()
lists = ["alarms", "instances", "databases"]
cli_calls = {"alarms": ["cloudwatch", "describe-alarms"], "instances": ["ec2", "describe-instances"],
             "databases": ["rds", "describe-db-instances"]}

def opsdeck_fleet(name):
    return [[opsdeck, "--config", cfg, "--endpoint-url", ep, l, "--fleet", name, "--output", "json"] for l in lists]

def cli(p, r, l):
    return [aws, "--endpoint-url", ep, "--profile", p + "-cli", "--region", r, "--output", "json"] + cli_calls[l]

def run_all(cmds, parallel=False):
    t = time.perf_counter()
    if parallel:
        procs = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for c in cmds]
        results = [(p.wait(), p.stderr.read(), c) for p, c in zip(procs, cmds)]
    else:
        results = []
        for c in cmds:
            r = subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            results.append((r.returncode, r.stderr, c))
    dt = (time.perf_counter() - t) * 1000
    for code, err, c in results:
        if code != 0:
            sys.exit(f"{' '.join(c)} failed ({code}): {err.decode()[:400]}")
    return dt

def median(f):
    f()  # warm caches (and the AWS CLI's assumed-role cache)
    return statistics.median(f() for _ in range(runs))

cli_cmds = [cli(p, r, l) for p in profiles for r in regions for l in lists]
fleet = median(lambda: run_all(opsdeck_fleet("bench")))
one = median(lambda: run_all(opsdeck_fleet("one")))
loop = median(lambda: run_all(cli_cmds))
background = median(lambda: run_all(cli_cmds, parallel=True))
n = len(profiles) * len(regions)
print(f"fleet of {n} members ({len(profiles)} accounts x {len(regions)} regions), alarms+instances+databases, "
      f"median of {runs}")
print(f"  opsdeck --fleet (3 commands)                {fleet:8.0f} ms")
print(f"  aws cli, shell loop ({len(cli_cmds)} calls)            {loop:8.0f} ms   {loop / fleet:5.1f}x opsdeck")
print(f"  aws cli, loop in the background (& wait)    {background:8.0f} ms   {background / fleet:5.1f}x opsdeck")
print(f"  opsdeck, one member (3 commands)            {one:8.0f} ms")
print(f"  opsdeck fleet / one member                  {fleet / one:8.2f}x   (goal: under 1.5x)")
PY
