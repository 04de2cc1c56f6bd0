#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test:
#   0. web/         the web client: npm ci, npm run build (type-check, web/dist/); the
#                   EmbeddedChat interop page: npm ci, npm run build (tests/interop/embeddedchat/dist/)
#   1. build/       (RelWithDebInfo): unit tests, black-box integration tests, SDK interop test,
#                   the web client's unit tests and its end-to-end test in headless Chromium
#   2. build-asan/  (Debug, AddressSanitizer + UndefinedBehaviorSanitizer): the same suites again,
#                   the black-box ones against the sanitized binary.
# PARLEY_SKIP_ASAN=1 skips the second tree for a quick local run. Extra arguments go to ctest
# (e.g. `scripts/test.sh -L integration` or `-R ddp`).
# Exits non-zero when anything fails; ends with "N passed, M failed" over both runs.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh --browser

# Test clients from npm, pinned by package-lock.json. Skipped when node_modules is newer than
# the lock file and package.json (npm ci deletes and reinstalls node_modules every time).
npm_ci() {
  local dir="$1" stamp="$1/node_modules/.package-lock.json"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$dir/package-lock.json" ] && [ "$stamp" -nt "$dir/package.json" ]; then
    echo "npm: $dir/node_modules is up to date"
    return
  fi
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}
npm_ci tests/integration
npm_ci tests/interop
npm_ci tests/interop/embeddedchat
npm_ci web

# The web client the end-to-end test serves (web/dist/). Built every run: it takes seconds and
# a stale bundle would test old code.
echo "==> web/ (npm run build)"
web_start=$SECONDS
(cd web && npm run build --silent -- --logLevel warn)
echo "web: built in $((SECONDS - web_start)) s"

# The page that renders EmbeddedChat for interop_embeddedchat (about 10 s; also every run).
echo "==> tests/interop/embeddedchat (npm run build)"
ec_start=$SECONDS
(cd tests/interop/embeddedchat && npm run build --silent)
echo "embeddedchat page: built in $((SECONDS - ec_start)) s"

launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # CI clones into a new folder each time: hash paths relative to the checkout and leave the
  # working directory out of the hash, so the cache kept on the machine still hits.
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
fi
jobs="$(nproc 2>/dev/null || echo 2)"

passed=0
failed=0
status=0
logdir="$(mktemp -d)"
trap 'rm -rf "$logdir"' EXIT

# run_ctest NAME BUILD_DIR [ctest args...]: runs ctest, adds its counts to the totals.
run_ctest() {
  local name="$1" dir="$2"
  shift 2
  local log="$logdir/$name.log"
  echo "==> ctest in $dir"
  local rc=0
  ctest --test-dir "$dir" --output-on-failure -j2 "$@" 2>&1 | tee "$log" || rc=$?
  local line
  line="$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)"
  if [ -n "$line" ]; then
    local f t
    f="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")"
    t="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")"
    passed=$((passed + t - f))
    failed=$((failed + f))
    summaries+=("$name: $line")
    # Name the failures in the summary too: CI shows only the end of a long log.
    local failure
    while IFS= read -r failure; do
      summaries+=("$name: FAILED $failure")
      failed_tails+=("$dir|$(sed -E 's/^[0-9]+ - (.*) \([^)]*\)$/\1/' <<<"$failure")")
    done < <(sed -n '/The following tests FAILED:/,/^$/p' "$log" | grep -E '^[[:space:]]+[0-9]+ - ' |
      sed -E 's/^[[:space:]]+//')
  else
    summaries+=("$name: ctest printed no summary (exit $rc)")
    [ "$rc" -ne 0 ] || rc=1
  fi
  if grep -q 'No tests were found' "$log"; then
    summaries+=("$name: no tests were found")
    rc=1
  fi
  [ "$rc" -eq 0 ] || status=1
}
summaries=()
failed_tails=()

echo "==> build/ (RelWithDebInfo)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}"
cmake --build build -j "$jobs"
run_ctest release build "$@"

if [ "${PARLEY_SKIP_ASAN:-0}" != "1" ]; then
  echo "==> build-asan/ (Debug, ASan + UBSan)"
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPARLEY_SANITIZE=ON "${launcher[@]}"
  cmake --build build-asan -j "$jobs"
  # The black-box tests start build-asan/parley (PARLEY_BIN is set per tree by CMake); it inherits
  # these, so a leak or UB report makes the server's exit non-zero and its test fail.
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
  export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  export PARLEY_TEST_STARTUP_MS=120000
  run_ctest asan build-asan "$@"
  unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS PARLEY_TEST_STARTUP_MS
else
  summaries+=("asan: skipped (PARLEY_SKIP_ASAN=1)")
fi

# The end of each failed test's output (from ctest's LastTest.log), again so that it is in the
# part of the log CI shows.
for entry in "${failed_tails[@]}"; do
  dir="${entry%%|*}" test_name="${entry#*|}"
  echo
  echo "==> last lines of $test_name ($dir)"
  awk -v name="$test_name" '
    index($0, " Testing: " name) && substr($0, length($0) - length(name) + 1) == name { on = 1 }
    on { print }
    on && index($0, "\"" name "\" end time") { exit }
  ' "$dir/Testing/Temporary/LastTest.log" 2>/dev/null | tail -n 40 || true
done

echo
echo "==> summary"
for s in "${summaries[@]}"; do echo "$s"; done
echo "total: $passed passed, $failed failed"
exit "$status"
