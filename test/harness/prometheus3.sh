#!/usr/bin/env bash
# Builds the Prometheus that the stack runs (stack/compose.yml: prom/prometheus:v3.5.0), which
# Debian does not package, from its Go module (github.com/prometheus/prometheus v0.305.0 is
# Prometheus 3.5.0) through the Go module proxy, into .cache/prometheus-3.5.0/{prometheus,promtool}.
# The tests of PromQL semantics, configs and rules run against it beside Debian's 2.42
# (test/harness/prometheus.ts, prometheusBuilds). Does nothing when both binaries are there.
# Takes 6–7 minutes on 2 cores the first time (module downloads, ~1.4 GB in Go's module cache,
# and compiling); nothing afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version=3.5.0
module=github.com/prometheus/prometheus
module_version=v0.305.0
out="$root/.cache/prometheus-$version"

if [ -x "$out/prometheus" ] && [ -x "$out/promtool" ] && "$out/prometheus" --version 2>&1 | grep -q "version $version "; then
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "prometheus $version: go is missing; run scripts/setup.sh --tests" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "prometheus $version: building from $module@$module_version (Go module proxy) ..." >&2
dir="$(go mod download -json "$module@$module_version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -n "$dir" ] && [ -d "$dir" ] || { echo "prometheus $version: go mod download gave no module directory" >&2; exit 1; }
# The module's go.mod has replace directives, so `go install module@version` refuses it; built
# as the main module (a writable copy), it is what Prometheus's own release builds compile.
cp -r "$dir" "$work/src"
chmod -R u+w "$work/src"
flags="-X github.com/prometheus/common/version.Version=$version -X github.com/prometheus/common/version.Revision=$module_version -X github.com/prometheus/common/version.Branch=HEAD"
# Its own build cache (~1.4 GB), removed with the rest afterwards: the binaries are what is kept.
(cd "$work/src" && GOCACHE="$work/go-build" GOFLAGS=-mod=mod go build -trimpath -ldflags "$flags" -o "$work/bin/" ./cmd/prometheus ./cmd/promtool)
"$work/bin/prometheus" --version 2>&1 | grep -q "version $version " || { echo "prometheus $version: the build reports another version" >&2; exit 1; }
mkdir -p "$out"
# The cache is machine-local: keep it out of git without touching the repo's .gitignore.
printf '*\n' > "$out/.gitignore"
mv "$work/bin/promtool" "$out/promtool"
mv "$work/bin/prometheus" "$out/prometheus"
echo "prometheus $version: built into $out" >&2
