#!/usr/bin/env bash
# Times GET /metrics on a Fulcrum in front of many backends with traffic in their histograms (target: under 50 ms
# at 100 backends).
# Usage: bench/metrics-scrape.sh [BACKENDS=100] [SCRAPES=200]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
classpath="$("$here/test-classpath.sh")"
exec java -Dlogback.configurationFile="$here/logback-quiet.xml" -cp "$classpath" \
  dev.fulcrum.bench.MetricsScrapeBenchmark "$@"
