#!/usr/bin/env bash
# Runs the bare ProxyServlet baseline (dev.fulcrum.bench.BareProxyServletBaseline): Jetty's ProxyServlet with only a
# round-robin rewriteTarget, for measuring with the same harness as Fulcrum, e.g.
#   ../shared/bench/lbbench.sh 8084 'bench/bare-proxyservlet.sh 8084 http://127.0.0.1:9001 http://127.0.0.1:9002 http://127.0.0.1:9003'
# Usage: bench/bare-proxyservlet.sh PORT [--async [--non-blocking-client] | --non-blocking | --core] BACKEND_URL...
# (the variants are described in dev.fulcrum.bench.BareProxyServletBaseline)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
classpath="$("$here/test-classpath.sh")"
exec java -Dlogback.configurationFile="$here/logback-quiet.xml" -cp "$classpath" \
  dev.fulcrum.bench.BareProxyServletBaseline "$@"
