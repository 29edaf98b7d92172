#!/usr/bin/env bash
# Measures whether the health checker keeps its schedule for many backends while history is written.
# Usage: bench/health-scale.sh [BACKENDS=1000] [INTERVAL=1s] [DURATION=60s]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -DskipTests install
cd proxy-app
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Dlogback.configurationFile="$root/bench/logback-quiet.xml" \
  -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.fulcrum.bench.HealthCheckScaleBenchmark "$@"
