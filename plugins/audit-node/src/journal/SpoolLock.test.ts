import { ChildProcess, spawn } from 'node:child_process';
import {
  mkdtemp,
  readFile,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SPOOL_LOCK_NAME, SpoolLock } from './SpoolLock';

let dir: string;
let others: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spool-lock-'));
});
afterEach(async () => {
  others.forEach(child => child.kill('SIGKILL'));
  others = [];
  await rm(dir, { recursive: true, force: true });
});

/** Another live process on this host: what a second replica is. */
async function liveProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  others.push(child);
  await new Promise(r => child.once('spawn', r));
  return child;
}

async function writeLock(holder: object, ageS = 0) {
  const path = join(dir, SPOOL_LOCK_NAME);
  await writeFile(path, JSON.stringify(holder));
  const then = new Date(Date.now() - ageS * 1000);
  await utimes(path, then, then);
}

const holderOf = async () =>
  JSON.parse(await readFile(join(dir, SPOOL_LOCK_NAME), 'utf8'));

describe('SpoolLock', () => {
  it('claims a free directory and gives it up', async () => {
    const lock = new SpoolLock(join(dir, 'spool'));
    await lock.acquire();
    dir = join(dir, 'spool');
    expect(await holderOf()).toMatchObject({
      pid: process.pid,
      host: hostname(),
    });
    await lock.release();
    await expect(stat(join(dir, SPOOL_LOCK_NAME))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a directory a live process on this host holds, naming it', async () => {
    const other = await liveProcess();
    await writeLock({ pid: other.pid, host: hostname(), since: 'earlier' });
    await expect(new SpoolLock(dir).acquire()).rejects.toThrow(
      new RegExp(
        `in use by process ${
          other.pid
        } on ${hostname()}.*set pave\\.audit\\.spoolDirectory`,
      ),
    );
    expect((await holderOf()).pid).toBe(other.pid);
  });

  it('takes over from a process that was killed', async () => {
    const other = await liveProcess();
    await writeLock({ pid: other.pid, host: hostname(), since: 'earlier' });
    other.kill('SIGKILL');
    await new Promise(r => other.once('exit', r));
    const lock = new SpoolLock(dir);
    await lock.acquire();
    expect((await holderOf()).pid).toBe(process.pid);
    await lock.release();
  });

  it('waits for a heartbeat on another host, then takes over', async () => {
    const remote = { pid: 1, host: 'replica-elsewhere', since: 'earlier' };
    await writeLock(remote, 5);
    await expect(
      new SpoolLock(dir, { heartbeatMs: 10_000 }).acquire(),
    ).rejects.toThrow(/in use by process 1 on replica-elsewhere/);

    await writeLock(remote, 31);
    const lock = new SpoolLock(dir, { heartbeatMs: 10_000 });
    await lock.acquire();
    expect((await holderOf()).host).toBe(hostname());
    await lock.release();
  });

  it('refreshes its claim on a heartbeat', async () => {
    const lock = new SpoolLock(dir, { heartbeatMs: 50 });
    await lock.acquire();
    const path = join(dir, SPOOL_LOCK_NAME);
    const past = new Date(Date.now() - 60_000);
    await utimes(path, past, past);
    await new Promise(r => setTimeout(r, 200));
    expect(Date.now() - (await stat(path)).mtimeMs).toBeLessThan(1_000);
    await lock.release();
  });

  it('leaves a lock alone on release once another process took it', async () => {
    const lock = new SpoolLock(dir, { heartbeatMs: 60_000 });
    await lock.acquire();
    const other = { pid: 1, host: 'replica-elsewhere', since: 'later' };
    await writeLock(other);
    await lock.release();
    expect(await holderOf()).toEqual(other);
  });
});
