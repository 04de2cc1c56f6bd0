#!/usr/bin/env bash
# One `parley load` run against one parley binary on a fresh copy of a seeded data dir, so two
# binaries (before/after a change) meet the same data. Used for docs/benchmarks.md's
# before/after tables; run the binaries alternately, and on a quiet machine for latencies.
#
#   scripts/bench_compare.sh LABEL PARLEY_BINARY DATA_DIR OUT_DIR [parley load flags...]
#   e.g. scripts/bench_compare.sh after build/parley /tmp/seed01 /tmp/cmp --profile x10 --clients 5000
#
# DATA_DIR comes from `parley seed --tokens DATA_DIR/tokens.tsv`; it is copied, never changed.
# Writes OUT_DIR/LABEL.{txt,json,metrics,server.log}. The generator is this tree's build/parley.
set -u
label=$1 bin=$2 data=$3 out=$4
shift 4
here="$(cd "$(dirname "$0")/.." && pwd)"
port="${PORT:-3950}"
run_dir="$(mktemp -d)"
mkdir -p "$out"
cp -a "$data/." "$run_dir/"
ulimit -n "$(ulimit -Hn)"
"$bin" serve --data-dir "$run_dir" --port "$port" --max-connections-per-ip 0 >"$out/$label.server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
"$here/build/parley" load --url "http://127.0.0.1:$port" --tokens "$data/tokens.tsv" \
  --server-pid "$pid" --label "$label" --json "$out/$label.json" --quiet "$@" >"$out/$label.txt" 2>&1
echo "load exit $?" >>"$out/$label.txt"
curl -fsS "http://127.0.0.1:$port/metrics" >"$out/$label.metrics" 2>/dev/null
kill -TERM "$pid"
wait "$pid"
rm -rf "$run_dir"
