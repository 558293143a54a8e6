#!/usr/bin/env bash
# Installs what the browser tests and the HTML check need: Debian's chromium
# (never a downloaded browser), a Java runtime from Debian for the Nu HTML
# Checker, and axe-core and vnu-jar from npm (package-lock.json; vnu-jar's
# own Java download is not run). Prints why and carries on when it cannot;
# the tests then skip with the same reason.
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
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "browser-deps: installing Debian's Java runtime for the Nu HTML Checker"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null) \
      || echo "browser-deps: could not install java; the HTML check will skip"
  else
    echo "browser-deps: java missing and apt-get unavailable (not root?); the HTML check will skip"
  fi
fi
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --ignore-scripts --silent --no-audit --no-fund >/dev/null 2>&1 || echo "browser-deps: npm ci failed; accessibility and HTML checks will skip"
  else
    echo "browser-deps: npm missing; accessibility and HTML checks will skip"
  fi
fi
exit 0
