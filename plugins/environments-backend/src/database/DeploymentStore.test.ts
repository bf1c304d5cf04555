import { environmentsTestDatabases } from '../__testUtils__/databases';
import { DeploymentStore } from './DeploymentStore';

const databases = environmentsTestDatabases();

describe.each(databases.eachSupportedId())(
  'DeploymentStore on %p',
  databaseId => {
    async function createStore() {
      return DeploymentStore.create(await databases.init(databaseId));
    }

    it('keeps one deployment per component and environment, turned back on by a new deploy', async () => {
      const store = await createStore();
      const first = await store.want({
        entityRef: 'component:default/orders',
        environment: 'local',
        commit: 'a'.repeat(40),
        actor: 'user:default/ada',
      });
      expect(first).toMatchObject({
        desired: 'running',
        status: 'deploying',
        runtime: 'local',
        resources: [],
      });
      await store.update(first.id, {
        status: 'running',
        url: 'http://127.0.0.1:41000',
        resources: [
          { name: 'db', type: 'postgres', outputs: { host: '127.0.0.1' } },
        ],
      });
      await store.update(first.id, {
        desired: 'absent',
        status: 'destroyed',
        url: null,
      });
      expect(await store.wanted()).toEqual([]);

      const again = await store.want({
        entityRef: 'component:default/orders',
        environment: 'local',
        commit: 'b'.repeat(40),
        actor: 'user:default/grace',
      });
      expect(again.id).toBe(first.id);
      expect(again).toMatchObject({
        commit: 'b'.repeat(40),
        desired: 'running',
        createdBy: 'user:default/ada',
      });
      expect(await store.wanted()).toHaveLength(1);
      expect(
        (await store.list('component:default/orders')).map(d => d.id),
      ).toEqual([first.id]);
      expect(await store.list('component:default/refunds')).toEqual([]);
    });

    it('records events in order', async () => {
      const store = await createStore();
      const { id } = await store.want({
        entityRef: 'component:default/ledger',
        environment: 'local',
        commit: 'c'.repeat(40),
        actor: 'user:default/ada',
      });
      await store.addEvent(id, {
        action: 'deploy',
        actor: 'user:default/ada',
        outcome: 'started',
        detail: 'one',
      });
      await store.addEvent(id, {
        action: 'step',
        actor: 'user:default/ada',
        outcome: 'started',
        detail: 'fetch',
      });
      await store.addEvent(id, {
        action: 'deploy',
        actor: 'user:default/ada',
        outcome: 'succeeded',
        detail: 'running',
      });
      expect((await store.events(id)).map(e => e.detail)).toEqual([
        'one',
        'fetch',
        'running',
      ]);
    });
  },
);
