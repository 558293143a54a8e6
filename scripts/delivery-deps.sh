#!/usr/bin/env bash
# Installs what the delivery tests and benchmarks need: Debian's nginx (the
# nginx configuration test) and wrk (bench/). Prints why and carries on when it
# cannot; the nginx tests then skip with the same reason.
set -u
missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "delivery-deps: installing ${missing[*]} from Debian"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null) \
    || echo "delivery-deps: could not install ${missing[*]}; nginx tests will skip"
  # The Debian package may start a system nginx on port 80; the tests run their own.
else
  echo "delivery-deps: ${missing[*]} missing and apt-get unavailable (not root?); nginx tests will skip"
fi
exit 0
