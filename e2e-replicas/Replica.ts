import { ChildProcess, spawn } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

/** What every replica of one cluster shares. */
export interface ClusterEnv {
  /** `host:port` of the PostgreSQL all replicas use. */
  postgres: { host: string; port: string; user: string };
  /** Database name prefix: one cluster, its own databases. */
  databasePrefix: string;
  /** Shared data directory (the git repository store). */
  dataDir: string;
  /** Policy directory the replicas load. */
  policyDir: string;
  token: string;
  /** Extra environment (git settings for fault injection). */
  env?: Record<string, string>;
  /** Config files layered last (default: the harness's own). */
  configs?: string[];
}

/**
 * One backend process, as production runs it: `node` with Backstage's
 * TypeScript loader on packages/backend, no watcher. Started in its own
 * process group so a kill takes its children (git, sh) with it, as the
 * loss of a machine would.
 */
export class Replica {
  private child?: ChildProcess;
  readonly url: string;
  /** Where the replica logs: test-results/replicas/<port>.log, kept. */
  readonly logFile: string;

  constructor(
    readonly name: string,
    readonly port: number,
    readonly workDir: string,
    private readonly cluster: ClusterEnv,
  ) {
    this.url = `http://localhost:${port}`;
    this.logFile = resolve(ROOT, 'test-results/replicas', `${port}.log`);
    mkdirSync(dirname(this.logFile), { recursive: true });
    writeFileSync(this.logFile, '');
  }

  /**
   * Everything the replica logged since it was first started. Read from its
   * file: a backend writing to a pipe blocks until the reader catches up
   * (stdout to a pipe is synchronous on Linux), which would make the test
   * runner part of every request.
   */
  private get output(): string {
    return readFileSync(this.logFile, 'utf8');
  }

  /** Where the replica spools audit events while the database is away. */
  get spoolDir(): string {
    return resolve(this.workDir, 'audit-spool');
  }

  /** The backend process, while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Everything the replica logged since it was first started. */
  get log(): string {
    return this.output;
  }

  /** Log lines matching `pattern`, since `from` (an earlier `log.length`). */
  lines(pattern: RegExp, from = 0): string[] {
    return this.output
      .slice(from)
      .split('\n')
      .filter(line => pattern.test(line));
  }

  async start(): Promise<void> {
    const { postgres, dataDir, policyDir, token, databasePrefix } =
      this.cluster;
    appendFileSync(this.logFile, `\n--- start ${new Date().toISOString()}\n`);
    const fd = openSync(this.logFile, 'a');
    mkdirSync(this.workDir, { recursive: true });
    const child = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
          paths: [ROOT],
        }),
        '--require',
        resolve(__dirname, 'exitWithParent.cjs'),
        'src/index.ts',
        ...['app-config.yaml', 'app-config.postgres.yaml'].flatMap(f => [
          '--config',
          resolve(ROOT, f),
        ]),
        ...(
          this.cluster.configs ?? [
            resolve(__dirname, 'app-config.replicas.yaml'),
          ]
        ).flatMap(f => ['--config', f]),
      ],
      {
        cwd: resolve(ROOT, 'packages/backend'),
        detached: true,
        stdio: ['ignore', fd, fd],
        env: {
          ...process.env,
          ...this.cluster.env,
          NODE_ENV: 'development',
          NO_COLOR: '1',
          FORCE_COLOR: '0',
          PAVE_DATA_DIR: dataDir,
          PAVE_WORK_DIR: this.workDir,
          PAVE_LOCAL_TARGET: 'off',
          PAVE_BACKEND_URL: this.url,
          PAVE_APP_URL: this.url,
          PAVE_API_TOKEN: token,
          POSTGRES_HOST: postgres.host,
          POSTGRES_PORT: postgres.port,
          POSTGRES_USER: postgres.user,
          APP_CONFIG_backend_listen_port: String(this.port),
          APP_CONFIG_backend_database_prefix: databasePrefix,
          APP_CONFIG_pave_policy_directory: policyDir,
          // Each replica its own audit spool, as on its own disk (SpoolLock).
          APP_CONFIG_pave_audit_spoolDirectory: this.spoolDir,
        },
      },
    );
    this.child = child;
    closeSync(fd);
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (
        child.exitCode !== null ||
        /Backend startup failed/.test(this.output)
      ) {
        throw new Error(
          `${this.name} did not start (exit ${
            child.exitCode
          }):\n${this.output.slice(-3000)}`,
        );
      }
      try {
        const res = await fetch(`${this.url}/.backstage/health/v1/readiness`);
        if (res.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(
      `${this.name} was not ready within 180 s:\n${this.output.slice(-3000)}`,
    );
  }

  /** kill -9 of the whole process group: no shutdown hook runs. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode) return;
    const exited = new Promise(r => child.once('exit', r));
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    appendFileSync(
      this.logFile,
      `\n--- killed -9 ${new Date().toISOString()}\n`,
    );
  }

  /** A graceful stop, as a rolling deploy does. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode) return;
    const exited = new Promise(r => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(
      () => process.kill(-child.pid!, 'SIGKILL'),
      30_000,
    );
    await exited;
    clearTimeout(timer);
  }
}
