#!/bin/sh
# Fuzzes one libFuzzer target for a long while on a shared machine (FUZZING.md):
#   tests/fuzz/long_run.sh FUZZER CORPUS_DIR SECONDS [WORK_DIR]
# Runs at nice 10, one job and one worker at a time (-jobs=1 -workers=1), over a copy of
# CORPUS_DIR in WORK_DIR (default: a new directory under $TMPDIR or /tmp), so the
# repository's corpus is never modified. A job that finds a crash, leak, timeout or OOM
# ends; its reproducer stays in WORK_DIR/artifacts and a new job continues with the
# grown corpus until SECONDS have passed. Prints one summary line at the end:
#   <fuzzer> execs=<n> seconds=<s> exec/s=<r> artifacts=<k> corpus=<files> work=<dir>
# followed by one line per distinct crash (what was reported, and where in opsdeck).
set -u
if [ $# -lt 3 ]; then
  echo "usage: $0 FUZZER CORPUS_DIR SECONDS [WORK_DIR]" >&2
  exit 2
fi
fuzzer=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
corpus=$2
seconds=$3
work=${4:-$(mktemp -d "${TMPDIR:-/tmp}/opsdeck-fuzz-long.XXXXXX")}
mkdir -p "$work/corpus" "$work/artifacts" || exit 2
cp "$corpus"/* "$work/corpus/" 2>/dev/null
: >"$work/all.log"

start=$(date +%s)
execs=0
while :; do
  left=$((seconds - ($(date +%s) - start)))
  [ "$left" -gt 5 ] || break
  # -jobs writes the job's output to fuzz-0.log in the current directory.
  (cd "$work" && nice -n 10 "$fuzzer" -jobs=1 -workers=1 -max_total_time="$left" -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$work/corpus" \
    >/dev/null 2>&1)
  cat "$work/fuzz-0.log" >>"$work/all.log" 2>/dev/null
  # A job that crashed prints no final stats: count its runs from the last status line.
  n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz-0.log" | tail -1)
  [ -n "$n" ] || n=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$work/fuzz-0.log" | tail -1)
  execs=$((execs + ${n:-0}))
done
elapsed=$(($(date +%s) - start))
artifacts=$(find "$work/artifacts" -type f | wc -l)
files=$(find "$work/corpus" -type f | wc -l)
echo "$(basename "$fuzzer") execs=$execs seconds=$elapsed exec/s=$((execs / (elapsed > 0 ? elapsed : 1))) artifacts=$artifacts corpus=$files work=$work"
# One line per distinct crash: what the sanitizer said and the first frame in opsdeck's own
# code (aws/ app/ ssh/ widgets/), with how often the run hit it.
awk '/ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer|UndefinedBehaviorSanitizer)|runtime error:|fuzz invariant broken|^terminate called/ {
       if (!want) head = $0; want = 1 }
     want && /\/(aws|app|ssh|widgets)\/[^ ]*\.(cpp|hpp):[0-9]+/ {
       sub(/^==[0-9]+== */, "", head); frame = $0; sub(/^ *#[0-9]+ 0x[0-9a-f]+ in /, "", frame)
       print "  " head " | " frame; want = 0 }
     /Test unit written to/ { if (want) { sub(/^==[0-9]+== */, "", head); print "  " head " | (no opsdeck frame)" } want = 0 }' "$work/all.log" | sort | uniq -c | sort -rn | head -20
