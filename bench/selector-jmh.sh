#!/usr/bin/env bash
# JMH benchmark of backend selection (the per-request hot path): ns per selection, first attempt and retry.
# Usage: bench/selector-jmh.sh [JMH options, e.g. -wi 2 -i 3]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
classpath="$("$here/test-classpath.sh")"
exec java -cp "$classpath" org.openjdk.jmh.Main RoundRobinSelectorBenchmark "$@"
