import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** How to run one server and how to tell it is ready. */
export interface ServerProcessOptions {
  /** Shown in errors and logs: `postgres`, `redis`… */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this user (servers that refuse root). */
  uid?: number;
  gid?: number;
  /** Appended to with the server's stdout and stderr. */
  logFile: string;
  /** Resolves once the server answers; rejects or returns false while it does not. */
  ready: () => Promise<boolean>;
  /** How long a start may take before it counts as failed. */
  startTimeoutMs?: number;
}

/** Restarts allowed within {@link RESTART_WINDOW_MS} before the supervisor gives up. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

/** Processes started here, killed when this process exits so no server outlives Pave. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killOnExit(child: ChildProcess) {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of running) {
        c.kill('SIGKILL');
      }
    });
  }
}

/**
 * One supervised server process: started, waited for until it answers,
 * restarted when it dies unexpectedly (at most five times a minute, then
 * it stays down and says why), stopped on request or when Pave exits.
 */
export class ServerProcess {
  private child?: ChildProcess;
  private log?: WriteStream;
  private stopping = false;
  private restarts: number[] = [];
  private lastExit?: string;
  /** Resolves when a (re)start has finished, successfully or not. */
  private starting?: Promise<void>;

  constructor(private readonly options: ServerProcessOptions) {}

  /** Whether the process is running (not whether it is ready). */
  get running(): boolean {
    const child = this.child;
    // Killed by a signal, exitCode stays null: signalCode tells.
    return Boolean(
      child && child.exitCode === null && child.signalCode === null,
    );
  }

  /** The process id, while running. */
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  /**
   * Starts the server unless it runs, and waits until it answers; while a
   * (re)start is under way, waits for that one.
   */
  async start(): Promise<void> {
    if (this.starting) {
      return this.starting;
    }
    if (this.running) {
      return undefined;
    }
    this.stopping = false;
    this.starting = this.launch().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async launch(): Promise<void> {
    const { name, command, args, env, cwd, uid, gid, logFile } = this.options;
    if (!this.log) {
      this.log = createWriteStream(logFile, { flags: 'a' });
      // A server's log is for people; failing to write it (a full disk, a
      // late line during stop) must never take the backend down with it.
      this.log.on('error', () => {});
    }
    const child = spawn(command, args, {
      env,
      cwd,
      uid,
      gid,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    killOnExit(child);
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    const exited = new Promise<string>(resolve => {
      child.once('exit', (code, signal) => {
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        this.lastExit = how;
        resolve(how);
        if (!this.stopping) {
          this.restartLater(how);
        }
      });
      child.once('error', error => resolve(error.message));
    });

    const deadline = Date.now() + (this.options.startTimeoutMs ?? 30_000);
    while (Date.now() < deadline) {
      const result = await Promise.race([
        this.options.ready().catch(() => false),
        exited.then(how => `exited: ${how}`),
      ]);
      if (result === true) {
        return;
      }
      if (typeof result === 'string') {
        throw new Error(`${name} did not start (${result}); see ${logFile}`);
      }
      await sleep(50);
    }
    child.kill('SIGKILL');
    throw new Error(
      `${name} did not answer within ${
        this.options.startTimeoutMs ?? 30_000
      } ms; see ${logFile}`,
    );
  }

  /** After an unexpected exit: start again, unless it keeps dying. */
  private restartLater(how: string) {
    const now = Date.now();
    this.restarts = this.restarts.filter(t => now - t < RESTART_WINDOW_MS);
    if (this.restarts.length >= MAX_RESTARTS) {
      this.log?.write(
        `\n[pave] ${this.options.name} died (${how}) ${MAX_RESTARTS} times within a minute; not restarting\n`,
      );
      return;
    }
    this.restarts.push(now);
    this.log?.write(
      `\n[pave] ${this.options.name} died (${how}); restarting\n`,
    );
    // The failure is in the log; the next caller's start() reports it too.
    this.start().catch(() => {});
  }

  /** Stops the server: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    await this.starting?.catch(() => {});
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    this.child = undefined;
    // Output still buffered in the pipes after the exit must not reach a
    // log that is being closed ("write after end" would crash the host).
    if (child && this.log) {
      child.stdout?.unpipe(this.log);
      child.stderr?.unpipe(this.log);
    }
    await new Promise<void>(resolve =>
      this.log ? this.log.end(resolve) : resolve(),
    );
    this.log = undefined;
  }

  /** Why it last exited, for errors. */
  get lastExitReason(): string | undefined {
    return this.lastExit;
  }
}
