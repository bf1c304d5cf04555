import { policyTestDatabases } from '../__testUtils__/databases';
import { ExceptionStore } from './ExceptionStore';

const databases = policyTestDatabases();
const DAY = 86_400_000;
const t0 = new Date('2026-12-01T09:00:00.000Z');
const at = (days: number) => new Date(t0.getTime() + days * DAY);

describe.each(databases.eachSupportedId())(
  'ExceptionStore on %p',
  databaseId => {
    async function createStore() {
      return ExceptionStore.create(await databases.init(databaseId));
    }
    const base = {
      entityRef: 'component:default/orders',
      policyId: 'prod-large-db-review',
      reason: 'Migration planned for Q1.',
      grantedBy: 'user:default/amara.okafor',
      policySet: `sha256:${'a'.repeat(64)}`,
    };

    it('applies an exception from its grant until it expires, never after', async () => {
      const store = await createStore();
      const granted = await store.add(
        { ...base, environment: 'prod', expiresAt: at(10).toISOString() },
        t0,
      );
      await store.add(
        {
          ...base,
          entityRef: 'component:default/refunds',
          expiresAt: at(5).toISOString(),
        },
        t0,
      );
      expect(granted).toMatchObject({
        environment: 'prod',
        grantedAt: t0.toISOString(),
      });
      const ids = async (now: Date) =>
        (await store.active(['component:default/orders'], now)).map(e => e.id);
      expect(await ids(at(9.99))).toEqual([granted.id]);
      expect(await ids(at(10))).toEqual([]);
      expect(await ids(at(11))).toEqual([]);
      // The history keeps it.
      expect(
        (await store.list('component:default/orders')).map(e => e.id),
      ).toEqual([granted.id]);
      expect(await store.list()).toHaveLength(2);
    });

    it('revokes once, and never an expired exception', async () => {
      const store = await createStore();
      const live = await store.add(
        { ...base, expiresAt: at(10).toISOString() },
        t0,
      );
      const revoked = await store.revoke(live.id, 'user:default/ada', at(1));
      expect(revoked).toMatchObject({
        revokedAt: at(1).toISOString(),
        revokedBy: 'user:default/ada',
      });
      expect(await store.active([base.entityRef], at(2))).toEqual([]);
      // A second revoke leaves the first one's record.
      expect(
        await store.revoke(live.id, 'user:default/bob', at(3)),
      ).toMatchObject({ revokedBy: 'user:default/ada' });

      const old = await store.add(
        { ...base, expiresAt: at(2).toISOString() },
        t0,
      );
      expect(
        await store.revoke(old.id, 'user:default/ada', at(5)),
      ).not.toHaveProperty('revokedAt');
      expect(
        await store.revoke('00000000-0000-4000-8000-000000000000', 'x', t0),
      ).toBeUndefined();
    });
  },
);
