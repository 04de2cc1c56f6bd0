#!/usr/bin/env bash
# Installs what is missing, builds a Release binary into build-release/ and starts the server.
# Arguments go to `parley serve` (e.g. --port 3100 --data-dir /var/lib/parley); configuration
# also comes from the environment (PORT, ROOT_URL, ADMIN_USERNAME/ADMIN_PASS/ADMIN_EMAIL, ...):
# see README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARLEY_TESTS=OFF "${launcher[@]}"
cmake --build build-release --target parley

exec build-release/parley serve "$@"
