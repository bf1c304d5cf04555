import type {
  BulkUpgrade,
  BulkUpgradeItem,
} from '@pave/plugin-upgrades-common';
import { EXIT } from '../lib/exitCodes';
import { FakePave, refusal, runPave, startFakePave } from '../lib/fakePave';

const TEMPLATE = 'template:default/node-http-service';

/** A run as `GET /api/upgrades/bulk/:id` answers it, counts from the items. */
function bulk(items: BulkUpgradeItem[]): BulkUpgrade {
  const counts = { pending: 0, clean: 0, conflicted: 0, failed: 0 };
  items.forEach(i => counts[i.status]++);
  return {
    id: 'bulk-42',
    template: TEMPLATE,
    toVersion: '1.2.0',
    state: counts.pending ? 'running' : 'done',
    createdBy: 'user:default/platform-admin',
    createdAt: '2026-03-02T10:00:00.000Z',
    counts,
    items,
  };
}

const pending = (name: string): BulkUpgradeItem => ({
  entityRef: `component:default/${name}`,
  status: 'pending',
});
const orders: BulkUpgradeItem = {
  entityRef: 'component:default/orders',
  status: 'clean',
  changeRequestId: 'cr-1',
  policy: 'allow',
  durationMs: 812,
};
const payments: BulkUpgradeItem = {
  entityRef: 'component:default/payments',
  status: 'conflicted',
  changeRequestId: 'cr-2',
  policy: 'allow',
  durationMs: 1304,
};
const ledger: BulkUpgradeItem = {
  entityRef: 'component:default/ledger',
  status: 'failed',
  error:
    'ledger already has pave/upgrade-1.2.0: review or delete that change request first',
  durationMs: 95,
};

describe('pave upgrade --all', () => {
  let pave: FakePave;
  beforeAll(async () => {
    pave = await startFakePave();
  });
  afterAll(() => pave.close());
  beforeEach(() => (pave.requests.length = 0));

  /** The server's run as it goes: one answer per poll, the last repeated. */
  function serve(started: BulkUpgrade, polls: BulkUpgrade[]) {
    let poll = 0;
    pave.routes = {
      'POST /api/upgrades/bulk': () => ({ status: 202, body: started }),
      'GET /api/upgrades/bulk/bulk-42': () => ({
        body: polls[Math.min(poll++, polls.length - 1)],
      }),
    };
  }

  it('polls every second until done, prints the report and exits 1 when a service failed', async () => {
    const done = bulk([orders, payments, ledger]);
    serve(bulk([pending('orders'), pending('payments'), pending('ledger')]), [
      bulk([orders, pending('payments'), pending('ledger')]),
      done,
    ]);
    const run = await runPave(pave.url, [
      'upgrade',
      '--all',
      '--template',
      'node-http-service',
    ]);

    const [start, ...polls] = pave.requests;
    expect(start).toMatchObject({
      method: 'POST',
      path: '/api/upgrades/bulk',
      body: { template: TEMPLATE },
    });
    // It stops asking once the run is done, and waits a second between asks.
    expect(polls.map(p => `${p.method} ${p.path}`)).toEqual([
      'GET /api/upgrades/bulk/bulk-42',
      'GET /api/upgrades/bulk/bulk-42',
    ]);
    expect(polls[0].at - start.at).toBeGreaterThanOrEqual(950);
    expect(polls[1].at - polls[0].at).toBeGreaterThanOrEqual(950);

    expect(run.stderr).toContain(
      '… 0/3 done (clean 0, conflicted 0, failed 0)\n' +
        '… 1/3 done (clean 1, conflicted 0, failed 0)\n' +
        '… 3/3 done (clean 1, conflicted 1, failed 1)\n' +
        '✖ 3/3 done (clean 1, conflicted 1, failed 1)\n',
    );
    expect(run.stdout).toMatch(
      /SERVICE +STATUS +POLICY +MS +CHANGE REQUEST \/ ERROR/,
    );
    expect(run.stdout).toMatch(
      /component:default\/orders +clean +allow +812 +cr-1/,
    );
    expect(run.stdout).toMatch(
      /component:default\/payments +conflicted +allow +1304 +cr-2/,
    );
    expect(run.stdout).toMatch(
      /component:default\/ledger +failed +95 +ledger already has pave\/upgrade-1\.2\.0/,
    );
    expect(run.stdout).toContain(
      'Totals: 3 services: 1 clean, 1 conflicted, 1 failed; 0 denied by policy',
    );
    expect(run.code).toBe(EXIT.failed);
  });

  it('exits 0 when every service upgraded, and sends --to and --only as refs', async () => {
    serve(bulk([pending('orders'), pending('payments')]), [
      bulk([orders, payments]),
    ]);
    const run = await runPave(pave.url, [
      'upgrade',
      '--all',
      '--template',
      'node-http-service',
      '--to',
      '1.2.0',
      '--only',
      'orders,component:default/payments',
    ]);
    expect(pave.requests[0].body).toEqual({
      template: TEMPLATE,
      toVersion: '1.2.0',
      entityRefs: ['component:default/orders', 'component:default/payments'],
    });
    expect(run.stderr).toContain(
      '✔ 2/2 done (clean 1, conflicted 1, failed 0)',
    );
    expect(run.code).toBe(EXIT.ok);
  });

  it('exits 1 when a guardrail denies an upgraded service', async () => {
    serve(bulk([pending('orders')]), [bulk([{ ...orders, policy: 'deny' }])]);
    const run = await runPave(pave.url, [
      'upgrade',
      '--all',
      '--template',
      'x',
    ]);
    expect(run.stdout).toMatch(/component:default\/orders +clean +deny/);
    expect(run.stdout).toContain('1 denied by policy');
    expect(run.code).toBe(EXIT.failed);
  });

  it('with --json prints the finished run as the server answered it', async () => {
    const done = bulk([orders, ledger]);
    serve(bulk([pending('orders'), pending('ledger')]), [done]);
    const run = await runPave(pave.url, [
      'upgrade',
      '--all',
      '--template',
      'node-http-service',
      '--json',
    ]);
    expect(JSON.parse(run.stdout)).toEqual(done);
    expect(run.code).toBe(EXIT.failed);
  });

  it('says when nothing is behind, without polling', async () => {
    serve(bulk([]), []);
    const run = await runPave(pave.url, [
      'upgrade',
      '--all',
      '--template',
      'x',
    ]);
    expect(pave.requests).toHaveLength(1);
    expect(run.stdout).toContain(
      `Nothing to upgrade: every service of ${TEMPLATE} is at 1.2.0`,
    );
    expect(run.code).toBe(EXIT.ok);
  });

  it('prints the server’s refusal of the run in its words', async () => {
    pave.routes = {
      'POST /api/upgrades/bulk': () =>
        refusal(
          400,
          'InputError',
          `entityRefs: component:default/nope is not a component of ${TEMPLATE} in the catalog`,
        ),
    };
    const run = await runPave(pave.url, [
      'upgrade',
      '--all',
      '--template',
      'node-http-service',
      '--only',
      'nope',
    ]);
    expect(run.stderr).toContain(
      `error Refused (400): entityRefs: component:default/nope is not a component of ${TEMPLATE} in the catalog`,
    );
    expect(run.code).toBe(EXIT.usage);
  });
});
