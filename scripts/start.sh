#!/usr/bin/env bash
# Sets up and starts the Pave portal (frontend + backend) on the embedded
# SQLite database. Usage: scripts/start.sh
# Data lives in ./data (override with PAVE_DATA_DIR) and survives restarts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started=$SECONDS
ensure_node
ensure_git
ensure_packages
# The local runtime target's servers; PAVE_LOCAL_TARGET=off skips them (and
# switches the target off: deploys to it then answer 400).
if [ "${PAVE_LOCAL_TARGET:-on}" != off ]; then
  ensure_local_servers
fi

export PAVE_DATA_DIR="${PAVE_DATA_DIR:-$PAVE_ROOT/data}"
mkdir -p "$PAVE_DATA_DIR"
export PAVE_DATA_DIR="$(cd "$PAVE_DATA_DIR" && pwd)"
ensure_api_token "$PAVE_DATA_DIR"

step "Starting Pave (set-up took $((SECONDS - started)) s)"
note "Portal:     http://localhost:3000   (sign in as Guest)"
note "API:        http://localhost:7007/api"
note "Data:       $PAVE_DATA_DIR"
if [ -f "$PAVE_DATA_DIR/api-token" ]; then
  note "API token:  export PAVE_API_TOKEN=\$(cat $PAVE_DATA_DIR/api-token)"
else
  note "API token:  \$PAVE_API_TOKEN from your environment"
fi
config=(--config "$PAVE_ROOT/app-config.yaml")
if [ -n "${POSTGRES_HOST:-}" ]; then
  config+=(--config "$PAVE_ROOT/app-config.postgres.yaml")
  note "Database:   PostgreSQL at $POSTGRES_HOST:${POSTGRES_PORT:-5432}"
else
  note "Database:   SQLite files in $PAVE_DATA_DIR"
fi
# app-config.local.yaml (git-ignored) is for personal overrides.
[ -f "$PAVE_ROOT/app-config.local.yaml" ] && config+=(--config "$PAVE_ROOT/app-config.local.yaml")
note "Stop with Ctrl-C."
echo
cd "$PAVE_ROOT"
exec yarn start "${config[@]}"
