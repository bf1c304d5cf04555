import { AuditEventInput, GENESIS_HASH } from '@pave/plugin-audit-common';
import { Knex } from 'knex';
import { auditTestDatabases } from '../__testUtils__/databases';
import { auditEvent } from '../__testUtils__/events';
import { canonicalContent, chainHash } from './chain';
import { DatabaseAuditStore } from './DatabaseAuditStore';

jest.setTimeout(60_000);

const databases = auditTestDatabases();

describe.each(databases.eachSupportedId())('DatabaseAuditStore on %s', id => {
  let knex: Knex;
  let store: DatabaseAuditStore;

  beforeEach(async () => {
    knex = await databases.init(id);
    store = await DatabaseAuditStore.create({ knex });
  });

  async function appendMany(count: number, make = () => auditEvent()) {
    const events: AuditEventInput[] = [];
    for (let i = 0; i < count; i++) events.push(make());
    await store.append(events);
    return events;
  }

  it('chains records: gapless seq, prevHash links, sha256 of the content', async () => {
    const [first, second] = await appendMany(2);
    await store.append([auditEvent()]);
    const { items } = await store.query({}, { limit: 10, order: 'asc' });
    expect(items.map(r => r.seq)).toEqual([1, 2, 3]);
    expect(items[0].id).toBe(first.id);
    expect(items[1].id).toBe(second.id);
    expect(items[0].prevHash).toBe(GENESIS_HASH);
    expect(items[1].prevHash).toBe(items[0].hash);
    expect(items[2].prevHash).toBe(items[1].hash);
    expect(items[1].hash).toBe(
      chainHash(items[0].hash, canonicalContent(items[1])),
    );
    // What was appended comes back field for field.
    const { seq, prevHash, hash, ...stored } = items[0];
    expect(stored).toEqual(first);
  });

  it('stores a large batch naming several entities per event in one go', async () => {
    const events = await appendMany(1200, () =>
      auditEvent({
        entityRefs: [
          'component:default/big',
          'template:default/node',
          'group:default/payments',
        ],
      }),
    );
    const trail = await store.query(
      { entityRef: 'template:default/node' },
      { limit: 500, order: 'asc' },
    );
    expect(trail.items[0].id).toBe(events[0].id);
    expect(trail.lastSeq).toBe(500);
    expect(await store.verify()).toMatchObject({ valid: true, checked: 1200 });
  });

  it('skips events whose id is stored already (a replay stores once)', async () => {
    const events = await appendMany(3);
    const fresh = auditEvent();
    await store.append([events[1], fresh, events[2], fresh]);
    const { items } = await store.query({}, { limit: 10, order: 'asc' });
    expect(items.map(r => r.id)).toEqual([...events.map(e => e.id), fresh.id]);
    expect((await store.verify()).valid).toBe(true);
  });

  it('keeps one gapless chain when two writers append at once', async () => {
    const other = await DatabaseAuditStore.create({
      knex,
      skipMigrations: true,
    });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? other : store).append(
          Array.from({ length: 25 }, () => auditEvent()),
        ),
      ),
    );
    const result = await store.verify();
    expect(result).toMatchObject({ valid: true, checked: 200, headSeq: 200 });
  });

  it('filters by entity, actor, event id, plugin, status and time', async () => {
    const a = auditEvent({ entityRefs: ['component:default/a'] });
    const b = auditEvent({
      entityRefs: ['component:default/b', 'template:default/node'],
      actor: { type: 'service', id: 'external:pave-cli' },
      plugin: 'scaffolder',
      eventId: 'task',
      status: 'failed',
      error: 'Error: boom',
    });
    const c = auditEvent({
      entityRefs: ['component:default/a'],
      plugin: 'policy',
    });
    await store.append([a, b, c]);
    const ids = async (filter: object) =>
      (await store.query(filter, { limit: 10, order: 'asc' })).items.map(
        r => r.id,
      );
    expect(await ids({ entityRef: 'component:default/a' })).toEqual([
      a.id,
      c.id,
    ]);
    expect(await ids({ entityRef: 'template:default/node' })).toEqual([b.id]);
    expect(await ids({ entityRef: 'component:default/nope' })).toEqual([]);
    expect(await ids({ actor: 'external:pave-cli' })).toEqual([b.id]);
    expect(await ids({ plugin: 'scaffolder', eventId: 'task' })).toEqual([
      b.id,
    ]);
    expect(await ids({ status: 'failed' })).toEqual([b.id]);
    expect(
      await ids({ entityRef: 'component:default/a', plugin: 'policy' }),
    ).toEqual([c.id]);
    // from is inclusive, to exclusive; offsets are normalized to UTC.
    expect(await ids({ from: b.time })).toEqual([b.id, c.id]);
    expect(await ids({ to: b.time })).toEqual([a.id]);
    expect(await ids({ from: b.time, to: c.time })).toEqual([b.id]);
    // The same instant written at +02:00 selects the same records.
    const atPlusTwo = (iso: string) =>
      new Date(Date.parse(iso) + 2 * 3600_000)
        .toISOString()
        .replace('Z', '+02:00');
    expect(
      await ids({ from: atPlusTwo(b.time), to: atPlusTwo(c.time) }),
    ).toEqual([b.id]);
  });

  async function allPages(entityRef?: string) {
    const seen: string[] = [];
    let afterSeq: number | undefined;
    let pages = 0;
    do {
      const page = await store.query(
        { entityRef, plugin: 'catalog' },
        { limit: 3, order: 'desc', afterSeq },
      );
      seen.push(...page.items.map(r => r.id));
      afterSeq = page.lastSeq;
      pages += 1;
    } while (afterSeq !== undefined);
    return { seen, pages };
  }

  it('pages with a keyset on seq, newest first or oldest first', async () => {
    const events = await appendMany(7, () =>
      auditEvent({ entityRefs: ['component:default/paged'] }),
    );
    await appendMany(3, () =>
      auditEvent({ entityRefs: ['component:default/other'] }),
    );
    const entity = await allPages('component:default/paged');
    expect(entity.seen).toEqual(events.map(e => e.id).reverse());
    expect(entity.pages).toBe(3);
    const everything = await allPages();
    expect(everything.seen).toHaveLength(10);
    expect(everything.pages).toBe(4);
    const asc = await store.query({}, { limit: 4, order: 'asc', afterSeq: 4 });
    expect(asc.items.map(r => r.seq)).toEqual([5, 6, 7, 8]);
    expect(asc.lastSeq).toBe(8);
  });

  describe('verify', () => {
    beforeEach(async () => {
      await appendMany(20, () =>
        auditEvent({ entityRefs: ['component:default/payments-gateway'] }),
      );
    });

    it('accepts an untouched chain and reports its head', async () => {
      const head = (await store.query({}, { limit: 1, order: 'desc' }))
        .items[0];
      expect(await store.verify()).toMatchObject({
        valid: true,
        checked: 20,
        headSeq: 20,
        headHash: head.hash,
      });
    });

    it('names an altered row', async () => {
      await knex('audit_events')
        .where('seq', 7)
        .update({ meta: JSON.stringify({ action: 'nothing to see' }) });
      expect(await store.verify()).toMatchObject({
        valid: false,
        firstBrokenSeq: 7,
        checked: 6,
        reason: 'content does not match its hash',
      });
    });

    it('names a removed row', async () => {
      await knex('audit_event_entities').where('event_seq', 12).delete();
      await knex('audit_events').where('seq', 12).delete();
      expect(await store.verify()).toMatchObject({
        valid: false,
        firstBrokenSeq: 12,
        reason: 'record 12 is missing',
      });
    });

    it('names a row inserted with a forged hash at the end', async () => {
      const forged = {
        ...(await knex('audit_events').where('seq', 20).first()),
      };
      await knex('audit_events').insert({
        ...forged,
        seq: 21,
        id: 'forged',
        prev_hash: GENESIS_HASH,
      });
      expect(await store.verify()).toMatchObject({
        valid: false,
        firstBrokenSeq: 21,
        reason: "prevHash is not the previous record's hash",
      });
    });

    it('names a row re-hashed to hide an edit (its successor no longer links)', async () => {
      await knex('audit_events')
        .where('seq', 5)
        .update({ hash: 'f'.repeat(64), status: 'failed' });
      expect(await store.verify()).toMatchObject({
        valid: false,
        firstBrokenSeq: 5,
      });
    });

    it('names an event hidden from an entity trail or planted in one', async () => {
      await knex('audit_event_entities').where('event_seq', 9).delete();
      expect(await store.verify()).toMatchObject({
        valid: false,
        firstBrokenSeq: 9,
        reason: 'entity index differs from the hashed entity refs',
      });
      await knex('audit_event_entities').insert({
        entity_ref: 'component:default/payments-gateway',
        event_seq: 9,
      });
      await knex('audit_event_entities').insert({
        entity_ref: 'component:default/innocent',
        event_seq: 3,
      });
      expect(await store.verify()).toMatchObject({
        valid: false,
        firstBrokenSeq: 3,
      });
    });

    it('names a re-attributed actor column', async () => {
      await knex('audit_events')
        .where('seq', 15)
        .update({ actor_id: 'user:default/someone-else' });
      expect(await store.verify()).toMatchObject({
        valid: false,
        firstBrokenSeq: 15,
        reason: 'actor_id differs from the hashed actor',
      });
    });
  });

  it('gives up before committing when the journal abandoned the write', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      store.append([auditEvent()], { signal: controller.signal }),
    ).rejects.toThrow('abandoned');
    expect(Number((await knex('audit_events').count({ n: '*' }))[0].n)).toBe(0);
  });
});
