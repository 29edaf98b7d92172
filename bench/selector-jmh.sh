#!/usr/bin/env bash
# JMH benchmark of backend selection (the per-request hot path): ns per selection, first attempt and retry.
# Usage: bench/selector-jmh.sh [JMH options, e.g. -f 1 -wi 2 -i 3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -DskipTests install
cd proxy-app
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main \
  RoundRobinSelectorBenchmark "$@"
