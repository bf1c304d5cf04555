#!/usr/bin/env bash
# Runs every test: type check, lint, format, unit and store tests on SQLite
# and PostgreSQL, then end-to-end tests in Chromium against the production
# build. Usage: scripts/test.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started=$SECONDS
BACKEND_LOG=""
cleanup() {
  stop_postgres
  [ -n "${E2E_DIR:-}" ] && rm -rf "$E2E_DIR"
  true
}
trap cleanup EXIT

ensure_node
ensure_git
ensure_packages
ensure_postgres
ensure_local_servers
ensure_chromium
cd "$PAVE_ROOT"

step "Type check (tsc)"
yarn tsc

step "Lint"
yarn lint

step "Format (prettier)"
yarn prettier:check >/dev/null || { yarn prettier:check; fail "prettier: run 'yarn prettier --write .'"; }
note "clean"

start_postgres
# TestDatabases must never reach for Docker: PostgreSQL is the one started above.
export BACKSTAGE_TEST_DISABLE_DOCKER=1
step "Unit and store tests (SQLite and PostgreSQL)"
CI=true yarn test --ci --json --outputFile="$PAVE_TOOLS/jest-results.json"
stop_postgres

step "Building the portal for production"
yarn workspace app build >/dev/null
note "packages/app/dist: $(du -sh packages/app/dist | cut -f1)"

step "Building the pave CLI"
yarn workspace @pave/cli build
note "packages/cli/dist/pave.cjs: $(du -sh packages/cli/dist/pave.cjs | cut -f1)"

step "End-to-end tests in Chromium"
E2E_DIR="$(mktemp -d /tmp/pave-e2e.XXXXXX)"
# mktemp makes it 700; the local target's PostgreSQL and RabbitMQ run as
# their own users and must reach their directories under the data directory.
chmod 711 "$E2E_DIR"
export PAVE_DATA_DIR="$E2E_DIR/data" PAVE_WORK_DIR="$E2E_DIR/work"
mkdir -p "$PAVE_DATA_DIR" "$PAVE_WORK_DIR"
# The backend serves the built app itself, on its own URL.
export PAVE_APP_URL="http://localhost:7007"
PAVE_API_TOKEN="$(node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("base64url"))')"
export PAVE_API_TOKEN
PLAYWRIGHT_JSON_OUTPUT_NAME="$PAVE_TOOLS/e2e-results.json" CI=true yarn test:e2e --reporter=list,json

step "Two replicas on one PostgreSQL (e2e-replicas/, also scripts/replicas.sh)"
start_postgres
PLAYWRIGHT_JSON_OUTPUT_NAME="$PAVE_TOOLS/replicas-results.json" CI=true \
  yarn playwright test --config e2e-replicas/playwright.config.ts --reporter=list,json
stop_postgres

step "All tests passed in $((SECONDS - started)) s"
# One plain closing line over both runners.
node -e '
const fs = require("fs");
const jest = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const runs = process.argv.slice(2).map(f => JSON.parse(fs.readFileSync(f, "utf8")).stats);
const sum = key => runs.reduce((n, r) => n + r[key], 0);
const passed = jest.numPassedTests + sum("expected") + sum("flaky");
const failed = jest.numFailedTests + sum("unexpected");
const skipped = jest.numPendingTests + sum("skipped");
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$PAVE_TOOLS/jest-results.json" "$PAVE_TOOLS/e2e-results.json" "$PAVE_TOOLS/replicas-results.json"
