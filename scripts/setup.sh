#!/usr/bin/env bash
# Installs what obs-report and its tests use, when missing (Debian/Ubuntu). Used by the
# README's two commands and by CI; safe to run again, and fast when everything is there.
#   1. Debian packages (Chromium for PDF; the real servers and tools the tests run)
#   2. the Kafka broker's jars from Maven Central, for the Kafka tests
#   3. a Python virtualenv (.venv) with the tests' Python packages
#   4. with --tests: the stack's Prometheus (3.5, not packaged by Debian), built from the Go
#      module proxy for the tests that run Debian's 2.42 and it side by side (a few minutes, once)
set -euo pipefail
cd "$(dirname "$0")/.."

tests=0
for arg in "$@"; do
  case "$arg" in
    --tests) tests=1 ;;
    *) echo "setup: unknown option $arg (the one option is --tests)" >&2; exit 2 ;;
  esac
done

PACKAGES=(
  chromium-headless-shell        # PDF rendering through puppeteer-core (preferred: lighter)
  chromium                       # the full Chromium: also supported, tested beside the shell
  fonts-dejavu-core              # a font for Chromium and for chart images
  poppler-utils                  # pdftotext/pdfinfo: the tests read PDFs back
  prometheus                     # real Prometheus and promtool (health tests, rule checks)
  prometheus-alertmanager        # amtool: the stack's Alertmanager config check
  prometheus-blackbox-exporter   # the stack's probe config check
  prometheus-pushgateway         # obs-report's own metrics test
  openssl                        # self-signed certificates for the TLS tests
  libreoffice-impress            # the tests open our PPTX ...
  libreoffice-calc               # ... and XLSX files with LibreOffice
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# Kafka 4 brokers need Java 17 or later; Maven resolves the broker's jars.
java_major() { java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
major="$(java_major 2>/dev/null || true)"
if ! command -v java >/dev/null 2>&1 || [ -z "$major" ] || [ "$major" -lt 17 ]; then missing+=(default-jre-headless); fi
command -v mvn >/dev/null 2>&1 || missing+=(maven)
python3 -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
# Go builds the stack's Prometheus; a Go older than the module asks for fetches the newer
# toolchain from the Go module proxy by itself.
if [ "$tests" = 1 ]; then command -v go >/dev/null 2>&1 || missing+=(golang-go); fi

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: please install: ${missing[*]} (no apt-get on this machine)" >&2
    exit 1
  fi
  if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Kafka: org.apache.kafka:kafka_2.13 and its runtime dependencies (test/harness/kafka/pom.xml)
# into ~/.m2, classpath in .cache/kafka/classpath.txt; nothing to do when it is current.
bash test/harness/kafka/resolve.sh

# Python: a virtualenv, so the system Python stays untouched (PEP 668); the tests use
# .venv/bin/python (test/helpers/python.ts).
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
if ! cmp -s requirements-test.txt .venv/.requirements 2>/dev/null || ! cmp -s demo/forecast/requirements.txt .venv/.requirements-forecast 2>/dev/null; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
  cp requirements-test.txt .venv/.requirements
  cp demo/forecast/requirements.txt .venv/.requirements-forecast
fi

if [ "$tests" = 1 ]; then bash test/harness/prometheus3.sh; fi
