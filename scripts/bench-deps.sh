#!/usr/bin/env bash
# Installs what only the benchmarks need: Debian's linkchecker, the reference
# the monitoring crawler is compared with (bench/monitoring_crawler.py).
# nginx and wrk come from scripts/delivery-deps.sh, which `make test` runs.
set -u
command -v linkchecker >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "bench-deps: installing linkchecker from Debian"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      -o DPkg::Lock::Timeout=300 linkchecker >/dev/null) \
    || { echo "bench-deps: could not install linkchecker"; exit 1; }
else
  echo "bench-deps: linkchecker missing and apt-get unavailable (not root?)"
  exit 1
fi
