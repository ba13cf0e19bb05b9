#!/bin/bash
# Prepares the dashboard test's driver: playwright-core (pinned in
# package-lock.json) from the npm registry into a cache directory, once;
# Chromium itself is Debian's (/usr/bin/chromium, make deps). Prints the
# node_modules directory. Runs outside any test namespace (it needs the
# registry).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=${LL_NODE_CACHE:-/var/tmp/lanlease-node}
mkdir -p "$dir"
if ! cmp -s "$here/package-lock.json" "$dir/package-lock.json" ||
	[ ! -f "$dir/node_modules/playwright-core/package.json" ]; then
	cp "$here/package.json" "$here/package-lock.json" "$dir/"
	(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
[ -x /usr/bin/chromium ] || { echo "setup-browser: /usr/bin/chromium is missing (make deps)" >&2; exit 1; }
echo "$dir/node_modules"
