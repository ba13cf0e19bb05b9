#!/bin/bash
# Runs dashboard.mjs (inside the test's namespace) with the modules that
# setup-browser.sh prepared. usage: browser.sh SRC BASE_URL TOKEN SHOT_DIR
set -u
SRC=$1 BASE=$2 TOKEN=$3 SHOTS=$4
mkdir -p "$SHOTS"
export HOME=${LL_BROWSER_HOME:-$(mktemp -d)}
NODE_PATH=${LL_NODE_MODULES:?run setup-browser.sh first} \
	node "$SRC/tests/http/dashboard.mjs" "$BASE" "$TOKEN" "$SHOTS"
