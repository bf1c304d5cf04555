import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { ServerEndpoint } from './LocalServer';
import { ServerProcessOptions } from './ServerProcess';
import { SupervisedServer } from './SupervisedServer';
import { ensureDir, serverIdentity } from './host';

const run = promisify(execFile);
const MARIADBD = '/usr/sbin/mariadbd';

/**
 * Debian's MariaDB for `mysql` resources: a data directory created on
 * first start, TCP on 127.0.0.1 only, an admin `pave`@`127.0.0.1`; root
 * gets the admin password too, so no account is left without one.
 */
export class MariadbServer extends SupervisedServer {
  readonly kind = 'mysql';
  /** Whether this start created the data directory. */
  private fresh = false;
  private bootstrapped = false;

  protected async prepare() {
    if (!existsSync(MARIADBD)) {
      throw new Error(
        "MariaDB is not installed: run scripts/start.sh (it installs Debian's mariadb-server), or apt-get install mariadb-server",
      );
    }
    await ensureDir(this.dir);
    const { port, password } = await serverIdentity(this.dir);
    const data = path.join(this.dir, 'data');
    const socket = path.join(this.dir, 'mysqld.sock');
    this.fresh = !existsSync(path.join(data, 'mysql'));
    if (this.fresh) {
      await run('mariadb-install-db', [
        '--no-defaults',
        `--datadir=${data}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        ...(process.getuid?.() === 0 ? ['--user=root'] : []),
      ]);
    }
    const endpoint: ServerEndpoint = {
      host: '127.0.0.1',
      port,
      adminUser: 'pave',
      adminPassword: password,
    };
    const options: ServerProcessOptions = {
      name: 'MariaDB',
      command: MARIADBD,
      args: [
        '--no-defaults',
        `--datadir=${data}`,
        `--socket=${socket}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        '--skip-name-resolve',
        `--pid-file=${path.join(this.dir, 'mysqld.pid')}`,
        ...(process.getuid?.() === 0 ? ['--user=root'] : []),
      ],
      logFile: path.join(this.dir, 'server.log'),
      // Fresh: the admin does not exist yet, the socket answers first.
      ready: async () => {
        const connection = await (this.fresh && !this.bootstrapped
          ? mysql.createConnection({ socketPath: socket, user: 'root' })
          : adminConnection(endpoint));
        await connection.end();
        return true;
      },
    };
    return { endpoint, options };
  }

  /** A fresh data directory: create the admin, give root the same password. */
  protected async afterStart(endpoint: ServerEndpoint) {
    if (this.fresh && !this.bootstrapped) {
      const root = await mysql.createConnection({
        socketPath: path.join(this.dir, 'mysqld.sock'),
        user: 'root',
      });
      try {
        await root.query('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [
          'pave',
          '127.0.0.1',
          endpoint.adminPassword,
        ]);
        await root.query(
          'GRANT ALL PRIVILEGES ON *.* TO ?@? WITH GRANT OPTION',
          ['pave', '127.0.0.1'],
        );
        await root.query('ALTER USER ?@? IDENTIFIED BY ?', [
          'root',
          'localhost',
          endpoint.adminPassword,
        ]);
        await root.query("DELETE FROM mysql.global_priv WHERE User = ''");
        await root.query('FLUSH PRIVILEGES');
      } finally {
        await root.end();
      }
    }
    this.bootstrapped = true;
  }
}

/** A connection as the admin over TCP. */
export function adminConnection(endpoint: ServerEndpoint) {
  return mysql.createConnection({
    host: endpoint.host,
    port: endpoint.port,
    user: endpoint.adminUser,
    password: endpoint.adminPassword,
    connectTimeout: 2000,
    multipleStatements: false,
  });
}
