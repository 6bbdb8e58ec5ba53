#!/usr/bin/env bash
# End-to-end wall time: `opsdeck instances|databases|alarms` against the AWS CLI v2's
# `aws ec2 describe-instances`, `aws rds describe-db-instances`,
# `aws cloudwatch describe-alarms`, on the same seeded moto_server on 127.0.0.1.
#
# Usage: bench/compare_cli.sh [BUILD_DIR] [RUNS] [INSTANCES]
#   BUILD_DIR defaults to ./build-bench (Release; scripts/test builds -Og), RUNS to 10, INSTANCES (seeded EC2 instances) to 50.
# Prints one line per pair: median ms for each and the ratio. Never touches real AWS.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
build="${1:-$root/build-bench}"
runs="${2:-10}"
n_instances="${3:-50}"
opsdeck="$build/opsdeck"
aws_cli="${AWS_CLI:-/usr/bin/aws}"
[[ -x "$opsdeck" ]] || { echo "no $opsdeck: build it first (ninja -C $build opsdeck)" >&2; exit 2; }
[[ -x "$aws_cli" ]] || { echo "no AWS CLI at $aws_cli (apt-get install awscli, or set AWS_CLI)" >&2; exit 2; }

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
endpoint="http://127.0.0.1:$port"
tmp="$(mktemp -d)"
moto_server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
  sleep 0.1
done

export HOME="$tmp" AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 \
       AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_CONFIG_FILE="$tmp/none" \
       AWS_SHARED_CREDENTIALS_FILE="$tmp/none"
unset AWS_PROFILE AWS_ENDPOINT_URL || true
python3 "$root/tests/support/seed_moto.py" "$endpoint" --instances "$n_instances" >/dev/null

python3 - "$runs" "$opsdeck" "$aws_cli" "$endpoint" <<'PY'
import statistics, subprocess, sys, time
runs, opsdeck, aws, ep = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
pairs = [
    ("instances", [opsdeck, "--endpoint-url", ep, "instances", "--output", "json"],
     [aws, "--endpoint-url", ep, "ec2", "describe-instances", "--output", "json"]),
    ("databases", [opsdeck, "--endpoint-url", ep, "databases", "--output", "json"],
     [aws, "--endpoint-url", ep, "rds", "describe-db-instances", "--output", "json"]),
    ("alarms", [opsdeck, "--endpoint-url", ep, "alarms", "--output", "json"],
     [aws, "--endpoint-url", ep, "cloudwatch", "describe-alarms", "--output", "json"]),
]
def timed(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = (time.perf_counter() - t) * 1000
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.decode()[:300]}")
    return dt
print(f"{'command':<10} {'opsdeck ms':>11} {'aws cli ms':>11} {'ratio':>7}   (median of {runs})")
for name, ours, theirs in pairs:
    timed(ours); timed(theirs)  # warm caches
    a = statistics.median(timed(ours) for _ in range(runs))
    b = statistics.median(timed(theirs) for _ in range(runs))
    print(f"{name:<10} {a:>11.1f} {b:>11.1f} {b / a:>6.1f}x")
PY
