#!/usr/bin/env bash
# Installs what valuecast needs on Debian or Ubuntu: the npm packages of the
# lock file and, from the system's packages, PyTorch for the trainer. With
# --test it adds what the test suite needs: pytest, black and Chromium for
# the report test. Run it as root or as a user with sudo; it skips what is
# already installed, so running it again is cheap.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(python3-torch python3-numpy python3-onnx libopenblas0-pthread)
case "${1:-}" in
  --test) debian_packages+=(python3-pytest black chromium) ;;
  "") ;;
  *)
    echo "usage: scripts/setup.sh [--test]" >&2
    exit 2
    ;;
esac

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

if ! dpkg -s "${debian_packages[@]}" >/dev/null 2>&1; then
  echo "setup: installing ${debian_packages[*]}" >&2
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends "${debian_packages[@]}"
fi

if [ ! -f node_modules/.package-lock.json ] ||
  [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages" >&2
  npm ci --no-audit --no-fund
fi
