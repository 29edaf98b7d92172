#!/usr/bin/env bash
# Measures whether the health checker keeps its schedule for many backends while history is written.
# Usage: bench/health-scale.sh [BACKENDS=1000] [INTERVAL=1s] [DURATION=60s]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
classpath="$("$here/test-classpath.sh")"
exec java -Dlogback.configurationFile="$here/logback-quiet.xml" -cp "$classpath" \
  dev.fulcrum.bench.HealthCheckScaleBenchmark "$@"
