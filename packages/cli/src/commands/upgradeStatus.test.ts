import type {
  TemplateServices,
  UpgradeStatus,
} from '@pave/plugin-upgrades-common';
import { EXIT } from '../lib/exitCodes';
import { FakePave, runPave, startFakePave } from '../lib/fakePave';
import { ORDERS, TEMPLATE, changeRequest } from './upgrade.fixtures';

describe('pave upgrade --status and pave templates services', () => {
  let pave: FakePave;
  beforeAll(async () => {
    pave = await startFakePave();
  });
  afterAll(() => pave.close());
  beforeEach(() => (pave.requests.length = 0));

  const status: UpgradeStatus = {
    entityRef: ORDERS,
    template: TEMPLATE,
    version: '1.1.0',
    latestVersion: '1.2.0',
    behind: true,
    changeRequests: [changeRequest()],
  };

  it('prints the versions and change requests, and upgrades nothing', async () => {
    pave.routes = { 'GET /api/upgrades/status': () => ({ body: status }) };
    const run = await runPave(pave.url, ['upgrade', '--status', 'orders']);
    expect(run.code).toBe(EXIT.ok);
    expect(pave.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /api/upgrades/status',
    ]);
    expect(pave.requests[0].query.get('entityRef')).toBe(ORDERS);
    expect(run.stdout).toMatch(/template +template:default\/node-http-service/);
    expect(run.stdout).toMatch(/on main +1\.1\.0/);
    expect(run.stdout).toMatch(/current +1\.2\.0/);
    expect(run.stdout).toMatch(
      /behind +yes: `pave upgrade component:default\/orders` merges 1\.2\.0 in/,
    );
    expect(run.stdout).toMatch(
      /ID +FROM +TO +BRANCH +STATUS +STATE +CONFLICTS +POLICY/,
    );
    expect(run.stdout).toMatch(
      /cr-7f3a +1\.1\.0 +1\.2\.0 +pave\/upgrade-1\.2\.0 +conflicted +3 +allow +user:default\/jdoe +2026-03-02 10:15/,
    );
  });

  it('says why a component cannot be upgraded', async () => {
    pave.routes = {
      'GET /api/upgrades/status': () => ({
        body: {
          entityRef: ORDERS,
          behind: false,
          reason: 'orders has no .pave/template.yaml on main',
          changeRequests: [],
        },
      }),
    };
    const run = await runPave(pave.url, ['upgrade', 'orders', '--status']);
    expect(run.stdout).toMatch(
      /reason +orders has no \.pave\/template\.yaml on main/,
    );
    expect(run.stdout).toMatch(/behind +no/);
    expect(run.stdout).toContain('(none)');
  });

  it('with --json prints the status as the server answered it', async () => {
    pave.routes = { 'GET /api/upgrades/status': () => ({ body: status }) };
    const run = await runPave(pave.url, [
      'upgrade',
      '--status',
      'orders',
      '--json',
    ]);
    expect(JSON.parse(run.stdout)).toEqual(status);
  });

  it('lists a template’s services per version, behind ones marked', async () => {
    const services: TemplateServices = {
      template: TEMPLATE,
      latestVersion: '1.2.0',
      versions: [
        {
          version: '1.2.0',
          behind: false,
          services: [
            {
              entityRef: 'component:default/payments',
              owner: 'group:default/payments',
            },
          ],
        },
        {
          version: '1.1.0',
          behind: true,
          services: [
            { entityRef: ORDERS, title: 'Orders', owner: 'group:default/shop' },
          ],
        },
      ],
    };
    pave.routes = { 'GET /api/upgrades/templates': () => ({ body: services }) };
    const run = await runPave(pave.url, [
      'templates',
      'services',
      'node-http-service',
    ]);
    expect(run.code).toBe(EXIT.ok);
    expect(pave.requests[0].query.get('template')).toBe(TEMPLATE);
    expect(run.stdout).toContain(`${TEMPLATE} is at 1.2.0`);
    expect(run.stdout).toMatch(
      /1\.2\.0 +current +component:default\/payments +group:default\/payments/,
    );
    expect(run.stdout).toMatch(
      /1\.1\.0 +behind +component:default\/orders +group:default\/shop +Orders/,
    );
    expect(run.stdout).toContain(
      `1 of 2 behind: pave upgrade SERVICE, or pave upgrade --all --template ${TEMPLATE}`,
    );
    const json = await runPave(pave.url, [
      'templates',
      'services',
      'node-http-service',
      '--json',
    ]);
    expect(JSON.parse(json.stdout)).toEqual(services);
  });
});
