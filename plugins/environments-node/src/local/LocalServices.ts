import { InputError } from '@backstage/errors';
import { parseInput } from '@pave/common';
import { Workload, workloadSchema } from '@pave/plugin-infra-common';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'yaml';
import { LocalResources, LOCAL_RESOURCE_TYPES } from './LocalResources';
import { localContainer, resolveLocalVariables } from './resolveLocal';
import { ServerProcess } from './servers/ServerProcess';
import { ensureDir, freePort } from './servers/host';

const run = promisify(execFile);

/** What a deploy does, in order; reported as it goes. */
export type DeployStep = 'fetch' | 'provision' | 'install' | 'build' | 'start';

/** One service running on the local target. */
export interface LocalDeployment {
  service: string;
  environment: string;
  commit: string;
  url: string;
  port: number;
  /** The Score outputs of each resource, secrets left out. */
  resources: Array<{
    name: string;
    type: string;
    outputs: Record<string, string>;
  }>;
}

/** What to deploy: a commit of a git repository Pave can read (its own store). */
export interface LocalDeployRequest {
  service: string;
  environment: string;
  /** Path or URL of the git repository. */
  repository: string;
  commit: string;
}

/** Outputs never shown: they stay in the service's process environment. */
const SECRET_OUTPUTS = new Set(['password', 'access_key_id', 'secret_key']);

/**
 * A resource's outputs as people may see them: secrets left out, and a
 * URL's password (a local AMQP queue URL carries its user's) masked.
 */
export function publicOutputs(
  outputs: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(outputs)
      .filter(([key]) => !SECRET_OUTPUTS.has(key))
      .map(([key, value]) => [
        key,
        value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]+):[^@/]*@/i, '$1:****@'),
      ]),
  );
}

/**
 * Every output of every resource as `<RESOURCE>_<OUTPUT>` (`db.host` →
 * `DB_HOST`, `order-events.url` → `ORDER_EVENTS_URL`): on the local target
 * what the ConfigMap and Secret `<service>-resources` are to the golden
 * templates' pods in the cloud (their manifests load both with envFrom).
 * The Score file's own variables come on top.
 */
export function outputsAsEnvironment(
  outputs: Record<string, Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [resource, values] of Object.entries(outputs)) {
    const prefix = resource.toUpperCase().replaceAll('-', '_');
    for (const [output, value] of Object.entries(values)) {
      env[`${prefix}_${output.toUpperCase()}`] = value;
    }
  }
  return env;
}
const NAME = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,62}$/;
const COMMIT = /^[0-9a-f]{7,40}$/;

/**
 * Services on the local target: a commit of the service's repository is
 * checked out in a work directory, its Score resources provisioned on the
 * local servers, `npm ci` and its build run, and its `start` script run
 * under supervision on a free loopback port with the resolved variables;
 * ready once its readiness endpoint answers 200. A service that dies is
 * restarted (see ServerProcess); destroy stops it and drops what was
 * provisioned for it.
 */
export class LocalServices {
  private readonly running = new Map<
    string,
    {
      process: ServerProcess;
      deployment: LocalDeployment;
      workload: Workload;
      readyUrl: string;
    }
  >();

  constructor(
    private readonly options: { workDir: string; resources: LocalResources },
  ) {}

  private dirOf(service: string, environment: string) {
    return path.join(this.options.workDir, service, environment);
  }

  /** Where a service's output goes (for tailing). */
  logFile(service: string, environment: string): string {
    return path.join(this.dirOf(service, environment), 'service.log');
  }

  /** The running deployment of a service in an environment, if any. */
  get(
    service: string,
    environment: string,
  ): (LocalDeployment & { pid?: number }) | undefined {
    const entry = this.running.get(`${service}/${environment}`);
    return entry && { ...entry.deployment, pid: entry.process.pid };
  }

  /**
   * Deploys a commit; replaces what ran before in that environment.
   * Input is checked before anything is fetched or provisioned.
   */
  async deploy(
    request: LocalDeployRequest,
    onStep: (step: DeployStep, detail: string) => void = () => {},
  ): Promise<LocalDeployment> {
    const { service, environment, commit } = request;
    if (!NAME.test(service)) {
      throw new InputError('service: must be a lower-case service name');
    }
    if (!NAME.test(environment)) {
      throw new InputError(
        'environment: must be a lower-case environment name',
      );
    }
    if (!COMMIT.test(commit)) {
      throw new InputError(
        'commit: must be a git commit id (7 to 40 hex digits)',
      );
    }
    const dir = this.dirOf(service, environment);
    await ensureDir(dir);
    const checkout = path.join(dir, `src-${commit}`);
    try {
      return await this.deployIn(dir, checkout, request, onStep);
    } catch (error) {
      // Leave nothing behind but what still runs (and its resources).
      await rm(this.running.has(`${service}/${environment}`) ? checkout : dir, {
        recursive: true,
        force: true,
      });
      throw error;
    }
  }

  private async deployIn(
    dir: string,
    checkout: string,
    request: LocalDeployRequest,
    onStep: (step: DeployStep, detail: string) => void,
  ): Promise<LocalDeployment> {
    const { service, environment, repository, commit } = request;

    onStep('fetch', `${repository} at ${commit}`);
    await rm(checkout, { recursive: true, force: true });
    await git([
      'clone',
      '--quiet',
      '--no-checkout',
      '--',
      repository,
      checkout,
    ]);
    try {
      await git(['-C', checkout, 'checkout', '--quiet', '--detach', commit]);
    } catch {
      throw new InputError(
        `commit: ${commit} is not a commit of ${service}'s repository`,
      );
    }
    const workload = await readWorkload(checkout);
    const unsupported = Object.entries(workload.resources).find(
      ([, r]) => !LocalResources.supports(r.type),
    );
    if (unsupported) {
      throw new InputError(
        `resources.${unsupported[0]}.type: ${
          unsupported[1].type
        } is not offered on the local target; it offers ${LOCAL_RESOURCE_TYPES.join(
          ', ',
        )}`,
      );
    }

    const outputs: Record<string, Record<string, string>> = {};
    for (const [name, resource] of Object.entries(workload.resources)) {
      onStep('provision', `${name} (${resource.type})`);
      outputs[name] = await this.options.resources.provision(
        { service, environment, resource: name },
        resource.type as (typeof LOCAL_RESOURCE_TYPES)[number],
      );
    }
    const variables = {
      ...outputsAsEnvironment(outputs),
      ...resolveLocalVariables(workload, outputs),
    };

    const pkg = JSON.parse(
      await readFile(path.join(checkout, 'package.json'), 'utf8'),
    );
    const buildLog = path.join(dir, 'build.log');
    onStep('install', 'npm ci');
    const npmEnv = this.npmEnvironment(dir);
    await npm(
      ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
      checkout,
      buildLog,
      npmEnv,
    );
    if (pkg.scripts?.build) {
      onStep('build', 'npm run build');
      await npm(['run', 'build'], checkout, buildLog, npmEnv);
    }
    if (!pkg.scripts?.start) {
      throw new InputError(
        'package.json: needs a start script to run the service',
      );
    }

    await this.stop(service, environment);
    const port = await freePort();
    const container = workload.containers[localContainer(workload)];
    const readyPath = container.readinessProbe?.httpGet?.path ?? '/readyz';
    const url = `http://127.0.0.1:${port}`;
    onStep('start', `${pkg.scripts.start} on ${url}`);
    const process_ = new ServerProcess({
      name: `${service} (${environment})`,
      command: '/bin/sh',
      // The repository's own start script, as npm would run it, but exec'd
      // so the supervised process is the service itself.
      args: ['-c', `exec ${pkg.scripts.start}`],
      cwd: checkout,
      env: {
        // Only what the service needs: never the backend's own secrets.
        PATH: [
          path.join(checkout, 'node_modules/.bin'),
          path.dirname(process.execPath),
          '/usr/local/bin:/usr/bin:/bin',
        ].join(':'),
        HOME: dir,
        LANG: 'C.UTF-8',
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        ...variables,
      },
      logFile: this.logFile(service, environment),
      startTimeoutMs: 60_000,
      ready: async () =>
        (
          await fetch(`${url}${readyPath}`, {
            signal: AbortSignal.timeout(2000),
          })
        ).ok,
    });
    await process_.start();
    const deployment: LocalDeployment = {
      service,
      environment,
      commit,
      url,
      port,
      resources: Object.entries(workload.resources).map(([name, r]) => ({
        name,
        type: r.type,
        outputs: publicOutputs(outputs[name]),
      })),
    };
    this.running.set(`${service}/${environment}`, {
      process: process_,
      deployment,
      workload,
      readyUrl: `${url}${readyPath}`,
    });
    // Older checkouts of this environment are no longer needed.
    for (const entry of await readdir(dir)) {
      if (entry.startsWith('src-') && entry !== `src-${commit}`) {
        await rm(path.join(dir, entry), { recursive: true, force: true });
      }
    }
    return deployment;
  }

  /**
   * What `npm ci` and the build run with: never the backend's own
   * environment (its tokens and database passwords), since the
   * repository's scripts and its dependencies' install scripts run here.
   * One npm cache for every service (the backend user's); the
   * registry, proxy and the certificates the machine trusts come from the
   * backend's settings, as does its user's .npmrc (a private registry's
   * login, as in any CI).
   */
  private npmEnvironment(dir: string): NodeJS.ProcessEnv {
    const passed = Object.fromEntries(
      Object.entries(process.env).filter(([key]) =>
        /^(npm_config_(registry|proxy|https_proxy|strict_ssl|cafile|userconfig)|(HTTPS?|NO)_PROXY|https?_proxy|no_proxy|NODE_EXTRA_CA_CERTS|SSL_CERT_(FILE|DIR))$/.test(
          key,
        ),
      ),
    );
    return {
      ...passed,
      PATH: [
        path.dirname(process.execPath),
        '/usr/local/bin:/usr/bin:/bin',
      ].join(':'),
      HOME: dir,
      LANG: 'C.UTF-8',
      // The backend user's own npm cache when it has one (services build as
      // that user anyway): warm from everything npm fetched here before.
      npm_config_cache: process.env.HOME
        ? path.join(process.env.HOME, '.npm')
        : path.join(this.options.workDir, '.npm-cache'),
      npm_config_update_notifier: 'false',
      ...(process.env.HOME && existsSync(path.join(process.env.HOME, '.npmrc'))
        ? {
            npm_config_userconfig: path.join(process.env.HOME, '.npmrc'),
          }
        : {}),
    };
  }

  /** Whether the running service answers its readiness probe now. */
  async isReady(service: string, environment: string): Promise<boolean> {
    const entry = this.running.get(`${service}/${environment}`);
    if (!entry) {
      return false;
    }
    try {
      return (
        await fetch(entry.readyUrl, { signal: AbortSignal.timeout(3000) })
      ).ok;
    } catch {
      return false;
    }
  }

  /**
   * Provisions again whatever of a running service's resources is gone (a
   * dropped database, a deleted vhost) with the same credentials; the
   * names of those it had to bring back.
   */
  async repairResources(
    service: string,
    environment: string,
  ): Promise<string[]> {
    const entry = this.running.get(`${service}/${environment}`);
    const repaired: string[] = [];
    for (const [name, resource] of Object.entries(
      entry?.workload.resources ?? {},
    )) {
      const unit = { service, environment, resource: name };
      const type = resource.type as (typeof LOCAL_RESOURCE_TYPES)[number];
      if (!(await this.options.resources.exists(unit, type))) {
        await this.options.resources.provision(unit, type);
        repaired.push(name);
      }
    }
    return repaired;
  }

  private async stop(service: string, environment: string) {
    const key = `${service}/${environment}`;
    await this.running.get(key)?.process.stop();
    this.running.delete(key);
  }

  /** Stops the service, drops its resources and removes its work directory. */
  async destroy(service: string, environment: string): Promise<void> {
    const entry = this.running.get(`${service}/${environment}`);
    await this.stop(service, environment);
    for (const [name, resource] of Object.entries(
      entry?.workload.resources ?? {},
    )) {
      await this.options.resources.deprovision(
        { service, environment, resource: name },
        resource.type as (typeof LOCAL_RESOURCE_TYPES)[number],
      );
    }
    await rm(this.dirOf(service, environment), {
      recursive: true,
      force: true,
    });
  }

  /** Stops every service started here (their resources stay). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running.values()].map(e => e.process.stop()));
    this.running.clear();
  }
}

async function git(args: string[]) {
  await run('git', args, { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
}

/** Runs npm, appending its output to `log`; a failure quotes the log's tail. */
async function npm(
  args: string[],
  cwd: string,
  log: string,
  env: NodeJS.ProcessEnv,
) {
  try {
    const { stdout, stderr } = await run('npm', args, {
      cwd,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    await appendLog(log, `$ npm ${args.join(' ')}\n${stdout}${stderr}`);
  } catch (error) {
    const { stdout = '', stderr = '' } = error as {
      stdout?: string;
      stderr?: string;
    };
    await appendLog(log, `$ npm ${args.join(' ')}\n${stdout}${stderr}`);
    const tail = `${stdout}${stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(
      `npm ${
        args[0] === 'run' ? args.slice(0, 2).join(' ') : args[0]
      } failed:\n${tail}`,
    );
  }
}

async function appendLog(file: string, text: string) {
  await appendFile(file, text);
}

/** The service's `score.yaml`, parsed as the infra engine parses it. */
async function readWorkload(checkout: string): Promise<Workload> {
  const file = path.join(checkout, 'score.yaml');
  if (!existsSync(file)) {
    throw new InputError('score.yaml: the repository has none at that commit');
  }
  let raw: unknown;
  try {
    raw = yaml.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(
      `score.yaml: not valid YAML: ${(error as Error).message}`,
    );
  }
  return parseInput(workloadSchema, raw, 'score.yaml');
}
