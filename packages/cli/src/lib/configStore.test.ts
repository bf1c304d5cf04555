import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  configDirectory,
  readLogin,
  removeLogin,
  writeLogin,
} from './configStore';

describe('configStore', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pave-config-'));
    env = { PAVE_CONFIG_DIR: path.join(dir, 'nested', 'pave') };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the directory the way XDG tools do', () => {
    expect(configDirectory({ XDG_CONFIG_HOME: '/x' })).toBe('/x/pave');
    expect(
      configDirectory({ PAVE_CONFIG_DIR: '/y', XDG_CONFIG_HOME: '/x' }),
    ).toBe('/y');
    expect(configDirectory({})).toBe(
      path.join(os.homedir(), '.config', 'pave'),
    );
  });

  it('stores the login readable by the user alone, and reads it back', () => {
    expect(readLogin(env)).toBeUndefined();
    const file = writeLogin(
      {
        url: 'http://localhost:7007',
        auth: { type: 'token', token: 's3cret' },
      },
      env,
    );
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(env.PAVE_CONFIG_DIR).mode & 0o777).toBe(0o700);
    expect(readLogin(env)).toEqual({
      url: 'http://localhost:7007',
      auth: { type: 'token', token: 's3cret' },
    });
    // No temporary file is left beside it.
    expect(fs.readdirSync(env.PAVE_CONFIG_DIR)).toEqual(['login.json']);
  });

  it('tightens a file another tool left world-readable', () => {
    fs.mkdirSync(env.PAVE_CONFIG_DIR, { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(env.PAVE_CONFIG_DIR, 'login.json'), '{}', {
      mode: 0o644,
    });
    const file = writeLogin(
      { url: 'http://x', auth: { type: 'token', token: 't' } },
      env,
    );
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(env.PAVE_CONFIG_DIR).mode & 0o777).toBe(0o700);
  });

  it('forgets the login', () => {
    writeLogin({ url: 'http://x', auth: { type: 'token', token: 't' } }, env);
    expect(removeLogin(env)).toBe(true);
    expect(removeLogin(env)).toBe(false);
    expect(readLogin(env)).toBeUndefined();
  });
});
