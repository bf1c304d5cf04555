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
    await store.addChangeRequest(request('component:default/b'));
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
    expect(
      await store.runningBulk(
        'template:default/node-worker',
        new Date(Date.now() - 60_000).toISOString(),
      ),
    ).toMatchObject({ id: run.id, state: 'running' });
    // Older than `since`: taken as stopped.
    expect(
      await store.runningBulk(
        'template:default/node-worker',
        new Date(Date.now() + 60_000).toISOString(),
      ),
    ).toBeUndefined();
    await store.finishBulk(run.id);
    expect(
      await store.runningBulk(
        'template:default/node-worker',
        new Date(Date.now() - 60_000).toISOString(),
      ),
    ).toBeUndefined();
    const [listed] = await store.listBulk();
    expect(listed).toMatchObject({
      id: run.id,
      state: 'done',
      counts: { pending: 248, clean: 1, conflicted: 0, failed: 1 },
    });
    expect(listed.finishedAt).toBeDefined();
    expect(listed).not.toHaveProperty('items');
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
