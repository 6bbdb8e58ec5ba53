#!/bin/sh
# Runs one libFuzzer target for a short while: the ctest `fuzz-run.<target>` tests of an
# OPSDECK_FUZZ build (tests/CMakeLists.txt).
#   run_fuzzer.sh FUZZER CORPUS_DIR [libFuzzer options...]
# Fuzzes for $OPSDECK_FUZZ_SECONDS seconds (default 10) over a temporary copy of CORPUS_DIR,
# so the corpus in the repository is never modified; crash, leak, timeout and OOM
# reproducers go to a temporary directory, which is kept (and named) when the run fails.
set -u
if [ $# -lt 2 ]; then
  echo "usage: $0 FUZZER CORPUS_DIR [libFuzzer options...]" >&2
  exit 2
fi
fuzzer=$1
corpus=$2
shift 2
seconds=${OPSDECK_FUZZ_SECONDS:-10}
case $seconds in
  '' | *[!0-9]*)
    echo "OPSDECK_FUZZ_SECONDS must be a whole number of seconds, not '$seconds'" >&2
    exit 2
    ;;
esac
[ -d "$corpus" ] || { echo "no corpus directory $corpus" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/opsdeck-fuzz-run.XXXXXX") || exit 2
mkdir "$work/corpus" "$work/artifacts" || exit 2
cp "$corpus"/* "$work/corpus/" 2>/dev/null
name=$(basename "$fuzzer")

"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$@" "$work/corpus"
status=$?

if [ "$status" -eq 0 ]; then
  rm -rf "$work"
  exit 0
fi
echo
echo "$name failed (exit status $status) after at most $seconds s."
found=0
for f in "$work"/artifacts/*; do
  [ -e "$f" ] || continue
  found=1
  echo "reproducer: $f"
done
[ "$found" -eq 1 ] || echo "no reproducer was written; the log above says why"
cat <<EOF
To replay:       $fuzzer <reproducer>
                 (or, in an ordinary build, build/tests/$name <reproducer>)
To minimise it:  $fuzzer -minimize_crash=1 -max_total_time=60 <reproducer>
Once the parser is fixed, add it to the corpus as $corpus/crash-<what>
(FUZZING.md). The run's corpus and artifacts stay in $work.
EOF
exit 1
