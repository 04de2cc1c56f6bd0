#!/usr/bin/env bash
# Installs what parley needs to build and test on Debian 12, and only what is missing.
# Works as root, or through sudo. When everything is present it touches nothing (no apt-get
# update), so repeated runs cost well under a second.
#   --browser   also Debian's chromium, for the web client's end-to-end test (scripts/test.sh);
#               running the server and building the client do not need it.
set -euo pipefail

with_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) with_browser=1 ;;
    *) echo "install-deps: unknown argument $arg" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libsodium-dev libssl-dev libspdlog-dev libfmt-dev libcli11-dev
  libvips-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  curl
)

installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done

# Node.js and npm run the black-box and interop tests. A Node.js that is already there (e.g. a
# newer one from another apt source, which bundles npm) is used as it is: installing Debian's npm
# next to it would conflict. Node 18 or newer is needed (node --test with reporters; the web
# client's Vite 6 and vitest 3 also run on Debian 12's Node 18).
node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || return 1
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  [ "$major" -ge 18 ]
}
if ! node_ok; then
  installed nodejs || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi

# Headless Chromium for the web end-to-end test, driven by playwright-core (which never
# downloads a browser of its own here).
if [ "$with_browser" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  installed chromium || missing+=(chromium)
fi

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all build and test dependencies are present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: missing packages (${missing[*]}); run as root or install sudo" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
