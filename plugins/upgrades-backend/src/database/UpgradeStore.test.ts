import { ChangeRequest } from '@pave/plugin-upgrades-common';
import { upgradesTestDatabases } from '../__testUtils__/databases';
import { UpgradeStore } from './UpgradeStore';

const databases = upgradesTestDatabases();

const request = (
  entityRef: string,
  extra: Partial<ChangeRequest> = {},
): Omit<ChangeRequest, 'id' | 'createdAt'> => ({
  entityRef,
  repository: entityRef.split('/')[1],
  template: 'template:default/node-worker',
  fromVersion: '1.0.0',
  toVersion: '1.1.0',
  branch: 'pave/upgrade-1.1.0',
  commit: 'a'.repeat(40),
  mainCommit: 'b'.repeat(40),
  status: 'conflicted',
  files: [{ path: 'SECURITY.md', change: 'modified' }],
  conflicts: [{ path: 'SECURITY.md', kind: 'content' }],
  policy: { decision: 'allow', violations: [], warnings: 1 },
  createdBy: 'user:default/tom.becker',
  ...extra,
});

describe.each(databases.eachSupportedId())('UpgradeStore on %s', id => {
  let store: UpgradeStore;
  beforeAll(async () => {
    store = await UpgradeStore.create(await databases.init(id));
  });

  it('keeps change requests as they were recorded, newest first per component', async () => {
    const first = await store.addChangeRequest(request('component:default/a'));
    await new Promise(r => setTimeout(r, 5));
    const second = await store.addChangeRequest(
      request('component:default/a', {
        fromVersion: '1.1.0',
        toVersion: '1.2.0',
        branch: 'pave/upgrade-1.2.0',
        commit: 'c'.repeat(40),
        status: 'clean',
        conflicts: [],
        policy: {
          decision: 'not-checked',
          violations: [],
          warnings: 0,
          error: 'policy plugin unavailable',
        },
      }),
    );
    await store.addChangeRequest(
      request('component:default/b', {
        repository: 'b',
        commit: 'd'.repeat(40),
      }),
    );
    expect(await store.getChangeRequest(first.id)).toEqual(first);
    expect(first).toMatchObject(request('component:default/a'));
    expect(
      (
        await store.listChangeRequests({ entityRef: 'component:default/a' })
      ).map(r => r.id),
    ).toEqual([second.id, first.id]);
    await expect(store.getChangeRequest('nope')).rejects.toThrow(
      'No change request nope',
    );
  });

  it('reports a bulk run as its items finish', async () => {
    const refs = Array.from(
      { length: 250 },
      (_, i) => `component:default/svc-${String(i).padStart(3, '0')}`,
    );
    const run = await store.startBulk({
      template: 'template:default/node-worker',
      toVersion: '1.1.0',
      entityRefs: refs,
      createdBy: 'user:default/amara.okafor',
    });
    expect(run).toMatchObject({
      state: 'running',
      counts: { pending: 250, clean: 0, conflicted: 0, failed: 0 },
    });
    expect(run.items.map(i => i.entityRef)).toEqual(refs);
    const made = await store.addChangeRequest(
      request(refs[0], { bulkId: run.id, status: 'clean' }),
    );
    await store.finishItem(run.id, 0, {
      status: 'clean',
      changeRequestId: made.id,
      policy: 'allow',
      durationMs: 240,
    });
    await store.finishItem(run.id, 1, {
      status: 'failed',
      error: 'no repository',
      durationMs: 3,
    });
    const middle = await store.getBulk(run.id);
    expect(middle.counts).toEqual({
      pending: 248,
      clean: 1,
      conflicted: 0,
      failed: 1,
    });
    expect(middle.items.slice(0, 2)).toEqual([
      {
        entityRef: refs[0],
        status: 'clean',
        changeRequestId: made.id,
        policy: 'allow',
        durationMs: 240,
      },
      {
        entityRef: refs[1],
        status: 'failed',
        error: 'no repository',
        durationMs: 3,
      },
    ]);
    expect(
      (await store.listChangeRequests({ bulkId: run.id })).map(r => r.id),
    ).toEqual([made.id]);
    // One running run per template: the second start names the first.
    await expect(
      store.startBulk({
        template: 'template:default/node-worker',
        toVersion: '1.1.0',
        entityRefs: ['component:default/other'],
        createdBy: 'user:default/grace.hopper',
      }),
    ).rejects.toThrow(
      `template: a bulk upgrade of template:default/node-worker is running (${run.id}, started by user:default/amara.okafor`,
    );
    // Progress a minute ago: not stalled as of an hour ago.
    expect(
      await store.interruptStalled(
        new Date(Date.now() - 3_600_000).toISOString(),
        'stalled',
      ),
    ).toBe(0);
    await store.finishBulk(run.id);
    const [listed] = await store.listBulk();
    expect(listed).toMatchObject({
      id: run.id,
      state: 'done',
      counts: { pending: 248, clean: 1, conflicted: 0, failed: 1 },
    });
    expect(listed.finishedAt).toBeDefined();
    expect(listed).not.toHaveProperty('items');
  });

  it('interrupts a stalled run: its pending services fail with the reason, and another may start', async () => {
    const template = 'template:default/stalled';
    const run = await store.startBulk({
      template,
      toVersion: '2.0.0',
      entityRefs: ['component:default/x', 'component:default/y'],
      createdBy: 'user:default/amara.okafor',
    });
    await store.finishItem(run.id, 0, { status: 'clean', durationMs: 5 });
    expect(
      await store.interruptStalled(
        new Date(Date.now() + 60_000).toISOString(),
        'interrupted: no progress',
      ),
    ).toBeGreaterThanOrEqual(1);
    const after = await store.getBulk(run.id);
    expect(after.state).toBe('done');
    expect(after.items).toEqual([
      { entityRef: 'component:default/x', status: 'clean', durationMs: 5 },
      {
        entityRef: 'component:default/y',
        status: 'failed',
        error: 'interrupted: no progress',
      },
    ]);
    const next = await store.startBulk({
      template,
      toVersion: '2.0.0',
      entityRefs: ['component:default/y'],
      createdBy: 'user:default/amara.okafor',
    });
    expect(next.state).toBe('running');
    await store.interrupt(next.id, 'stopped');
  });

  it('finishes a run with nothing to upgrade at once', async () => {
    const run = await store.startBulk({
      template: 'template:default/node-worker',
      toVersion: '1.1.0',
      entityRefs: [],
      createdBy: 'user:default/amara.okafor',
    });
    expect(run).toMatchObject({ state: 'done', items: [] });
    await expect(store.getBulk('nope')).rejects.toThrow('No bulk upgrade nope');
  });
});
