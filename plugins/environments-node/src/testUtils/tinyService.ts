import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A service that is ready only while its database accepts connections. */
const SERVER = `
const http = require('node:http');
const net = require('node:net');
const db = new URL(process.env.DATABASE_URL);
http.createServer((req, res) => {
  if (req.url !== '/readyz') { res.statusCode = 404; return res.end(); }
  const socket = net.connect(Number(db.port), db.hostname);
  socket.once('connect', () => { socket.end(); res.end(JSON.stringify({ database: 'connected', user: db.username, service: process.env.SERVICE, outputs: process.env.DB_NAME })); });
  socket.once('error', e => { res.statusCode = 503; res.end(String(e)); });
}).listen(Number(process.env.PORT), process.env.HOST);
`;

const score = (name: string) => `apiVersion: score.dev/v1b1
metadata:
  name: ${name}
containers:
  main:
    image: .
    variables:
      DATABASE_URL: postgresql://\${resources.db.username}:\${resources.db.password}@\${resources.db.host}:\${resources.db.port}/\${resources.db.name}
      SERVICE: \${metadata.name}
    readinessProbe:
      httpGet: { path: /readyz, port: 8080 }
resources:
  db:
    type: postgres
`;

/** Runs git with an author set, returning its output. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Pave', '-c', 'user.email=pave@example.com', ...args],
    { cwd, encoding: 'utf8' },
  ).trim();
}

/**
 * A tiny but real service repository: a package with a lockfile (no
 * dependencies, so `npm ci` is quick), a build step, a start script, a
 * readiness endpoint and a `score.yaml` with a PostgreSQL resource.
 * Returns the repository's path and its one commit.
 */
export async function createTinyService(
  dir: string,
  name = 'tiny',
): Promise<{ repository: string; commit: string }> {
  const repository = path.join(dir, name);
  await mkdir(repository, { recursive: true });
  const pkg = {
    name,
    version: '1.0.0',
    private: true,
    scripts: { build: 'node build.js', start: 'node dist/server.js' },
  };
  await writeFile(path.join(repository, 'package.json'), JSON.stringify(pkg));
  await writeFile(
    path.join(repository, 'package-lock.json'),
    JSON.stringify({
      name,
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: { '': { name, version: '1.0.0' } },
    }),
  );
  await writeFile(
    path.join(repository, 'build.js'),
    // The build records what of the backend's environment it could see.
    "require('fs').mkdirSync('dist', { recursive: true }); require('fs').copyFileSync('server.js', 'dist/server.js'); require('fs').writeFileSync('dist/build-env.json', JSON.stringify(Object.keys(process.env).sort()));",
  );
  await writeFile(path.join(repository, 'server.js'), SERVER);
  await writeFile(path.join(repository, 'score.yaml'), score(name));
  git(repository, 'init', '--quiet');
  git(repository, 'add', '.');
  git(repository, 'commit', '--quiet', '-m', name);
  return { repository, commit: git(repository, 'rev-parse', 'HEAD') };
}
