#!/usr/bin/env bash
# Measures what a durable admin change costs: H2's plain commit against commit + CHECKPOINT SYNC (fsync), through the
# repository and through the admin API. Put DIRECTORY on the disk the database lives on.
# Usage: bench/durable-commit.sh [CHANGES=300] [DIRECTORY=$TMPDIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
classpath="$("$here/test-classpath.sh")"
exec java -Dlogback.configurationFile="$here/logback-quiet.xml" -cp "$classpath" \
  dev.fulcrum.bench.DurableCommitBenchmark "$@"
