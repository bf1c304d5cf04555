/*
 * The orchestrator over the real local target: deploy a service published
 * in Pave's repository store, lose its process and its database, and watch
 * one reconcile round bring both back; then destroy it.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { TestDatabases } from '@backstage/backend-test-utils';
import { LocalResources, LocalServices } from '@pave/plugin-environments-node';
import {
  adminQuery,
  createTinyService,
  git,
} from '@pave/plugin-environments-node/testUtils';
import { RepositoryStore } from '@pave/repository-store';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeploymentStore } from '../database/DeploymentStore';
import { Orchestrator } from './Orchestrator';
import { PREVIEW_CLOCK_TASK, schedulePreviewClock } from './previewClock';

jest.setTimeout(120_000);

let root: string;
let resources: LocalResources;
let services: LocalServices;
let store: DeploymentStore;
let orchestrator: Orchestrator;
let commit: string;
const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});
const actor = { ref: 'user:default/ada' };
const notify = jest.fn(async (_notice: { title: string; link: string }) => {});
/** Hours the tests move the orchestrator's clock forward. */
let hoursLater = 0;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pave-orchestrator-'));
  await chmod(root, 0o711);
  const tiny = await createTinyService(root, 'orders');
  commit = tiny.commit;
  const repositories = new RepositoryStore(path.join(root, 'repositories'));
  await mkdir(repositories.directory, { recursive: true });
  git(
    root,
    'clone',
    '--quiet',
    '--bare',
    tiny.repository,
    repositories.pathOf('orders'),
  );
  git(
    root,
    '--git-dir',
    repositories.pathOf('orders'),
    'branch',
    'feature/refunds-v2',
    commit,
  );
  resources = new LocalResources(path.join(root, 'local'));
  services = new LocalServices({ workDir: path.join(root, 'work'), resources });
  store = await DeploymentStore.create(await databases.init('SQLITE_3'));
  orchestrator = new Orchestrator({
    store,
    services,
    repositories,
    auditor: mockServices.auditor.mock(),
    logger: mockServices.logger.mock(),
    localEnvironments: ['local'],
    previews: { defaultTtlHours: 24, maxTtlHours: 168, noticeHours: 2 },
    notify,
    now: () => new Date(Date.now() + hoursLater * 3_600_000),
  });
});

afterAll(async () => {
  await orchestrator?.idle();
  await services?.stopAll();
  await resources?.stop();
  await rm(root, { recursive: true, force: true });
});

async function databaseCount(name: string) {
  const result = await adminQuery(
    await resources.ensureServer('postgres'),
    'SELECT count(*)::int AS n FROM pg_database WHERE datname = $1',
    [name],
  );
  return result.rows[0].n as number;
}

async function dropDatabase(name: string) {
  await adminQuery(
    await resources.ensureServer('postgres'),
    `DROP DATABASE ${name} WITH (FORCE)`,
  );
}

describe('Orchestrator on the local target', () => {
  let id: string;

  it('deploys the newest commit of a published service, recording each step', async () => {
    const accepted = await orchestrator.deploy(
      { entityRef: 'component:default/orders', environment: 'local' },
      actor,
    );
    expect(accepted).toMatchObject({ status: 'deploying', commit });
    id = accepted.id;
    await orchestrator.idle();
    const deployment = (await store.get(id))!;
    expect(deployment).toMatchObject({
      status: 'running',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    const readiness = await fetch(`${deployment.url}/readyz`);
    expect(readiness.status).toBe(200);
    const events = await store.events(id);
    expect(
      events.filter(e => e.action === 'step').map(e => e.detail.split(':')[0]),
    ).toEqual(['fetch', 'provision', 'install', 'build', 'start']);
    expect(events.at(-1)).toMatchObject({
      action: 'deploy',
      outcome: 'succeeded',
    });
  });

  it('brings back a dropped database in one reconcile round, without a request', async () => {
    await dropDatabase('orders_local_db');
    const started = Date.now();
    const repaired = await orchestrator.reconcile();
    const took = Date.now() - started;
    expect(repaired).toEqual([
      'component:default/orders@local: re-provisioned db',
    ]);
    expect(await databaseCount('orders_local_db')).toBe(1);
    expect(took).toBeLessThan(30_000);
    expect((await store.events(id)).at(-1)).toMatchObject({
      action: 'reconcile',
      outcome: 'succeeded',
    });
  });

  it('redeploys a service that is no longer running', async () => {
    // As after a backend restart: the process is gone, the desired state stays.
    await services.stopAll();
    const repaired = await orchestrator.reconcile();
    expect(repaired).toEqual(['component:default/orders@local: not running']);
    const deployment = (await store.get(id))!;
    expect(deployment.status).toBe('running');
    expect((await fetch(`${deployment.url}/readyz`)).status).toBe(200);
    expect(await orchestrator.reconcile()).toEqual([]);
  });

  it.each([
    [
      { environment: 'staging' },
      /environment: unknown environment "staging"; the local target serves local/,
    ],
    [
      { entityRef: 'component:default/refunds' },
      /entityRef: component:default\/refunds has no repository in Pave's repository store/,
    ],
    [
      { commit: 'abcdef1' },
      /commit: abcdef1 is not a commit of component:default\/orders's repository/,
    ],
    [
      { branch: 'feature/nope' },
      /branch: feature\/nope is not a branch of component:default\/orders's repository/,
    ],
  ])('refuses %j before provisioning anything', async (bad, message) => {
    await expect(
      orchestrator.deploy(
        { entityRef: 'component:default/orders', environment: 'local', ...bad },
        actor,
      ),
    ).rejects.toThrow(message);
  });

  it('runs a preview until it expires, extended by its owners, then destroys it by itself', async () => {
    const preview = await orchestrator.deploy(
      {
        entityRef: 'component:default/orders',
        environment: 'preview-pr-7',
        ttlHours: 2,
      },
      actor,
    );
    await orchestrator.idle();
    const started = Date.parse(preview.expiresAt!) - 2 * 3_600_000;
    expect(Math.abs(started - Date.now())).toBeLessThan(60_000);
    expect((await store.get(preview.id))!.status).toBe('running');
    expect(await databaseCount('orders_preview_pr_7_db')).toBe(1);

    hoursLater = 1;
    const extended = await orchestrator.extend(preview.id, 5, actor);
    expect(Date.parse(extended.expiresAt!)).toBeGreaterThan(
      Date.parse(preview.expiresAt!),
    );
    await expect(orchestrator.extend(preview.id, 200, actor)).rejects.toThrow(
      /ttlHours: 200 is over the maximum of 168 hours/,
    );

    hoursLater = 3; // 3 hours before it expires (1 + 5): nothing yet
    expect(await orchestrator.expirePreviews()).toEqual([]);
    hoursLater = 4.5; // 1.5 hours before: its owners are told, once
    expect(await orchestrator.expirePreviews()).toEqual([
      'component:default/orders@preview-pr-7: notified',
    ]);
    expect(await orchestrator.expirePreviews()).toEqual([]);
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify.mock.calls[0][0]).toMatchObject({
      entityRef: 'component:default/orders',
      title: 'Preview preview-pr-7 of orders expires in 90 min',
      link: '/catalog/default/component/orders/environments',
    });
    hoursLater = 7;
    expect(await orchestrator.expirePreviews()).toEqual([
      'component:default/orders@preview-pr-7: expired',
    ]);
    expect(await store.get(preview.id)).toMatchObject({
      status: 'destroyed',
      desired: 'absent',
    });
    expect(await databaseCount('orders_preview_pr_7_db')).toBe(0);
    expect((await store.events(preview.id)).map(e => e.action)).toEqual(
      expect.arrayContaining(['deploy', 'extend', 'expire', 'destroy']),
    );
    hoursLater = 0;
  });

  it("deploys a preview at a branch's newest commit", async () => {
    const preview = await orchestrator.deploy(
      {
        entityRef: 'component:default/orders',
        environment: 'preview-refunds-v2',
        branch: 'feature/refunds-v2',
      },
      actor,
    );
    expect(preview.commit).toBe(commit);
    await orchestrator.idle();
    expect((await store.get(preview.id))!.status).toBe('running');
    await orchestrator.destroy(preview.id, actor);
    await orchestrator.idle();
  });

  it('expires a preview on one replica and destroys it on the one that runs it', async () => {
    // A replica without the local target runs the scheduled task; the
    // notifications backend is down, which must not hold the expiry up.
    const elsewhereLogger = mockServices.logger.mock();
    const elsewhere = new Orchestrator({
      store,
      services: new LocalServices({
        workDir: path.join(root, 'elsewhere'),
        resources,
      }),
      repositories: new RepositoryStore(path.join(root, 'repositories')),
      auditor: mockServices.auditor.mock(),
      logger: elsewhereLogger,
      localEnvironments: [],
      notify: async () => {
        throw new Error('notifications backend unreachable');
      },
      now: () => new Date(Date.now() + 2 * 3_600_000),
    });
    // Due for its notice (an hour left at elsewhere's clock), not expired.
    const later = await orchestrator.deploy(
      {
        entityRef: 'component:default/orders',
        environment: 'preview-pr-10',
        ttlHours: 3,
      },
      actor,
    );
    const preview = await orchestrator.deploy(
      {
        entityRef: 'component:default/orders',
        environment: 'preview-pr-8',
        ttlHours: 1,
      },
      actor,
    );
    await orchestrator.idle();
    const scheduler = mockServices.scheduler();
    const logger = mockServices.logger.mock();
    await schedulePreviewClock({ scheduler, orchestrator: elsewhere, logger });
    await scheduler.triggerTask(PREVIEW_CLOCK_TASK);
    expect(logger.info).toHaveBeenCalledWith(
      'component:default/orders@preview-pr-8: expired',
    );
    expect(elsewhereLogger.warn).toHaveBeenCalledWith(
      'Could not notify the owners of component:default/orders@preview-pr-10: notifications backend unreachable',
    );
    expect((await store.get(later.id))!.expiryNotifiedAt).toBeUndefined();
    // Claimed once: a second run finds nothing to do.
    expect(await elsewhere.expirePreviews()).toEqual([]);
    expect(await store.get(preview.id)).toMatchObject({
      desired: 'absent',
      status: 'destroying',
    });
    expect(await databaseCount('orders_preview_pr_8_db')).toBe(1);
    expect(await orchestrator.reconcile()).toEqual([
      'component:default/orders@preview-pr-8: destroyed',
    ]);
    expect((await store.get(preview.id))!.status).toBe('destroyed');
    expect(await databaseCount('orders_preview_pr_8_db')).toBe(0);
    await orchestrator.destroy(later.id, actor);
    await orchestrator.idle();
  });

  it('destroys it: process stopped, database dropped, desired state absent', async () => {
    const { url } = (await store.get(id))!;
    await orchestrator.destroy(id, actor);
    await orchestrator.idle();
    expect(await store.get(id)).toMatchObject({
      status: 'destroyed',
      desired: 'absent',
      resources: [],
    });
    await expect(fetch(`${url}/readyz`)).rejects.toThrow();
    expect(await databaseCount('orders_local_db')).toBe(0);
    expect(await orchestrator.reconcile()).toEqual([]);
  });
});
