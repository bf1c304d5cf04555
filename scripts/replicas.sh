#!/usr/bin/env bash
# Two backend replicas on one throw-away PostgreSQL: task claiming, one
# audit chain, scheduled work once per interval, policy reloads reaching
# every replica, and task recovery after kill -9 (e2e-replicas/).
# Usage: scripts/replicas.sh [playwright args]   (scripts/test.sh runs it)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

trap stop_postgres EXIT
ensure_node
ensure_git
ensure_packages
ensure_postgres
cd "$PAVE_ROOT"
start_postgres
step "Two replicas on one PostgreSQL"
CI="${CI:-}" yarn playwright test --config e2e-replicas/playwright.config.ts "$@"
