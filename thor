#!/usr/bin/env bash
# Runs the thor command. On first use, or when the sources changed since the last build, it
# builds the application first (quietly, without tests).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/app/target/thor.jar"

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "thor: '$tool' is not installed; on Debian: apt-get install -y openjdk-17-jdk-headless maven" >&2
    exit 127
  fi
done

stale() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find "$here" -path "$here/.git" -prune -o -path '*/target' -prune -o \
      \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$jar" -print -quit)" ]
}

if stale; then
  echo "thor: building the application (first use or sources changed)..." >&2
  log="$(mktemp -t thor-build.XXXXXX)"
  if ! (cd "$here" && flock "${TMPDIR:-/tmp}/thor-maven.lock" \
        mvn -B -q -DskipTests -DskipITs -pl app -am install) >"$log" 2>&1; then
    cat "$log" >&2
    echo "thor: build failed (log: $log)" >&2
    exit 1
  fi
  rm -f "$log"
  touch "$jar"
fi

exec java ${THOR_JAVA_OPTS:-} -jar "$jar" "$@"
