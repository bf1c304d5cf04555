import { gitFailure } from './gitFailure';

describe('gitFailure', () => {
  it('says a rejected push is another upgrade that pushed first (409)', () => {
    const error = gitFailure('orders', ['push', '--atomic'], {
      code: 1,
      stderr:
        ' ! [rejected]        pave/template -> pave/template (fetch first)\nerror: failed to push some refs to /srv/pave/repositories/orders.git',
    });
    expect(error.name).toBe('ConflictError');
    expect(error.message).toBe(
      'orders changed while it was being upgraded (another upgrade pushed first); try again',
    );
  });

  it('names the git command and never its output, paths or command line', () => {
    const error = gitFailure('orders', ['clone', '--quiet', '/srv/x.git'], {
      code: 128,
      cmd: 'git clone --quiet /srv/pave/repositories/orders.git .',
      stderr: "fatal: '/srv/pave/repositories/orders.git' does not appear",
    });
    expect(error.name).toBe('Error');
    expect(error.message).toBe('git clone failed for orders (exit 128)');
    expect(JSON.stringify({ ...error, message: error.message })).not.toMatch(
      /srv/,
    );
  });
});
