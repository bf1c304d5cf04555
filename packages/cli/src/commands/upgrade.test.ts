import { EXIT } from '../lib/exitCodes';
import { FakePave, refusal, runPave, startFakePave } from '../lib/fakePave';
import { upgradeMode } from './upgrade';
import { ORDERS, TEMPLATE, changeRequest } from './upgrade.fixtures';

describe('pave upgrade ENTITY', () => {
  let pave: FakePave;
  beforeAll(async () => {
    pave = await startFakePave();
  });
  afterAll(() => pave.close());
  beforeEach(() => {
    pave.requests.length = 0;
    pave.routes = {};
  });

  it('opens a change request and prints files, conflicts, verdict and next step', async () => {
    pave.routes['POST /api/upgrades/change-requests'] = () => ({
      status: 201,
      body: changeRequest(),
    });
    const run = await runPave(pave.url, ['upgrade', 'orders']);

    expect(pave.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        authorization: 'Bearer test-token',
        // The short name is sent as a full ref; no version means the newest.
        body: { entityRef: ORDERS },
      }),
    ]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stderr).toContain(`… Upgrading ${ORDERS}`);
    expect(run.stdout).toContain(`${ORDERS}: ${TEMPLATE} 1.1.0 → 1.2.0`);
    expect(run.stdout).toMatch(
      /branch +pave\/upgrade-1\.2\.0 \(c0ffee00, cut from main deadbeef\)/,
    );
    expect(run.stdout).toMatch(/status +conflicted \(1 file to resolve\)/);
    expect(run.stdout).toContain('Files changed (3):');
    expect(run.stdout).toMatch(/ added +\.github\/workflows\/ci\.yaml/);
    expect(run.stdout).toMatch(/ modified +package\.json/);
    expect(run.stdout).toMatch(/ deleted +docs\/old\.md/);
    expect(run.stdout).toMatch(
      /content +src\/index\.ts +both the team and the template changed the same lines: committed with conflict markers, resolve them before merging/,
    );
    expect(run.stdout).toMatch(
      /deleted-by-team +docs\/runbook\.md +the team deleted it and the template changed it: it stays deleted/,
    );
    expect(run.stdout).toMatch(
      /deleted-by-template +legacy\.yaml +the template deleted it but the team changed it: your changed file is kept/,
    );
    expect(run.stdout).toContain('Policy: ✔ allow (policy set 0a1b2c3d4e5f)');
    expect(run.stdout).toContain(
      'Next: in a clone of orders: git fetch && git checkout pave/upgrade-1.2.0',
    );
  });

  it('lists each broken rule with its fix and exits 1 on a deny', async () => {
    pave.routes['POST /api/upgrades/change-requests'] = () => ({
      status: 201,
      body: changeRequest({
        status: 'clean',
        conflicts: [],
        policy: {
          decision: 'deny',
          warnings: 1,
          violations: [
            {
              policyId: 'prod-db-deletion-protection',
              message: 'Production databases must have deletion protection on.',
              resource: 'prod/aws_db_instance.db',
              remediation: 'Leave deletionProtection out of the Score params.',
            },
          ],
        },
      }),
    });
    const run = await runPave(pave.url, ['upgrade', ORDERS, '--to', '1.2.0']);

    expect(pave.requests[0].body).toEqual({
      entityRef: ORDERS,
      toVersion: '1.2.0',
    });
    expect(run.code).toBe(EXIT.failed);
    expect(run.stdout).toContain('Policy: ✖ deny: 1 broken rule, 1 warning');
    expect(run.stdout).toContain(
      '✖ prod-db-deletion-protection: Production databases must have deletion protection on. (on prod/aws_db_instance.db)',
    );
    expect(run.stdout).toContain(
      'fix: Leave deletionProtection out of the Score params.',
    );
    expect(run.stdout).not.toContain('Conflicts');
  });

  it('says why the policies were not checked', async () => {
    pave.routes['POST /api/upgrades/change-requests'] = () => ({
      status: 201,
      body: changeRequest({
        policy: {
          decision: 'not-checked',
          violations: [],
          warnings: 0,
          error: 'policy: service unavailable',
        },
      }),
    });
    const run = await runPave(pave.url, ['upgrade', 'orders']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toContain(
      'Policy: ! not checked: policy: service unavailable',
    );
  });

  it.each([
    [
      409,
      'ConflictError',
      `${ORDERS} is at ${TEMPLATE} 1.2.0; 1.1.0 is not newer (a downgrade or the same version)`,
      'Pave answered 409',
      EXIT.failed,
    ],
    [
      400,
      'InputError',
      `toVersion: ${TEMPLATE} is at 1.2.0; 9.9.9 is not a version it can render (only its current one)`,
      'Refused (400)',
      EXIT.usage,
    ],
    [
      404,
      'NotFoundError',
      `entityRef: no component ${ORDERS} in the catalog`,
      'Not found (404)',
      EXIT.failed,
    ],
  ])(
    'prints the server’s refusal (%i) in its words and exits non-zero',
    async (status, name, message, prefix, code) => {
      pave.routes['POST /api/upgrades/change-requests'] = () =>
        refusal(status, name, message);
      const run = await runPave(pave.url, [
        'upgrade',
        'orders',
        '--to',
        '1.1.0',
      ]);
      expect(run.code).toBe(code);
      expect(run.stderr).toContain(`✖ Upgrading ${ORDERS} to 1.1.0\n`);
      expect(run.stderr).toContain(`error ${prefix}: ${message}\n`);
      expect(run.stdout).toBe('');
    },
  );

  it('with --json prints the change request as the server answered it', async () => {
    const answer = changeRequest();
    pave.routes['POST /api/upgrades/change-requests'] = () => ({
      status: 201,
      body: answer,
    });
    const run = await runPave(pave.url, ['upgrade', 'orders', '--json']);
    expect(JSON.parse(run.stdout)).toEqual(answer);
  });

  it('with --json prints a refusal as an error document', async () => {
    pave.routes['POST /api/upgrades/change-requests'] = () =>
      refusal(409, 'ConflictError', 'orders already has pave/upgrade-1.2.0');
    const run = await runPave(pave.url, ['upgrade', 'orders', '--json']);
    expect(run.code).toBe(EXIT.failed);
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        message: 'Pave answered 409: orders already has pave/upgrade-1.2.0',
        exitCode: EXIT.failed,
      },
    });
  });
});

describe('pave upgrade usage errors', () => {
  let pave: FakePave;
  beforeAll(async () => {
    pave = await startFakePave();
  });
  afterAll(() => pave.close());

  it.each([
    [['upgrade'], 'error entity: required, e.g. pave upgrade orders'],
    [['upgrade', '--all'], 'error --template: required with --all'],
    [
      ['upgrade', 'orders', '--all', '--template', 'node-http-service'],
      'error entity: orders and --all do not go together',
    ],
    [
      ['upgrade', 'orders', '--template', 'node-http-service'],
      'error --template: only with --all',
    ],
    [['upgrade', 'orders', '--only', 'a,b'], 'error --only: only with --all'],
    [
      ['upgrade', '--all', '--template', 'x', '--only', ' , '],
      'error --only: name at least one component',
    ],
    [
      ['upgrade', '--status', '--all', '--template', 'x'],
      'error --status: shows one component',
    ],
    [
      ['upgrade', '--status', 'orders', '--to', '1.2.0'],
      'error --to: --status upgrades nothing',
    ],
    [['upgrade', 'orders/'], 'error entity:'],
    [
      ['upgrade', 'orders', '--frobnicate'],
      "error: unknown option '--frobnicate'",
    ],
  ])(
    'pave %j is bad usage (exit 2), and calls nothing',
    async (args, message) => {
      pave.requests.length = 0;
      const run = await runPave(pave.url, args);
      expect(run.code).toBe(EXIT.usage);
      expect(run.stderr).toContain(message);
      expect(pave.requests).toEqual([]);
    },
  );
});

describe('upgradeMode', () => {
  it('parses each mode’s refs as the server would', () => {
    expect(upgradeMode('orders', {})).toEqual({
      kind: 'one',
      entityRef: ORDERS,
    });
    expect(upgradeMode('orders', { status: true })).toEqual({
      kind: 'status',
      entityRef: ORDERS,
    });
    expect(
      upgradeMode(undefined, {
        all: true,
        template: 'node-http-service',
        to: '1.2.0',
        only: 'orders, payments',
      }),
    ).toEqual({
      kind: 'bulk',
      template: TEMPLATE,
      toVersion: '1.2.0',
      entityRefs: [ORDERS, 'component:default/payments'],
    });
  });
});
