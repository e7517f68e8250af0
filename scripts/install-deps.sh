#!/usr/bin/env bash
# Installs khobao's build and test dependencies from Debian's archive.
# Every library khobao uses is a Debian package; nothing is downloaded at build time.
#   scripts/install-deps.sh            what building and running khobao needs
#   scripts/install-deps.sh --tests    also what only the tests need (Chromium,
#                                      for the web UI's end-to-end test)
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libcurl4-openssl-dev libgumbo-dev libsqlite3-dev libspdlog-dev libfmt-dev catch2
  libcli11-dev libtoml11-dev nlohmann-json3-dev libutf8proc-dev libzstd-dev zlib1g-dev libssl-dev libdtl-dev libcpp-httplib-dev libkainjow-mustache-dev libidn2-dev libexpat1-dev sqlite3 zstd
  python3
  clang libclang-rt-14-dev
)
if [ "${1:-}" = "--tests" ]; then
  packages+=(chromium)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
echo "install-deps: installing ${missing[*]}"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
