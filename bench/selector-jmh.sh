#!/usr/bin/env bash
# JMH benchmark of backend selection (the per-request hot path): ns per selection, first attempt and retry, for each
# algorithm (round-robin, least-requests, hash) at 3 and 100 backends.
# Usage: bench/selector-jmh.sh [JMH options, e.g. -wi 2 -i 3, or -p algorithm=hash -p backends=100]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
classpath="$("$here/test-classpath.sh")"
exec java -cp "$classpath" org.openjdk.jmh.Main SelectorBenchmark "$@"
