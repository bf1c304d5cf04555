import { expect, test } from '@playwright/test';
import {
  ChildProcess,
  execFileSync,
  spawn,
  spawnSync,
} from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import { guestHeaders, signInAsGuest } from './signIn';

/**
 * The `pave` CLI as people run it: the built binary (scripts/test.sh builds
 * packages/cli first) in a subprocess, against the real backend, with its
 * login in a throw-away config directory.
 */

const BASE = process.env.PAVE_E2E_URL ?? 'http://localhost:7007';
const TOKEN = process.env.PAVE_API_TOKEN!;
const BIN = resolve(__dirname, '../packages/cli/bin/pave');
const BUNDLE = resolve(__dirname, '../packages/cli/dist/pave.cjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let configDir: string;
let workDir: string;

test.beforeAll(() => {
  expect(existsSync(BUNDLE), 'scripts/test.sh builds packages/cli').toBe(true);
  configDir = mkdtempSync(join(tmpdir(), 'pave-cli-config-'));
  workDir = mkdtempSync(join(tmpdir(), 'pave-cli-work-'));
});

test.afterAll(() => {
  rmSync(configDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
});

/** The environment of a shell with no Pave variables but ours. */
function cliEnv(extra: Record<string, string> = {}) {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    PAVE_CONFIG_DIR: configDir,
    NO_COLOR: '1',
  };
  return { ...env, ...extra };
}

function start(args: string[], extra: Record<string, string> = {}) {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: workDir,
    env: cliEnv(extra),
  });
}

function finish(child: ChildProcess): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', d => (stdout += d));
  child.stderr!.on('data', d => (stderr += d));
  return new Promise(done =>
    child.on('close', code => done({ code, stdout, stderr })),
  );
}

function pave(args: string[], extra: Record<string, string> = {}) {
  return finish(start(args, extra));
}

const withToken = { PAVE_URL: BASE, PAVE_API_TOKEN: TOKEN };

test('usage errors exit 2 and say what is wrong', async () => {
  const version = await pave(['--version']);
  expect(version.code).toBe(0);
  expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);

  const unknown = await pave(['templates', '--bogus']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain("unknown option '--bogus'");

  const missing = await pave(['create']);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain("missing required argument 'template'");

  const noEnv = await pave(['env', 'deploy', 'orders'], withToken);
  expect(noEnv.code).toBe(2);
  expect(noEnv.stderr).toContain("required option '-e, --env <name>'");

  const badSet = await pave(
    ['create', 'node-worker', '--set', 'novalue'],
    withToken,
  );
  expect(badSet.code).toBe(2);
  expect(badSet.stderr).toContain('--set: expected key=value');

  const help = await pave(['plan', '--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('Examples:');
});

test('packs as one npm package that installs without the registry and runs', async () => {
  const tarball = execFileSync(
    process.execPath,
    [resolve(__dirname, '../packages/cli/pack.cjs')],
    { encoding: 'utf8' },
  ).trim();
  const prefix = join(workDir, 'global');
  execFileSync(
    'npm',
    [
      'install',
      '--global',
      '--offline',
      '--prefix',
      prefix,
      resolve(__dirname, '..', tarball),
    ],
    { stdio: 'pipe' },
  );
  const installed = spawnSync(
    join(prefix, 'bin', 'pave'),
    ['templates', '--json'],
    {
      encoding: 'utf8',
      env: cliEnv(withToken),
    },
  );
  expect(installed.status, installed.stderr).toBe(0);
  expect(JSON.parse(installed.stdout).items.length).toBeGreaterThanOrEqual(2);
});

test('a wrong token or an unreachable server exits 3 and says to log in', async () => {
  const wrong = await pave(['templates'], {
    PAVE_URL: BASE,
    PAVE_API_TOKEN: 'not-the-token-0123456789',
  });
  expect(wrong.code).toBe(3);
  expect(wrong.stderr).toContain('401');
  expect(wrong.stderr).toContain('pave login');

  const down = await pave(['templates'], {
    PAVE_URL: 'http://127.0.0.1:9',
    PAVE_API_TOKEN: TOKEN,
  });
  expect(down.code).toBe(3);
  expect(down.stderr).toContain('Cannot reach Pave at http://127.0.0.1:9');

  const nobody = await pave(['whoami']);
  expect(nobody.code).toBe(3);
  expect(nobody.stderr).toContain('pave login');
});

test('an API token logs in, is stored for the user alone, and lists templates', async () => {
  const login = await pave(['login', '--url', BASE], { PAVE_API_TOKEN: TOKEN });
  expect(login.code, login.stderr).toBe(0);
  expect(statSync(join(configDir, 'login.json')).mode & 0o777).toBe(0o600);

  const whoami = await pave(['whoami', '--json']);
  expect(JSON.parse(whoami.stdout)).toEqual({ url: BASE, type: 'service' });

  const templates = await pave(['templates', '--json']);
  expect(templates.code).toBe(0);
  const names = JSON.parse(templates.stdout).items.map((t: any) => t.name);
  expect(names).toEqual(
    expect.arrayContaining(['node-http-service', 'node-worker']),
  );

  // Templates run as a person: a service token is told how to sign in.
  const create = await pave(['create', 'node-worker', '--set', 'name=x']);
  expect(create.code).toBe(1);
  expect(create.stderr).toContain('pave login --url');
  expect(create.stderr).toContain('--web');

  // Nothing of the token is printed.
  expect(login.stdout + whoami.stdout + templates.stdout).not.toContain(TOKEN);
});

/**
 * The generated repository's CI job that calls Pave, run as GitHub's runner
 * would (bash -eo pipefail, the job's env, `pave` on the PATH): it passes
 * on the service as created, and fails naming the rule once score.yaml
 * breaks one.
 */
async function runsTheWorkflowsPaveStep(repository: string) {
  const clone = mkdtempSync(join(tmpdir(), 'pave-cli-clone-'));
  try {
    execFileSync('git', ['clone', '-q', repository, clone]);
    const workflow = YAML.parse(
      readFileSync(join(clone, '.github/workflows/ci.yaml'), 'utf8'),
    );
    const steps: Array<{ run?: string }> = workflow.jobs.pave.steps;
    expect(steps.some(step => /curl/.test(step.run ?? ''))).toBe(false);
    const step = steps.find(s => /pave plan/.test(s.run ?? ''))!;
    expect(step).toBeDefined();
    const bin = join(clone, '.bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'pave'),
      `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`,
      {
        mode: 0o755,
      },
    );
    const summary = join(clone, 'summary.md');
    const runStep = () =>
      spawnSync(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!],
        {
          cwd: clone,
          encoding: 'utf8',
          env: {
            PATH: `${bin}:${process.env.PATH}`,
            HOME: process.env.HOME ?? '',
            PAVE_CONFIG_DIR: join(clone, '.pave'),
            PAVE_URL: BASE,
            PAVE_API_TOKEN: TOKEN,
            PAVE_ENVIRONMENTS: workflow.env.PAVE_ENVIRONMENTS,
            GITHUB_ACTOR: 'guest',
            GITHUB_STEP_SUMMARY: summary,
            NO_COLOR: '1',
          },
        },
      );
    const allowed = runStep();
    expect(allowed.status, allowed.stdout + allowed.stderr).toBe(0);
    expect(readFileSync(summary, 'utf8')).toContain('✔ Allowed');

    const score = join(clone, 'score.yaml');
    writeFileSync(
      score,
      readFileSync(score, 'utf8').replace(/^(  name: )(.*)$/m, '$1pave-$2'),
    );
    const denied = runStep();
    expect(denied.status).toBe(1);
    expect(denied.stdout).toContain(
      "::error::Pave's policies deny this change",
    );
    expect(readFileSync(summary, 'utf8')).toContain('service-name-convention');
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
}

test.describe.serial('signed in as a person', () => {
  test('pave login --web: the portal asks the signed-in person to approve', async ({
    page,
  }) => {
    await signInAsGuest(page);
    const login = start(['login', '--url', BASE, '--web', '--no-browser']);
    const done = finish(login);
    const authorizeUrl = await new Promise<string>((found, fail) => {
      let text = '';
      login.stderr!.on('data', d => {
        text += d;
        const match = /(http\S+\/api\/auth\/v1\/authorize\S+)/.exec(text);
        if (match) found(match[1]);
      });
      login.on('close', () => fail(new Error(`no sign-in URL: ${text}`)));
    });
    await page.goto(authorizeUrl);
    await page.getByRole('button', { name: 'Authorize' }).click();
    await expect(page.getByText(/Signed in to Pave/)).toBeVisible();
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('as user:default/guest');

    // The same permission as the portal's Deploy button: not their service.
    const foreign = await pave([
      'env',
      'deploy',
      'kyc-service',
      '--env',
      'local',
    ]);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain(
      'Not allowed (403): You may not deploy component:default/kyc-service',
    );

    const whoami = await pave(['whoami', '--json']);
    expect(JSON.parse(whoami.stdout)).toEqual({
      url: BASE,
      type: 'user',
      userEntityRef: 'user:default/guest',
      groups: ['group:default/payments'],
    });
  });

  for (const template of ['node-http-service', 'node-worker']) {
    test(`pave create ${template}: the steps live, the new entity and repository`, async ({
      request,
    }) => {
      test.setTimeout(300_000);
      const name = `cli-${template.split('-')[1]}-${Date.now().toString(36)}`;
      const values = join(workDir, `${name}.yaml`);
      writeFileSync(
        values,
        [
          `name: ${name}`,
          'owner: group:default/payments',
          'system: system:default/payments-platform',
          'dataClassification: internal',
          'environments: [dev]',
          template === 'node-worker'
            ? 'resources:\n  - { name: jobs, type: queue, size: small }'
            : 'resources:\n  - { name: db, type: postgres, size: small }',
        ].join('\n'),
      );
      const run = await pave(['create', template, '-f', values, '--json']);
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result.status).toBe('completed');
      expect(result.entityRef).toBe(`component:default/${name}`);
      expect(result.repository).toMatch(new RegExp(`${name}\\.git$`));
      // A progress line per step, in order, each ticked off.
      const steps: Array<{ name: string; status: string }> = result.steps;
      expect(steps.length).toBeGreaterThan(4);
      expect(steps.every(s => s.status === 'completed')).toBe(true);
      let at = -1;
      for (const [i, step] of steps.entries()) {
        const line = `✔ [${i + 1}/${steps.length}] ${step.name}`;
        const next = run.stderr.indexOf(line);
        expect(next, `${line} in\n${run.stderr}`).toBeGreaterThan(at);
        at = next;
      }
      // The task log streamed with them.
      expect(run.stderr).toContain('Policy check allowed');

      await runsTheWorkflowsPaveStep(result.repository);

      const headers = await guestHeaders(request);
      const entity = await request.get(
        `/api/catalog/entities/by-name/component/default/${name}`,
        { headers },
      );
      expect(entity.status()).toBe(200);

      // Its environment, through the same commands.
      const ls = await pave(['env', 'ls', name, '--json']);
      expect(ls.code, ls.stderr).toBe(0);
      const [deployment] = JSON.parse(ls.stdout).items;
      expect(deployment).toMatchObject({
        environment: 'local',
        status: 'running',
      });
      const logs = await pave(['env', 'logs', deployment.id, '-n', '20']);
      expect(logs.code, logs.stderr).toBe(0);
      expect(logs.stdout).toMatch(/"msg"|level/);
      const destroy = await pave(['env', 'destroy', deployment.id, '--json']);
      expect(destroy.code, destroy.stderr).toBe(0);
      expect(JSON.parse(destroy.stdout).status).toBe('destroyed');
      if (template === 'node-worker') {
        // Deployed again from the CLI: it waits, a line per step, until running.
        const deploy = await pave([
          'env',
          'deploy',
          name,
          '--env',
          'local',
          '--json',
        ]);
        expect(deploy.code, deploy.stderr).toBe(0);
        const again = JSON.parse(deploy.stdout);
        expect(again.status).toBe('running');
        expect(deploy.stderr).toContain(
          `✔ component:default/${name} → local: running`,
        );
        const gone = await pave(['env', 'destroy', again.id]);
        expect(gone.code, gone.stderr).toBe(0);
      }

      const audit = await pave(['audit', name, '--json']);
      expect(audit.code, audit.stderr).toBe(0);
      const events = JSON.parse(audit.stdout).items.map(
        (e: any) => `${e.plugin}.${e.eventId}`,
      );
      expect(events).toEqual(
        expect.arrayContaining(['environments.environment-deploy']),
      );
    });
  }

  test('pave plan: the wizard’s verdict and cost, byte for byte; a deny exits 1 naming the rule', async ({
    request,
  }) => {
    const score = join(workDir, 'score.yaml');
    writeFileSync(
      score,
      [
        'apiVersion: score.dev/v1b1',
        'metadata:',
        '  name: pave-ledger',
        'containers:',
        '  main:',
        '    image: .',
        '    variables:',
        '      DB: postgres://${resources.db.host}:${resources.db.port}/${resources.db.name}',
        '      CACHE: ${resources.cache.host}',
        'resources:',
        '  db: { type: postgres }',
        '  cache: { type: redis }',
        '  events: { type: amqp }',
      ].join('\n'),
    );
    const args = [
      'plan',
      score,
      '--env',
      'dev,prod',
      '--owner',
      'payments',
      '--system',
      'payments-platform',
      '--template',
      'node-http-service',
    ];
    const human = await pave(args);
    expect(human.code, human.stderr).toBe(1);
    expect(human.stdout).toContain('✖ Denied');
    expect(human.stdout).toContain('service-name-convention');
    expect(human.stdout).toContain('metadata.name in the Score file');

    const json = await pave([...args, '--json']);
    expect(json.code).toBe(1);
    const cli = JSON.parse(json.stdout);
    expect(cli.decision).toBe('deny');

    // The wizard's live panel sends this body for the same inputs.
    const wizard = await request.post('/api/policy/template-check', {
      headers: await guestHeaders(request),
      data: {
        template: 'node-http-service',
        name: 'pave-ledger',
        owner: 'group:default/payments',
        system: 'payments-platform',
        workload: {
          apiVersion: 'score.dev/v1b1',
          metadata: { name: 'pave-ledger' },
          containers: {
            main: {
              image: '.',
              variables: {
                DB: 'postgres://${resources.db.host}:${resources.db.port}/${resources.db.name}',
                CACHE: '${resources.cache.host}',
              },
            },
          },
          resources: {
            db: { type: 'postgres' },
            cache: { type: 'redis' },
            events: { type: 'amqp' },
          },
        },
        environments: ['dev', 'prod'],
      },
    });
    expect(wizard.status()).toBe(200);
    expect(cli).toEqual(await wizard.json());
    expect(cli.cost.estimate.monthlyUsd).toBeGreaterThan(0);

    const check = await pave(['policy', 'check', ...args.slice(1), '--json']);
    expect(check.code).toBe(1);
    expect(
      JSON.parse(check.stdout).violations.map((v: any) => v.policyId),
    ).toEqual(cli.violations.map((v: any) => v.policyId));

    const estimate = await pave([
      'cost',
      'estimate',
      ...args.slice(1),
      '--json',
    ]);
    expect(estimate.code, estimate.stderr).toBe(0);
    expect(JSON.parse(estimate.stdout).monthlyUsd).toBe(
      cli.cost.estimate.monthlyUsd,
    );

    // A Score file the server refuses: exit 2 with the server's words.
    writeFileSync(
      score,
      'apiVersion: score.dev/v1b1\nmetadata: { name: ok-name }\ncontainers: {}\n',
    );
    const refused = await pave([
      'plan',
      score,
      '--env',
      'dev',
      '--owner',
      'payments',
      '--template',
      'node-http-service',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /Refused \(400\): .*workload\.containers: needs at least one container/,
    );
  });

  test('pave audit --follow prints each new event as it is recorded', async ({
    request,
  }) => {
    const follow = start([
      'audit',
      'payments-gateway',
      '--follow',
      '--json',
      '-n',
      '1',
    ]);
    const lines: any[] = [];
    let buffer = '';
    follow.stdout!.on('data', chunk => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      lines.push(...parts.filter(Boolean).map(line => JSON.parse(line)));
    });
    try {
      await new Promise(r => setTimeout(r, 1000));
      const since = new Date().toISOString();
      const read = await request.get(
        '/api/catalog/entities/by-name/component/default/payments-gateway',
        { headers: await guestHeaders(request) },
      );
      expect(read.status()).toBe(200);
      await expect
        .poll(
          () =>
            lines.some(
              e => e.eventId === 'entity-fetch' && e.time >= since.slice(0, 19),
            ),
          { timeout: 15_000 },
        )
        .toBe(true);
    } finally {
      follow.kill();
    }
  });

  test('pave audit verify and pave logout', async () => {
    const verify = await pave(['audit', 'verify', '--json'], withToken);
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout).valid).toBe(true);

    const logout = await pave(['logout', '--json']);
    expect(JSON.parse(logout.stdout)).toEqual({ removed: true, revoked: true });
    const after = await pave(['whoami']);
    expect(after.code).toBe(3);
  });
});
