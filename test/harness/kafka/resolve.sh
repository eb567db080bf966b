#!/usr/bin/env bash
# Resolves the classpath of the Apache Kafka broker that the tests start (test/harness/kafka.ts):
# Maven fetches the jars listed in pom.xml from Maven Central into its local repository (~/.m2)
# and writes their paths to .cache/kafka/classpath.txt. Does nothing when that file is current
# (same pom.xml, every jar still there), so it is cheap to run again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="$root/.cache/kafka"
pom="$here/pom.xml"
mkdir -p "$out"
# The cache is machine-local: keep it out of git without touching the repo's .gitignore.
printf '*\n' > "$out/.gitignore"

stamp="$(sha256sum "$pom" | cut -d' ' -f1)"
if [ -f "$out/classpath.txt" ] && [ "$(cat "$out/pom.sha256" 2>/dev/null)" = "$stamp" ]; then
  current=1
  IFS=':' read -r -a jars < "$out/classpath.txt" || true  # the file has no final newline
  for jar in "${jars[@]}"; do [ -f "$jar" ] || { current=0; break; }; done
  [ "$current" = 1 ] && exit 0
fi

for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "kafka: $tool is missing; run scripts/setup.sh" >&2; exit 1; }
done
mvn -q -B -Dstyle.color=never -f "$pom" dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$out/classpath.txt.tmp"
mv "$out/classpath.txt.tmp" "$out/classpath.txt"
printf '%s\n' "$stamp" > "$out/pom.sha256"
