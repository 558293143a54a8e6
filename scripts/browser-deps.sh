#!/usr/bin/env bash
# Installs what the browser tests need: Debian's chromium (never a downloaded
# browser) and axe-core from npm. Prints why and carries on when it cannot;
# the browser tests then skip with the same reason.
set -u
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "browser-deps: installing Debian's chromium"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "browser-deps: could not install chromium; browser tests will skip"
  else
    echo "browser-deps: chromium missing and apt-get unavailable (not root?); browser tests will skip"
  fi
fi
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --silent --no-audit --no-fund >/dev/null 2>&1 || echo "browser-deps: npm ci failed; accessibility checks will skip"
  else
    echo "browser-deps: npm missing; accessibility checks will skip"
  fi
fi
exit 0
