#!/usr/bin/env bash
# Builds Fulcrum and prints the classpath that runs proxy-app's test-scope programs (the benchmarks).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -DskipTests install >&2
cd proxy-app
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
echo "$root/proxy-app/target/classes:$root/proxy-app/target/test-classes:$(cat target/bench.classpath)"
