/*
 * A real (tiny) service deployed from a real git repository onto the local
 * target: provisioned, installed, built, started and ready; restarted after
 * kill -9; destroyed without a trace.
 */
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalResources } from './LocalResources';
import {
  LocalServices,
  outputsAsEnvironment,
  publicOutputs,
} from './LocalServices';
import { adminQuery } from './servers/postgresServer';
import { createTinyService } from '../testUtils';

jest.setTimeout(120_000);

let root: string;
let repository: string;
let commit: string;
let resources: LocalResources;
let services: LocalServices;

beforeAll(async () => {
  // Stands in for the backend's own secrets (tokens, database passwords).
  process.env.PAVE_TEST_BACKEND_SECRET = 'not-for-services';
  root = await mkdtemp(path.join(tmpdir(), 'pave-services-'));
  await chmod(root, 0o711);
  ({ repository, commit } = await createTinyService(root));
  resources = new LocalResources(path.join(root, 'local'));
  services = new LocalServices({ workDir: path.join(root, 'work'), resources });
});

afterAll(async () => {
  await services?.stopAll();
  await resources?.stop();
  await rm(root, { recursive: true, force: true });
});

async function readiness(url: string) {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: await res.json() };
}

describe('what a service is given and what people see', () => {
  it('names each output <RESOURCE>_<OUTPUT>', () => {
    expect(
      outputsAsEnvironment({
        db: { host: '127.0.0.1', port: '5432' },
        'order-events': { url: 'amqp://u:p@127.0.0.1:5672/v' },
      }),
    ).toEqual({
      DB_HOST: '127.0.0.1',
      DB_PORT: '5432',
      ORDER_EVENTS_URL: 'amqp://u:p@127.0.0.1:5672/v',
    });
  });

  it('shows outputs without passwords, in fields or in URLs', () => {
    expect(
      publicOutputs({
        username: 'orders_dev_jobs',
        password: 's3cret',
        url: 'amqp://orders_dev_jobs:s3cret%2F@127.0.0.1:5672/orders_dev_jobs',
        name: 'jobs',
      }),
    ).toEqual({
      username: 'orders_dev_jobs',
      url: 'amqp://orders_dev_jobs:****@127.0.0.1:5672/orders_dev_jobs',
      name: 'jobs',
    });
  });
});

describe('LocalServices', () => {
  it('deploys a commit: provisioned, built, started and ready, with its steps reported', async () => {
    const steps: string[] = [];
    const deployment = await services.deploy(
      { service: 'tiny', environment: 'dev', repository, commit },
      step => steps.push(step),
    );
    expect(steps).toEqual(['fetch', 'provision', 'install', 'build', 'start']);
    expect(deployment.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await readiness(deployment.url)).toEqual({
      status: 200,
      body: {
        database: 'connected',
        user: 'tiny_dev_db',
        service: 'tiny',
        // Every output as <RESOURCE>_<OUTPUT> too (DB_NAME), as envFrom gives it.
        outputs: 'tiny_dev_db',
      },
    });
    // What is shown of the resource holds no password.
    expect(deployment.resources).toEqual([
      {
        name: 'db',
        type: 'postgres',
        outputs: {
          host: '127.0.0.1',
          port: expect.any(String),
          name: 'tiny_dev_db',
          database: 'tiny_dev_db',
          username: 'tiny_dev_db',
        },
      },
    ]);
  });

  it("builds without the backend's environment: its secrets stay out of install and build scripts", async () => {
    const seen: string[] = JSON.parse(
      await readFile(
        path.join(
          root,
          'work',
          'tiny',
          'dev',
          `src-${commit}`,
          'dist',
          'build-env.json',
        ),
        'utf8',
      ),
    );
    expect(seen).not.toContain('PAVE_TEST_BACKEND_SECRET');
    expect(seen).toEqual(
      expect.arrayContaining(['PATH', 'HOME', 'npm_config_cache']),
    );
  });

  it('comes back by itself after kill -9', async () => {
    const before = services.get('tiny', 'dev')!;
    process.kill(before.pid!, 'SIGKILL');
    const started = Date.now();
    let ready = false;
    while (!ready && Date.now() - started < 15_000) {
      ready = await readiness(before.url)
        .then(r => r.status === 200)
        .catch(() => false);
      if (!ready) await new Promise(r => setTimeout(r, 100));
    }
    expect(ready).toBe(true);
    expect(services.get('tiny', 'dev')!.pid).not.toBe(before.pid);
  });

  it.each([
    [{ service: '../etc' }, /service: must be a lower-case service name/],
    [
      { environment: 'dev; rm -rf /' },
      /environment: must be a lower-case environment name/,
    ],
    [{ commit: 'main' }, /commit: must be a git commit id/],
    [
      { commit: '0000000000000000000000000000000000000000' },
      /commit: 0{40} is not a commit of tiny's repository/,
    ],
  ])(
    'refuses bad input before provisioning anything (%j)',
    async (bad, message) => {
      await expect(
        services.deploy({
          service: 'tiny',
          environment: 'qa',
          repository,
          commit,
          ...bad,
        }),
      ).rejects.toThrow(message);
      await expect(
        stat(path.join(root, 'local/credentials/tiny/qa')),
      ).rejects.toThrow(/ENOENT/);
    },
  );

  it('destroys the service: process, database and work directory', async () => {
    const { pid } = services.get('tiny', 'dev')!;
    await services.destroy('tiny', 'dev');
    expect(() => process.kill(pid!, 0)).toThrow(/ESRCH/);
    await expect(stat(path.join(root, 'work/tiny/dev'))).rejects.toThrow(
      /ENOENT/,
    );
    const left = await adminQuery(
      await resources.ensureServer('postgres'),
      "SELECT count(*)::int AS n FROM pg_database WHERE datname = 'tiny_dev_db'",
    );
    expect(left.rows[0].n).toBe(0);
  });
});
