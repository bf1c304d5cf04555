#!/usr/bin/env bash
# Renders a golden template's skeletons exactly as its fetch:template steps do
# (templates/skeletons/base, then templates/skeletons/<template>), without a
# running Backstage, and proves the result: every YAML/JSON file parses, the
# catalog entities and pipeline match the values, and the generated repository
# passes `npm ci && npm test && npm run build && npx tsc --noEmit && npm run lint`
# unmodified. Then it starts the built service against a local OTLP receiver,
# probes it and stops it with SIGTERM.
#
# Two renders per template: one with a database and a queue in dev+prod and a
# RepoUrlPicker location; one with no resources, all three environments, a
# git URL as location and a description full of quotes, colons and braces.
#
# Usage: scripts/verify-skeleton.sh <template-name> <out-dir>
#   e.g. scripts/verify-skeleton.sh node-worker /tmp/verify/node-worker
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -eq 2 ] || fail "usage: $0 <template-name> <out-dir>"
SKELETONS="$PAVE_ROOT/templates/skeletons"
TEMPLATE_NAME="$1"
[ -d "$SKELETONS/$TEMPLATE_NAME" ] || fail "no skeleton templates/skeletons/$TEMPLATE_NAME"
mkdir -p "$2"
OUT_DIR="$(cd "$2" && pwd)"
case "$OUT_DIR/" in "$PAVE_ROOT/templates"/*) fail "out-dir must be outside templates/" ;; esac

ensure_node >/dev/null
# Backstage's scaffolder and the yaml parser come from the repo's own install.
export NODE_PATH="$PAVE_ROOT/node_modules"

# Renders <skeleton> into <target> with the values JSON through the installed
# Backstage's own fetch:template handler. This Backstage renders with
# nunjitsu (a Nunjucks subset), not nunjucks, so calling its handler is the
# honest check: same `${{ }}` tags, no autoescaping, templated file and
# folder names, the default filters (parseRepoUrl, parseEntityRef, pick,
# projectSlug).
render_skeleton() {
  node - "$1" "$2" "$3" <<'JS'
const path = require('node:path');
const root = process.env.NODE_PATH;
const handlerPath = path.join(root, '@backstage/plugin-scaffolder-backend/dist/scaffolder/actions/builtin/fetch/templateActionHandler.cjs.js');
const { createTemplateActionHandler } = require(handlerPath);
const { ScmIntegrations } = require(path.join(root, '@backstage/integration'));
const { ConfigReader } = require(path.join(root, '@backstage/config'));
const [skeleton, target, valuesJson] = process.argv.slice(2);
const quiet = { info() {}, debug() {}, warn: console.warn, error: console.error, child() { return quiet; } };
createTemplateActionHandler({
  resolveTemplate: async () => skeleton,
  integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  ctx: {
    input: { url: './skeleton', values: JSON.parse(valuesJson) },
    workspacePath: target,
    logger: quiet,
  },
}).catch(error => {
  console.error(`render failed: ${error.stack}`);
  process.exit(1);
});
JS
}

# The base, then the template's own files, as the template's two steps do.
render() {
  render_skeleton "$SKELETONS/base" "$1" "$2"
  render_skeleton "$SKELETONS/$TEMPLATE_NAME" "$1" "$2"
}

# Parses every YAML and JSON file and checks what the values must have produced.
check_rendered() {
  node - "$1" "$2" "$TEMPLATE_NAME" <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const YAML = require(path.join(process.env.NODE_PATH, 'yaml'));
const [dir, valuesJson, template] = process.argv.slice(2);
const values = JSON.parse(valuesJson);
const problems = [];
const expect = (ok, message) => ok || problems.push(message);

function* files(d) {
  for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(d, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else yield p;
  }
}
const docs = {};
let yamlCount = 0;
for (const file of files(dir)) {
  const rel = path.relative(dir, file);
  const text = fs.readFileSync(file, 'utf8');
  // Template syntax that survived rendering is a skeleton bug.
  expect(!/\{%|%\}|\{#-?\s/.test(text), `${rel}: unrendered template tag`);
  if (/\.ya?ml$/.test(file)) {
    yamlCount++;
    const parsed = YAML.parseAllDocuments(text, { prettyErrors: true });
    for (const doc of parsed) {
      for (const e of [...doc.errors, ...doc.warnings]) problems.push(`${rel}: ${e.message}`);
    }
    docs[rel] = parsed.map(d => d.toJS()).filter(d => d != null);
  } else if (/\.json$/.test(file)) {
    try { docs[rel] = JSON.parse(text); } catch (e) { problems.push(`${rel}: ${e.message}`); }
  }
}

const name = values.name;
expect(docs['package.json']?.name === name, 'package.json name');
expect(docs['package.json']?.description === values.description, 'package.json description round-trips');
const lock = docs['package-lock.json'];
expect(lock?.name === name && lock?.packages?.['']?.name === name, 'package-lock.json names');

// catalog-info.yaml: one Component and a Resource per resource and environment.
const catalog = docs['catalog-info.yaml'] ?? [];
const component = catalog.find(e => e.kind === 'Component');
const resources = catalog.filter(e => e.kind === 'Resource');
const typeOf = { postgres: 'database', mysql: 'database', redis: 'cache', queue: 'queue', topic: 'topic', s3: 'bucket' };
expect(component?.metadata?.name === name, 'Component name');
expect(component?.metadata?.description === values.description, 'Component description round-trips');
const a = component?.metadata?.annotations ?? {};
expect(a['backstage.io/techdocs-ref'] === 'dir:.', 'techdocs-ref');
expect(a['pave.dev/template'] === values.templateName, 'template annotation');
expect(a['pave.dev/template-version'] === values.templateVersion, 'template-version annotation');
expect(a['pave.dev/data-classification'] === values.dataClassification, 'data-classification annotation');
expect(a['pave.dev/cost-center'] === values.costCenter, 'cost-center annotation');
expect(component?.spec?.owner === values.owner && component?.spec?.system === values.system, 'Component owner/system');
const wanted = values.resources.flatMap(r => values.environments.map(env => ({ ...r, env, entity: `${name}-${r.name}-${env}` })));
expect(resources.length === wanted.length, `expected ${wanted.length} Resources, got ${resources.length}`);
expect(JSON.stringify([...(component?.spec?.dependsOn ?? [])].sort()) ===
  JSON.stringify(wanted.map(w => `resource:default/${w.entity}`).sort()), 'Component dependsOn lists every Resource');
for (const w of wanted) {
  const e = resources.find(x => x.metadata?.name === w.entity);
  const an = e?.metadata?.annotations ?? {};
  expect(e?.spec?.type === typeOf[w.type], `${w.entity}: spec.type`);
  expect(e?.spec?.owner === values.owner && e?.spec?.system === values.system, `${w.entity}: owner/system`);
  expect(JSON.stringify(e?.spec?.dependencyOf) === JSON.stringify([`component:default/${name}`]), `${w.entity}: dependencyOf`);
  expect(an['pave.dev/environment'] === w.env && an['pave.dev/resource-type'] === w.type &&
    an['pave.dev/size'] === w.size && an['pave.dev/workload-resource'] === w.name, `${w.entity}: annotations`);
  expect(w.entity.length <= 63, `${w.entity}: longer than 63`);
}

// The pipeline plans every rendered environment, and only those.
const ci = docs['.github/workflows/ci.yaml']?.[0];
expect(JSON.stringify(ci?.jobs?.plan?.strategy?.matrix?.environment) === JSON.stringify(values.environments), 'plan matrix = environments');
expect(JSON.stringify(ci?.jobs?.apply?.strategy?.matrix?.environment) === JSON.stringify(values.environments), 'apply matrix = environments');
expect(!/(token|password)\s*[:=]\s*['"]?[A-Za-z0-9]{16,}/i.test(fs.readFileSync(path.join(dir, '.github/workflows/ci.yaml'), 'utf8')), 'no literal secrets');

// Kubernetes: every kind there, all labelled with who owns what.
const k8s = Object.entries(docs).filter(([f]) => f.startsWith('deploy/k8s/')).flatMap(([, d]) => d);
const kinds = new Set(k8s.map(d => d.kind));
// A worker pulls its work: nothing calls it, so it has no Service.
const wantedKinds = ['Rollout', 'AnalysisTemplate', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'ServiceAccount', 'Kustomization'];
if (template !== 'node-worker') wantedKinds.push('Service');
for (const kind of wantedKinds) {
  expect(kinds.has(kind), `deploy/k8s has no ${kind}`);
}
const rollout = k8s.find(d => d.kind === 'Rollout');
for (const object of [...k8s.filter(d => d.kind !== 'Kustomization'), rollout?.spec?.template]) {
  const l = object?.metadata?.labels ?? {};
  expect(l['app.kubernetes.io/name'] === name && l['pave.dev/owner'] === values.ownerName &&
    l['pave.dev/system'] === values.system && l['pave.dev/data-classification'] === values.dataClassification,
    `${object?.kind ?? 'pod template'} ${object?.metadata?.name ?? ''}: labels`);
}
const pod = rollout?.spec?.template?.spec;
const c = pod?.containers?.[0];
expect(pod?.securityContext?.runAsNonRoot === true && c?.securityContext?.readOnlyRootFilesystem === true, 'non-root, read-only root');
expect(c?.livenessProbe?.httpGet?.path === '/healthz' && c?.readinessProbe?.httpGet?.path === '/readyz', 'probes');
expect(c?.resources?.requests && c?.resources?.limits, 'requests/limits');
expect(rollout?.spec?.strategy?.canary?.steps?.some(s => s.pause), 'canary pauses');

const codeowners = fs.readFileSync(path.join(dir, '.github/CODEOWNERS'), 'utf8');
const org = values.repoUrl.includes('?')
  ? new URLSearchParams(values.repoUrl.split('?')[1]).get('owner')
  : new URL(values.repoUrl).pathname.split('/')[1];
expect(codeowners.includes(`@${org}/${values.ownerName}`), 'CODEOWNERS team');

if (problems.length) {
  console.error(problems.map(p => `  ✗ ${p}`).join('\n'));
  process.exit(1);
}
console.log(`  ${yamlCount} YAML files parse; catalog: 1 Component + ${resources.length} Resources; k8s kinds: ${[...kinds].sort().join(', ')}`);
JS
}

# Starts the Dockerfile's CMD with the SDK on and a local OTLP/HTTP receiver,
# checks the probes, a traced request's log line, then SIGTERM: exit 0 and
# spans and metrics flushed.
smoke() {
  node - "$1" "$TEMPLATE_NAME" <<'JS'
const { spawn } = require('node:child_process');
const http = require('node:http');
const [dir, template] = process.argv.slice(2);
const received = { '/v1/traces': 0, '/v1/metrics': 0 };
const collector = http.createServer((req, res) => {
  req.resume().on('end', () => { received[req.url] = (received[req.url] ?? 0) + 1; res.end('{}'); });
});
const listen = s => new Promise(r => s.listen(0, '127.0.0.1', () => r(s.address().port)));
let child;
// Never leave the service running behind a failed check.
const fail = m => { child?.kill('SIGKILL'); console.error(`  ✗ smoke: ${m}`); process.exit(1); };
(async () => {
  const otlpPort = await listen(collector);
  // A free port: bind to 0, note it, let it go.
  const probe = http.createServer();
  const port = await listen(probe);
  await new Promise(r => probe.close(r));
  const env = {
    ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_LOGS_EXPORTER: 'none', OTEL_METRIC_EXPORT_INTERVAL: '1000', SHUTDOWN_DELAY_MS: '200',
  };
  delete env.OTEL_SDK_DISABLED;
  // The image's own command, so SIGTERM goes straight to node as in a pod.
  const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(require('node:fs').readFileSync(`${dir}/Dockerfile`, 'utf8'))[1]);
  child = spawn(cmd[0], cmd.slice(1), { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', d => (out += d));
  child.stderr.on('data', d => (out += d));
  const base = `http://127.0.0.1:${port}`;
  const get = async p => { const r = await fetch(base + p); return { status: r.status, body: await r.json() }; };
  let health;
  for (let i = 0; i < 100 && !health; i++) {
    health = await get('/healthz').catch(() => undefined);
    if (!health) await new Promise(r => setTimeout(r, 100));
  }
  if (health?.status !== 200) fail(`/healthz never answered 200\n${out}`);
  const ready = await get('/readyz');
  console.log(`  /healthz ${health.status}; /readyz ${ready.status} ${JSON.stringify(ready.body)}`);
  if (template === 'node-http-service') {
    const hello = await get('/v1/greetings?name=Ada');
    if (hello.status !== 200) fail(`/v1/greetings answered ${hello.status}`);
    const bad = await get('/v1/greetings?name=');
    if (bad.status !== 400) fail(`/v1/greetings with an empty name answered ${bad.status}`);
  }
  const started = Date.now();
  child.kill('SIGTERM');
  const code = await new Promise(r => child.on('exit', r));
  const lines = out.trim().split('\n').filter(Boolean);
  const nonJson = lines.filter(l => { try { JSON.parse(l); return false; } catch { return true; } });
  if (code !== 0) fail(`exit code ${code} after SIGTERM\n${out}`);
  if (nonJson.length) fail(`non-JSON output lines:\n${nonJson.join('\n')}`);
  const logs = lines.map(l => JSON.parse(l));
  if (template === 'node-http-service') {
    const traced = logs.find(l => l.msg === 'greeted' && /^[0-9a-f]{32}$/.test(l.trace_id) && /^[0-9a-f]{16}$/.test(l.span_id));
    if (!traced) fail(`no 'greeted' log line with trace_id/span_id:\n${out}`);
    if (!received['/v1/traces']) fail('no spans reached the OTLP receiver by exit');
  }
  if (!received['/v1/metrics']) fail('no metrics reached the OTLP receiver by exit');
  console.log(`  SIGTERM → exit 0 in ${Date.now() - started} ms; ${logs.length} JSON log lines; OTLP posts: ${JSON.stringify(received)}`);
  collector.close();
})().catch(e => fail(e.stack));
JS
}

# <label> <values-json>
verify() {
  local label="$1" values="$2" target="$OUT_DIR/$1"
  step "$TEMPLATE_NAME / $label: render"
  rm -rf "$target"
  mkdir -p "$target"
  render "$target" "$values"
  note "$(find "$target" -type f | wc -l) files"
  check_rendered "$target" "$values" || fail "$label: rendered files are wrong"

  step "$TEMPLATE_NAME / $label: npm ci && npm test"
  local t0 t1 t2
  t0=$(date +%s.%N)
  (cd "$target" && npm ci --no-audit --no-fund --loglevel=error >"$target.npm-ci.log" 2>&1) ||
    { tail -30 "$target.npm-ci.log"; fail "$label: npm ci failed"; }
  t1=$(date +%s.%N)
  (cd "$target" && npm test >"$target.test.log" 2>&1) || { tail -60 "$target.test.log"; fail "$label: npm test failed"; }
  t2=$(date +%s.%N)
  note "$(grep -E '^ℹ (tests|pass|fail)' "$target.test.log" | tr '\n' ' ')"
  step "$TEMPLATE_NAME / $label: npm run build && npx tsc --noEmit && npm run lint"
  (cd "$target" && npm run build --silent && npx tsc --noEmit && npm run lint --silent) >"$target.checks.log" 2>&1 ||
    { tail -60 "$target.checks.log"; fail "$label: build, type check or lint failed"; }
  note "clean"
  step "$TEMPLATE_NAME / $label: start, probe, SIGTERM"
  smoke "$target"
  RESULTS+=("$(awk -v a="$t0" -v b="$t1" -v c="$t2" -v l="$TEMPLATE_NAME/$label" -v s="$(du -sh "$target/node_modules" | cut -f1)" \
    'BEGIN { printf "%-40s npm ci %5.1f s + npm test %5.1f s = %5.1f s; node_modules %s", l, b - a, c - b, c - a, s }')")
}

common='"ownerName": "payments", "owner": "group:default/payments", "system": "payments-platform",
  "templateName": "'"$TEMPLATE_NAME"'", "templateVersion": "1.0.0", "costCenter": "CC-2100"'
RESULTS=()
verify with-resources '{ '"$common"',
  "name": "orders", "description": "Takes orders and hands them to fulfilment.",
  "dataClassification": "confidential", "repoUrl": "github.com?owner=acme&repo=orders",
  "resources": [{ "name": "db", "type": "postgres", "size": "medium" }, { "name": "jobs", "type": "queue", "size": "small" }],
  "environments": ["dev", "prod"] }'
verify no-resources '{ '"$common"',
  "name": "a-very-long-service-name",
  "description": "Says \"quotes\": and {{ braces }}, ${{ values.name }}, '\''single'\'' & # not a comment",
  "dataClassification": "public", "repoUrl": "https://github.com/acme/a-very-long-service-name.git",
  "resources": [], "environments": ["dev", "staging", "prod"] }'

step "$TEMPLATE_NAME: all checks passed"
printf '  %s\n' "${RESULTS[@]}"
