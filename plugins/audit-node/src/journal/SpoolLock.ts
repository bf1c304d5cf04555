import { LoggerService } from '@backstage/backend-plugin-api';
import {
  mkdir,
  readFile,
  rename,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The lock's file name inside the spool directory. */
export const SPOOL_LOCK_NAME = 'audit-spool.lock';

interface Holder {
  pid: number;
  host: string;
  since: string;
}

/** Options for {@link SpoolLock}. @public */
export interface SpoolLockOptions {
  /** How often the holder refreshes the lock. Default 10 000 ms. */
  heartbeatMs?: number;
  /** A lock not refreshed for this long is abandoned. Default 3 heartbeats. */
  staleMs?: number;
  logger?: LoggerService;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Makes one process the only writer of an audit spool directory.
 *
 * The spool's replay deletes the file once it is stored; a second process
 * appending to the same file meanwhile (two replicas sharing a data
 * directory) would write into a deleted file, and its acknowledged events
 * would be gone. So a replica claims its spool at start-up and refreshes
 * the claim on a heartbeat. A claim is taken over when its holder is gone:
 * a process on this host that no longer runs (a kill -9, then a restart),
 * this very process id (a container restarted with the same pid), or a
 * heartbeat older than `staleMs` (a host that is gone). Anything else is a
 * live replica, and start-up stops with what to do.
 *
 * @public
 */
export class SpoolLock {
  private readonly path: string;
  private readonly heartbeatMs: number;
  private readonly staleMs: number;
  private timer?: NodeJS.Timeout;
  private held?: Holder;

  constructor(
    private readonly directory: string,
    private readonly options: SpoolLockOptions = {},
  ) {
    this.path = join(directory, SPOOL_LOCK_NAME);
    this.heartbeatMs = options.heartbeatMs ?? 10_000;
    this.staleMs = options.staleMs ?? 3 * this.heartbeatMs;
  }

  /** Claims the directory, or throws naming the process that holds it. */
  async acquire(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const mine: Holder = {
      pid: process.pid,
      host: hostname(),
      since: new Date().toISOString(),
    };
    const content = `${JSON.stringify(mine)}\n`;
    try {
      await writeFile(this.path, content, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
      const { holder, ageMs } = await this.current();
      if (holder && !this.abandoned(holder, ageMs)) {
        throw new Error(
          `The audit spool ${this.directory} is in use by process ${
            holder.pid
          } on ${holder.host} (claimed ${holder.since}, refreshed ${Math.round(
            ageMs / 1000,
          )} s ago). Every backend replica needs a spool directory of its own: set pave.audit.spoolDirectory to a path on the replica's own disk.`,
        );
      }
      // Replace in one step, so a reader never sees a half-written lock.
      const temp = `${this.path}.${process.pid}`;
      await rm(temp, { force: true });
      await writeFile(temp, content, { flag: 'wx', mode: 0o600 });
      await rename(temp, this.path);
      this.options.logger?.info(
        `Took over the audit spool ${this.directory} from ${
          holder
            ? `process ${holder.pid} on ${holder.host}, which is gone`
            : 'an unreadable lock'
        }`,
      );
    }
    this.held = mine;
    this.timer = setInterval(() => this.heartbeat(), this.heartbeatMs);
    this.timer.unref();
  }

  /** Gives the directory up; the next process claims it at once. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const held = this.held;
    this.held = undefined;
    if (held && this.same((await this.current()).holder, held)) {
      await rm(this.path, { force: true });
    }
  }

  private async heartbeat() {
    const held = this.held;
    if (!held) {
      return;
    }
    try {
      const { holder } = await this.current();
      if (!this.same(holder, held)) {
        this.options.logger?.error(
          `The audit spool ${this.directory} was claimed by ${
            holder ? `process ${holder.pid} on ${holder.host}` : 'nobody'
          } while this process held it; two processes must never share a spool (pave.audit.spoolDirectory)`,
        );
        return;
      }
      const now = new Date();
      await utimes(this.path, now, now);
    } catch (error) {
      this.options.logger?.warn(
        `Could not refresh the audit spool lock ${this.path}: ${
          (error as Error).message
        }`,
      );
    }
  }

  private abandoned(holder: Holder, ageMs: number): boolean {
    if (ageMs > this.staleMs) {
      return true;
    }
    if (holder.host !== hostname()) {
      return false;
    }
    return holder.pid === process.pid || !alive(holder.pid);
  }

  private same(a: Holder | undefined, b: Holder): boolean {
    return a?.pid === b.pid && a.host === b.host && a.since === b.since;
  }

  private async current(): Promise<{ holder?: Holder; ageMs: number }> {
    try {
      const [text, info] = await Promise.all([
        readFile(this.path, 'utf8'),
        stat(this.path),
      ]);
      const ageMs = Date.now() - info.mtimeMs;
      try {
        const parsed = JSON.parse(text) as Holder;
        return typeof parsed.pid === 'number' && typeof parsed.host === 'string'
          ? { holder: parsed, ageMs }
          : { ageMs };
      } catch {
        return { ageMs };
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { ageMs: 0 };
      }
      throw error;
    }
  }
}
