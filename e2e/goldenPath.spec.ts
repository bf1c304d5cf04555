import { APIRequestContext, expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESCAPE_SENTINEL } from './hostileStrings';
import { guestHeaders } from './signIn';

/**
 * A description a template must carry as text, not run: scaffolder and
 * Terraform syntax, YAML and JSON breakouts, shell, HTML, Unicode tricks.
 */
const HOSTILE_DESCRIPTION = `Refund "instant" payments: \${{ values.name }} {{ 7*7 }} \${var.x} %{ if 1 }%{ endif } $(touch ${ESCAPE_SENTINEL}) \`id\` ': &a [*a]' # ../../x <b>x</b> \u202e e\u0301 👩‍💻`;

/**
 * The golden path through the REST API, as the `pave` CLI drives it: a
 * payments developer scaffolds each golden template, the task publishes a
 * real git repository and registers it, the catalog shows the service with
 * one Resource per resource and environment, and the repository builds and
 * tests with nothing but `npm`.
 */

interface TaskEvent {
  type: string;
  body: { message?: string; output?: any };
}

async function runTask(
  request: APIRequestContext,
  headers: Record<string, string>,
  templateRef: string,
  values: Record<string, unknown>,
) {
  const created = await request.post('/api/scaffolder/v2/tasks', {
    headers,
    data: { templateRef, values },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  const started = Date.now();
  let status = 'open';
  while (!['completed', 'failed', 'cancelled'].includes(status)) {
    expect(Date.now() - started, `task ${id} still ${status}`).toBeLessThan(
      240_000,
    );
    await new Promise(r => setTimeout(r, 500));
    const task = await request.get(`/api/scaffolder/v2/tasks/${id}`, {
      headers,
    });
    status = (await task.json()).status;
  }
  const events: TaskEvent[] = await (
    await request.get(`/api/scaffolder/v2/tasks/${id}/events`, { headers })
  ).json();
  const log = events
    .filter(e => e.type === 'log')
    .map(e => e.body.message)
    .join('\n');
  const completion = events.find(e => e.type === 'completion');
  return {
    id,
    status,
    log,
    output: completion?.body.output,
    ms: Date.now() - started,
  };
}

function timed(command: string, args: string[], cwd: string) {
  const started = Date.now();
  execFileSync(command, args, { cwd, stdio: 'pipe', timeout: 300_000 });
  return Date.now() - started;
}

for (const [template, resources] of [
  [
    'node-http-service',
    [
      { name: 'db', type: 'postgres', size: 'small' },
      { name: 'cache', type: 'redis', size: 'small' },
    ],
  ],
  ['node-worker', [{ name: 'jobs', type: 'queue', size: 'small' }]],
] as const) {
  test(`${template}: scaffolded through the API, published, registered with its resources, builds and tests`, async ({
    request,
  }) => {
    test.setTimeout(600_000);
    const headers = await guestHeaders(request);
    const name = `${
      template === 'node-worker' ? 'wk' : 'api'
    }-${Date.now().toString(36)}`;
    const environments = ['dev', 'prod'];
    const task = await runTask(
      request,
      headers,
      `template:default/${template}`,
      {
        name,
        description: HOSTILE_DESCRIPTION,
        owner: 'group:default/payments',
        system: 'system:default/payments-platform',
        dataClassification: 'confidential',
        resources,
        environments,
      },
    );
    expect(task.status, task.log).toBe('completed');
    expect(task.log).toMatch(/Policy check allowed/);
    expect(existsSync(ESCAPE_SENTINEL), 'the description ran').toBe(false);
    console.log(`${template}: task to running in ${task.ms} ms`);

    // Running in the local environment, every dependency connected (the
    // worker's consumer on RabbitMQ among them).
    const running = task.output.links.find((l: any) =>
      /^Running service/.test(l.title),
    );
    expect(running, task.log).toBeDefined();
    const ready = await request.get(`${running.url}/readyz`);
    expect(ready.status()).toBe(200);
    const { dependencies } = await ready.json();
    expect(dependencies.map((d: any) => [d.name, d.ok])).toEqual(
      [
        ...(template === 'node-worker' ? ['consumer'] : []),
        ...resources.map(r => r.name),
      ].map(n => [n, true]),
    );

    // In the catalog, with one Resource per resource and environment.
    const component = await request.get(
      `/api/catalog/entities/by-name/component/default/${name}`,
      { headers },
    );
    expect(component.status()).toBe(200);
    const entity = await component.json();
    expect(entity.spec.owner).toBe('group:default/payments');
    // Kept as typed through the template, the YAML and the catalog.
    expect(entity.metadata.description).toBe(HOSTILE_DESCRIPTION);
    expect(entity.metadata.annotations['pave.dev/data-classification']).toBe(
      'confidential',
    );
    const dependsOn = entity.relations
      .filter((r: any) => r.type === 'dependsOn')
      .map((r: any) => r.targetRef)
      .sort();
    expect(dependsOn).toEqual(
      resources
        .flatMap(r =>
          environments.map(env => `resource:default/${name}-${r.name}-${env}`),
        )
        .sort(),
    );

    // A real repository: clone it and run what its pipeline runs.
    const remoteUrl = task.output.links.find(
      (l: any) => l.title === 'Repository',
    ).url;
    expect(remoteUrl).toMatch(/^file:\/\/.+\.git$/);
    const work = mkdtempSync(join(tmpdir(), 'pave-golden-'));
    try {
      execFileSync('git', ['clone', '--quiet', remoteUrl, work]);
      const author = execFileSync(
        'git',
        ['-C', work, 'log', '-1', '--format=%ae'],
        {
          encoding: 'utf8',
        },
      ).trim();
      expect(author).not.toBe('');
      const manifest = JSON.parse(
        readFileSync(join(work, 'package.json'), 'utf8'),
      );
      expect(manifest.description).toBe(HOSTILE_DESCRIPTION);
      const ci = timed('npm', ['ci', '--no-audit', '--no-fund'], work);
      const unit = timed('npm', ['test'], work);
      const build = timed('npm', ['run', 'build'], work);
      const tsc = timed('npx', ['tsc', '--noEmit'], work);
      console.log(
        `${template}: npm ci ${ci} ms, npm test ${unit} ms, build ${build} ms, tsc ${tsc} ms`,
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }

    // The same name again is a conflict, refused before anything is written.
    const again = await runTask(
      request,
      headers,
      `template:default/${template}`,
      {
        name,
        owner: 'group:default/payments',
        system: 'system:default/payments-platform',
        dataClassification: 'internal',
        resources,
        environments,
      },
    );
    expect(again.status).toBe('failed');
    expect(again.log).toMatch(
      new RegExp(
        `name: component:default/${name} already exists in the catalog`,
      ),
    );
  });
}

test('the server refuses what the wizard refuses, naming the field', async ({
  request,
}) => {
  const headers = await guestHeaders(request);
  for (const [values, message] of [
    [{ name: '../etc' }, /name/],
    [{ name: 'refunds', description: 'line\nkind: Secret' }, /description/],
    // A NUL or an escape used to be accepted, then fail the task mid-way.
    [{ name: 'refunds', description: 'nul\u0000byte' }, /description/],
    [{ name: 'refunds', description: 'esc\u001b[31m' }, /description/],
    [{ name: 'refunds', owner: 'group:default/pay\u0000ments' }, /owner/],
    [{ name: 'refunds', environments: ['moon'] }, /environments/],
    [
      { name: 'refunds', dataClassification: 'top-secret' },
      /dataClassification/,
    ],
  ] as const) {
    const res = await request.post('/api/scaffolder/v2/tasks', {
      headers,
      data: {
        templateRef: 'template:default/node-http-service',
        values: {
          owner: 'group:default/payments',
          system: 'system:default/payments-platform',
          dataClassification: 'internal',
          environments: ['dev'],
          ...values,
        },
      },
    });
    expect(res.status(), JSON.stringify(values)).toBe(400);
    expect(await res.text()).toMatch(message);
  }
});
