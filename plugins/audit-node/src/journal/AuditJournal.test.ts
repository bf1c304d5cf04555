import { mockServices } from '@backstage/backend-test-utils';
import { AuditEventInput } from '@pave/plugin-audit-common';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditJournal, AuditJournalOptions, AuditSink } from './AuditJournal';
import { SPOOL_FILE_NAME, SpoolFile } from './SpoolFile';

let n = 0;
function event(): AuditEventInput {
  n += 1;
  return {
    id: `event-${n}`,
    time: new Date(Date.UTC(2026, 2, 1, 0, 0, n)).toISOString(),
    eventId: 'test',
    plugin: 'test',
    severity: 'low',
    status: 'succeeded',
    actor: { type: 'unknown' },
    entityRefs: [],
  };
}

/** A store in memory that can go down, hang, and count its transactions. */
class FakeSink implements AuditSink {
  stored: AuditEventInput[] = [];
  batches: number[] = [];
  down = false;
  hang = false;
  async append(events: AuditEventInput[], { signal }: { signal: AbortSignal }) {
    if (this.hang) {
      await new Promise(r => setTimeout(r, 60_000).unref());
    }
    if (this.down || signal.aborted) {
      throw new Error('connect ECONNREFUSED');
    }
    const ids = new Set(this.stored.map(e => e.id));
    this.stored.push(...events.filter(e => !ids.has(e.id)));
    this.batches.push(events.length);
  }
  async ping() {
    if (this.down) throw new Error('connect ECONNREFUSED');
  }
  ids() {
    return this.stored.map(e => e.id);
  }
}

describe('AuditJournal', () => {
  let dir: string;
  let journal: AuditJournal;
  const spoolPath = () => join(dir, SPOOL_FILE_NAME);

  function create(options: Partial<AuditJournalOptions> = {}) {
    journal = new AuditJournal({
      spool: new SpoolFile(dir),
      logger: mockServices.logger.mock(),
      retryDelayMs: 20,
      writeTimeoutMs: 300,
      ...options,
    });
    return journal;
  }

  async function until(check: () => Promise<boolean> | boolean, ms = 5000) {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise(r => setTimeout(r, 10));
    }
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-journal-'));
  });
  afterEach(async () => {
    await journal?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('acknowledges an event once the store committed it, batching concurrent events', async () => {
    const sink = new FakeSink();
    create().attach(sink);
    const events = Array.from({ length: 1200 }, event);
    await Promise.all(events.map(e => journal.append(e)));
    expect(sink.ids()).toEqual(events.map(e => e.id));
    // 1200 events in at most a handful of transactions of at most 500.
    expect(Math.max(...sink.batches)).toBeLessThanOrEqual(500);
    expect(sink.batches.length).toBeLessThanOrEqual(5);
  });

  it('spools events emitted before the store is attached, then replays them first, in order', async () => {
    create();
    const early = Array.from({ length: 5 }, event);
    await Promise.all(early.map(e => journal.append(e)));
    const spooled = (await readFile(spoolPath(), 'utf8')).trim().split('\n');
    expect(spooled.map(line => JSON.parse(line).id)).toEqual(
      early.map(e => e.id),
    );

    const sink = new FakeSink();
    journal.attach(sink);
    const late = event();
    await journal.append(late);
    await journal.drain();
    expect(sink.ids()).toEqual([...early, late].map(e => e.id));
    await until(async () => (await journal.status()).spooledBytes === 0);
  });

  it('survives the store going down: spools, pings, replays in order, loses nothing', async () => {
    const sink = new FakeSink();
    create().attach(sink);
    const all: AuditEventInput[] = [];
    const send = async (count: number) => {
      const batch = Array.from({ length: count }, event);
      all.push(...batch);
      await Promise.all(batch.map(e => journal.append(e)));
    };
    await send(50);
    sink.down = true;
    await send(50); // acknowledged from the spool
    expect(sink.stored).toHaveLength(50);
    expect((await journal.status()).healthy).toBe(false);
    expect((await journal.status()).spooledBytes).toBeGreaterThan(0);
    sink.down = false;
    await send(50);
    await until(async () => {
      const status = await journal.status();
      return status.healthy && status.spooledBytes === 0 && status.queued === 0;
    });
    expect(sink.ids()).toEqual(all.map(e => e.id));
  });

  it('bounds the wait on a hanging store by the write timeout', async () => {
    const sink = new FakeSink();
    create({ writeTimeoutMs: 200 }).attach(sink);
    sink.hang = true;
    const started = Date.now();
    await journal.append(event());
    expect(Date.now() - started).toBeLessThan(2000);
    const spooled = await readFile(spoolPath(), 'utf8');
    expect(spooled.trim().split('\n')).toHaveLength(1);
    sink.hang = false;
    await until(() => sink.stored.length === 1);
  });

  it('moves the queue to the spool once it outgrows its bound', async () => {
    const sink = new FakeSink();
    const spool = new SpoolFile(dir);
    const spilled = jest.spyOn(spool, 'append');
    create({ spool, maxQueue: 10, writeTimeoutMs: 2000 }).attach(sink);
    let release!: () => void;
    const gate = new Promise<void>(r => {
      release = r;
    });
    const original = sink.append.bind(sink);
    sink.append = async (events, options) => {
      await gate;
      return original(events, options);
    };
    const first = journal.append(event()); // in flight, held at the gate
    await new Promise(r => setTimeout(r, 20));
    const rest = Array.from({ length: 30 }, event);
    const acks = Promise.all(rest.map(e => journal.append(e)));
    release();
    await Promise.all([first, acks]);
    await until(async () => (await journal.status()).spooledBytes === 0);
    expect(spilled).toHaveBeenCalledTimes(1);
    expect(spilled.mock.calls[0][0]).toHaveLength(30);
    expect(sink.stored).toHaveLength(31);
    expect(sink.ids().slice(1)).toEqual(rest.map(e => e.id));
  });

  it('rejects the events it can neither store nor spool', async () => {
    await writeFile(join(dir, 'blocker'), '');
    journal = new AuditJournal({
      spool: new SpoolFile(join(dir, 'blocker', 'spool')),
      logger: mockServices.logger.mock(),
    });
    await expect(journal.append(event())).rejects.toThrow();
  });

  it('flushes the queue to the store on detach, and spools after it', async () => {
    const sink = new FakeSink();
    create({ flushDelayMs: 50 }).attach(sink);
    const pending = [journal.append(event()), journal.append(event())];
    await journal.detach();
    expect(sink.stored).toHaveLength(2);
    await Promise.all(pending);
    await journal.append(event());
    expect(sink.stored).toHaveLength(2);
    expect(
      (await readFile(spoolPath(), 'utf8')).trim().split('\n'),
    ).toHaveLength(1);
  });

  it('skips a torn spool line and starts the next write on a fresh line', async () => {
    const first = event();
    await writeFile(spoolPath(), `${JSON.stringify(first)}\n{"id":"torn`);
    create();
    const second = event();
    await journal.append(second); // no store: spooled behind the torn line
    const sink = new FakeSink();
    journal.attach(sink);
    await until(async () => (await journal.status()).spooledBytes === 0);
    expect(sink.ids()).toEqual([first.id, second.id]);
  });
});
