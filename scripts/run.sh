#!/usr/bin/env bash
# Installs what is missing, builds a Release binary into build-release/ and the web client into
# web/dist/, and starts the server serving that client at /. Arguments go to `parley serve`
# (e.g. --port 3100 --data-dir /var/lib/parley); configuration also comes from the environment
# (PORT, ROOT_URL, ADMIN_USERNAME/ADMIN_PASS/ADMIN_EMAIL, ...): see README.md.
# PARLEY_SKIP_WEB=1 starts the API alone (no Node needed at run time either way).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARLEY_TESTS=OFF "${launcher[@]}"
cmake --build build-release --target parley

web_args=()
if [ "${PARLEY_SKIP_WEB:-0}" != "1" ]; then
  # npm ci only when the lock file changed since the last install.
  stamp=web/node_modules/.package-lock.json
  if ! { [ -f "$stamp" ] && [ "$stamp" -nt web/package-lock.json ] && [ "$stamp" -nt web/package.json ]; }; then
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
  fi
  (cd web && npm run build --silent -- --logLevel warn)
  web_args=(--web-root "$PWD/web/dist")
fi

exec build-release/parley serve "${web_args[@]}" "$@"
