#!/usr/bin/env bash
# End-to-end wall time of reading a log group: `opsdeck logs G --since 1h` against the AWS
# CLI v2's `aws logs tail G --since 1h`, on the same moto_server on 127.0.0.1 with the same
# (dummy) credentials. Seeds EVENTS events (default 20,000) in 4 streams, spread over the
# last 50 minutes (SHAPE=even, the default) or packed into one minute half an hour ago
# (SHAPE=burst), checks every command prints every event, then prints the median of RUNS
# runs each of: opsdeck (its default slicing), opsdeck --slices 1, and the AWS CLI.
#
# Usage: bench/logs_vs_cli.sh [BUILD_DIR] [RUNS] [EVENTS]
#   BUILD_DIR defaults to ./build-bench (Release; scripts/test builds -Og), RUNS to 5, EVENTS to 20000. Never touches real AWS.
#   OPSDECK_SLICES=N passes `--slices N` to opsdeck (default: its own, 4).
#   SHAPE=even|burst chooses how the events are spread (default even).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
build="${1:-$root/build-bench}"
runs="${2:-5}"
events="${3:-20000}"
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
       AWS_SHARED_CREDENTIALS_FILE="$tmp/none" AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_ENDPOINT_URL || true

python3 - "$runs" "$events" "$opsdeck" "$aws_cli" "$endpoint" "${OPSDECK_SLICES:-}" "${SHAPE:-even}" <<'PY'
import statistics, subprocess, sys, time
import boto3

runs, events, opsdeck, aws, ep = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
shape = sys.argv[7]
if shape not in ("even", "burst"):
    sys.exit(f"SHAPE must be even or burst, not {shape}")
group, streams = "/bench/app", 4
logs = boto3.client("logs", endpoint_url=ep, region_name="us-east-1")
logs.create_log_group(logGroupName=group)
now = int(time.time() * 1000)
span = 50 * 60 * 1000 if shape == "even" else 60 * 1000  # the last 50 minutes, or one
first = now - span if shape == "even" else now - 30 * 60 * 1000  # minute 30 minutes ago
for s in range(streams):
    name = f"web-{s}"
    logs.create_log_stream(logGroupName=group, logStreamName=name)
    n = events // streams + (1 if s < events % streams else 0)
    batch = []
    for i in range(n):
        ts = first + (i * span) // max(n, 1) + s
        batch.append({"timestamp": ts, "message":
                      f'10.0.{s}.{i % 250} - - "GET /api/v1/items/{i} HTTP/1.1" 200 {512 + i % 900} '
                      f'"-" "curl/8.5" rt=0.0{i % 90:02d} stream={name} seq={i}'})
        if len(batch) == 5000:
            logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=batch)
            batch = []
    if batch:
        logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=batch)

ours = [opsdeck, "--endpoint-url", ep, "logs", group, "--since", "1h"]
if sys.argv[6]:
    ours += ["--slices", sys.argv[6]]
one = [opsdeck, "--endpoint-url", ep, "logs", group, "--since", "1h", "--slices", "1"]
theirs = [aws, "--endpoint-url", ep, "logs", "tail", group, "--since", "1h"]

def timed(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = (time.perf_counter() - t) * 1000
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.decode()[:300]}")
    return dt, r.stdout.count(b"\n")

for name, cmd in (("opsdeck", ours), ("opsdeck --slices 1", one), ("aws cli", theirs)):
    _, lines = timed(cmd)  # warm-up run, also a correctness check
    if lines != events:
        sys.exit(f"{name} printed {lines} lines, expected {events}")
# Interleaved, so the machine's load drifts over all three alike.
a, c, b = [], [], []
for _ in range(runs):
    a.append(timed(ours)[0])
    c.append(timed(one)[0])
    b.append(timed(theirs)[0])
ma, mc, mb = statistics.median(a), statistics.median(c), statistics.median(b)
print(f"{events} events ({shape}), median of {runs} runs (each printed all {events} lines)")
print(f"  opsdeck logs {group} --since 1h : {ma:8.1f} ms  (runs: {', '.join(f'{x:.0f}' for x in a)})")
print(f"  ... --slices 1                   : {mc:8.1f} ms  (runs: {', '.join(f'{x:.0f}' for x in c)})")
print(f"  aws logs tail {group} --since 1h: {mb:8.1f} ms  (runs: {', '.join(f'{x:.0f}' for x in b)})")
print(f"  ratio: {mb / ma:.2f}x less wall time (goal >= 4x)")
PY
