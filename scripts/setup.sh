#!/usr/bin/env bash
# Installs the system packages obs-report and its tests use, when missing (Debian/Ubuntu).
# Used by the README's two commands and by CI; safe to run again.
set -euo pipefail

PACKAGES=(
  chromium            # PDF rendering through puppeteer-core
  fonts-dejavu-core   # a font for Chromium to print with
  poppler-utils       # pdftotext/pdfinfo: the tests read PDFs back
  prometheus          # real Prometheus and promtool for the health tests
  openssl             # self-signed certificates for the TLS tests
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: please install: ${missing[*]} (no apt-get on this machine)" >&2
  exit 1
fi
if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
