import { CommanderError } from 'commander';
import fs from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createProgram } from '../program';
import { EXIT } from './exitCodes';

/**
 * For tests only: a stand-in for Pave's REST API on a real local port, as
 * `PluginHttpClient.test.ts` fakes HTTP, so a command runs through its real
 * `-common` client, the real error mapping and the real exit codes.
 */

/** One request the fake received. */
export interface FakeRequest {
  method: string;
  /** The path without the query: `/api/upgrades/status`. */
  path: string;
  query: URLSearchParams;
  body: any;
  authorization?: string;
  /** `Date.now()` when it arrived. */
  at: number;
}

/** An answer: a status (200 by default) and a JSON body. */
export interface FakeAnswer {
  status?: number;
  body: unknown;
}

/** Routes keyed `METHOD /path` (no query); unknown ones answer 404. */
export type FakeRoutes = Record<string, (req: FakeRequest) => FakeAnswer>;

/** A refusal as Backstage's error handler writes it. */
export function refusal(
  status: number,
  name: string,
  message: string,
): FakeAnswer {
  return {
    status,
    body: { error: { name, message }, response: { statusCode: status } },
  };
}

/** The fake server: its base URL, what it received, and how to stop it. */
export interface FakePave {
  url: string;
  requests: FakeRequest[];
  routes: FakeRoutes;
  close(): Promise<void>;
}

/** Starts a fake Pave on 127.0.0.1 answering `routes`. */
export async function startFakePave(
  routes: FakeRoutes = {},
): Promise<FakePave> {
  const requests: FakeRequest[] = [];
  const fake = { routes } as FakePave;
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const url = new URL(req.url ?? '/', 'http://fake');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: text ? JSON.parse(text) : undefined,
      authorization: req.headers.authorization,
      at: Date.now(),
    };
    requests.push(request);
    const route = fake.routes[`${request.method} ${request.path}`];
    const answer = route
      ? route(request)
      : refusal(404, 'NotFoundError', `no route ${request.path}`);
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.requests = requests;
  fake.close = () => new Promise<void>(r => server.close(() => r()));
  return fake;
}

/** What a `pave` run printed and how it ended. */
export interface PaveRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pave ARGS` in-process against `url` with an API token, as CI would:
 * captures stdout and stderr (no terminal, no colour) and the exit code
 * `main` would set, then restores the process as it was.
 */
export async function runPave(url: string, args: string[]): Promise<PaveRun> {
  const saved = { env: { ...process.env }, exitCode: process.exitCode };
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pave-cli-test-'));
  Object.assign(process.env, {
    PAVE_URL: url,
    PAVE_API_TOKEN: 'test-token',
    PAVE_CONFIG_DIR: configDir,
    NO_COLOR: '1',
  });
  delete process.env.FORCE_COLOR;
  const tty = { out: process.stdout.isTTY, err: process.stderr.isTTY };
  // A spinner on a terminal redraws; plain lines are what CI logs show.
  process.stdout.isTTY = false;
  process.stderr.isTTY = false;
  const stdout: string[] = [];
  const stderr: string[] = [];
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation((s: any) => {
      stdout.push(String(s));
      return true;
    }),
    jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => {
      stderr.push(String(s));
      return true;
    }),
  ];
  process.exitCode = undefined;
  let code: number;
  try {
    await createProgram('0.0.0').parseAsync(['node', 'pave', ...args]);
    code = Number(process.exitCode ?? EXIT.ok);
  } catch (error) {
    // As `main` does: commander's own parse errors are bad usage.
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } finally {
    spies.forEach(spy => spy.mockRestore());
    process.stdout.isTTY = tty.out;
    process.stderr.isTTY = tty.err;
    // In place: process.env is a special object, not to be swapped out.
    for (const key of Object.keys(process.env)) {
      if (!(key in saved.env)) delete process.env[key];
    }
    Object.assign(process.env, saved.env);
    process.exitCode = saved.exitCode;
    fs.rmSync(configDir, { recursive: true, force: true });
  }
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}
