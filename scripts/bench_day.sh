#!/usr/bin/env bash
# The load benchmark of docs/benchmarks.md: parley under the workload's load profile, then
# parley and the floor server (bench/floor_server) under the same bot-only load, so parley's
# server CPU per delivered copy is stated as a multiple of the floor's.
#
#   scripts/bench_day.sh                    # scale 1 data, profile x10 (10,000 clients), 120 s
#   SCALE=0.1 PROFILE=seed DURATION=60 scripts/bench_day.sh
#
# Environment: SCALE (dataset scale, 1), DATA (data dir, reused when it exists), PROFILE (x10 or
# seed), CLIENTS (total clients; default: the profile's), DURATION (seconds, 120), PORT (3900),
# FLOOR_PORT (3901), OUT (results dir), BUILD (build dir, build). Needs build/parley and
# build/floor_server (cmake --build build --target parley floor_server).
#
# Limits: every client is a socket in the generator and one in the server, on this machine, so
# 10,000 clients need `ulimit -n` above 10,000 for each process (both raise their soft limit to
# the hard limit themselves; a hard limit below that must be raised by root or LimitNOFILE).
# parley caps connections per client address (default 5000): the server is started here with
# --max-connections-per-ip 0, as an operator does for a trusted load generator.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
SCALE="${SCALE:-1}"
PROFILE="${PROFILE:-x10}"
DURATION="${DURATION:-120}"
PORT="${PORT:-3900}"
FLOOR_PORT="${FLOOR_PORT:-3901}"
BUILD="${BUILD:-$here/build}"
DATA="${DATA:-/tmp/parley-bench-scale-$SCALE}"
OUT="${OUT:-$here/bench-results/$(date +%Y%m%d-%H%M%S)}"
PARLEY="$BUILD/parley"
FLOOR="$BUILD/floor_server"
commit="$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -x "$PARLEY" && -x "$FLOOR" ]] || { echo "build parley and floor_server first" >&2; exit 1; }
mkdir -p "$OUT"

ulimit -n "$(ulimit -Hn)" || true
echo "open files limit: $(ulimit -n)" | tee "$OUT/limits.txt"

if [[ ! -f "$DATA/parley.sqlite" ]]; then
  echo "seeding scale $SCALE into $DATA"
  "$PARLEY" seed --scale "$SCALE" --data-dir "$DATA" --tokens "$DATA/tokens.tsv" 2>&1 |
    tail -n 3 | tee "$OUT/seed.txt"
fi
TOKENS="$DATA/tokens.tsv"

server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

wait_ready() {
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$1/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server on port $1 not ready" >&2
  return 1
}

start_parley() {
  PARLEY_LOG_LEVEL=warn "$PARLEY" serve --port "$PORT" --bind 127.0.0.1 --data-dir "$DATA" \
    --max-connections-per-ip 0 >"$OUT/parley-$1.log" 2>&1 &
  server_pid=$!
  wait_ready "$PORT"
}

# Runs parley load; exit 3 (copies lost or errors) still leaves a report to read.
load() {
  local name="$1" port="$2"
  shift 2
  "$PARLEY" load --url "http://127.0.0.1:$port" --tokens "$TOKENS" --duration "$DURATION" \
    --server-pid "$server_pid" --label "$commit" --json "$OUT/$name.json" "$@" \
    >"$OUT/$name.txt" 2>"$OUT/$name.stderr" || [[ $? -eq 3 ]]
  cat "$OUT/$name.txt"
}

clients_args=()
[[ -n "${CLIENTS:-}" ]] && clients_args=(--clients "$CLIENTS")

# 1. The workload: the profile's client mix and rates, with a reconnect storm in the middle.
start_parley profile
load "parley-$PROFILE" "$PORT" --profile "$PROFILE" "${clients_args[@]}" --storm
stop_server

# 2. The floor comparison: the same number of bot clients (a stream per room, sends only
#    matter) against parley and against the floor server, which knows the same users and rooms.
bots="$(node -e 'const r=require(process.argv[1]);console.log(r.clients.requested)' \
  "$OUT/parley-$PROFILE.json")"
start_parley bots
load parley-bots "$PORT" --profile "$PROFILE" --kinds "bot=$bots" --write-rooms "$OUT/rooms.tsv"
stop_server
"$FLOOR" --port "$FLOOR_PORT" --tokens "$TOKENS" --rooms "$OUT/rooms.tsv" >"$OUT/floor.log" 2>&1 &
server_pid=$!
wait_ready "$FLOOR_PORT"
load floor-bots "$FLOOR_PORT" --profile "$PROFILE" --kinds "bot=$bots"
stop_server

node -e '
const [dir, profile] = process.argv.slice(1);
const read = (n) => require(`${dir}/${n}.json`);
const p = read(`parley-${profile}`), pb = read("parley-bots"), fb = read("floor-bots");
const per = (r) => r.server.cpu_s_per_1000_copies;
const line = (name, r) => `${name}: ${r.clients.connected}/${r.clients.requested} clients, ` +
  `${r.messages.achieved_per_s} msg/s, ${r.copies.delivered}/${r.copies.expected} copies ` +
  `(lost ${r.copies.lost}), latency p50 ${r.copies.latency_ms.p50} p99 ${r.copies.latency_ms.p99} ` +
  `max ${r.copies.latency_ms.max} ms, errors ${r.errors.total}, server ${r.server.cpu_s} CPU-s ` +
  `(${per(r)} per 1,000 copies), peak RSS ${r.server.peak_rss_mib} MiB, fds ${r.server.peak_fds}, ` +
  `generator ${r.generator.cpu_s} CPU-s`;
console.log(line(`parley ${profile}`, p));
console.log(line("parley bots", pb));
console.log(line("floor bots", fb));
console.log(`parley / floor, server CPU per delivered copy (bots): ${(per(pb) / per(fb)).toFixed(1)}x`);
' "$OUT" "$PROFILE" | tee "$OUT/summary.txt"
echo "results in $OUT"
