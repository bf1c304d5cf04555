import { InputError, NotFoundError } from '@backstage/errors';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gitFailure } from './gitFailure';
import { RepositoryStore } from './RepositoryStore';

const run = promisify(execFile);
const COMMIT = /^[0-9a-f]{40}$/;

/**
 * What became of the branches template upgrades opened: where each stands
 * (open, merged, closed), what it changes, and taking one back.
 */
export class UpgradeBranches {
  constructor(private readonly store: RepositoryStore) {}

  /**
   * Where a change request stands: `merged` once its commit is in main's
   * history (however the team merged it), `open` while its branch is
   * there, `closed` when the branch was deleted unmerged.
   */
  async state(
    name: string,
    branch: string,
    commit: string,
  ): Promise<'open' | 'merged' | 'closed'> {
    if (!COMMIT.test(commit)) {
      throw new InputError(`commit: ${commit} is not a commit id`);
    }
    const git = (...args: string[]) =>
      run('git', ['--git-dir', this.store.pathOf(name), ...args], {
        env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' },
      }).then(
        () => true,
        () => false,
      );
    if (await git('merge-base', '--is-ancestor', commit, 'refs/heads/main')) {
      return 'merged';
    }
    // The branch may have been deleted and cut again by a later upgrade:
    // this request is open only while the branch still holds its commit.
    return (await git(
      'merge-base',
      '--is-ancestor',
      commit,
      `refs/heads/${branch}`,
    ))
      ? 'open'
      : 'closed';
  }

  /**
   * Deletes an upgrade branch that was pushed but could not be recorded,
   * only while it still points at `commit` (never someone else's).
   */
  async discard(name: string, branch: string, commit: string): Promise<void> {
    if (!COMMIT.test(commit) || !branch.startsWith('pave/upgrade-')) {
      throw new InputError(`discard: ${branch} at ${commit} is not an upgrade`);
    }
    await run(
      'git',
      [
        '--git-dir',
        this.store.pathOf(name),
        'update-ref',
        '-d',
        `refs/heads/${branch}`,
        commit,
      ],
      { env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } },
    ).catch(() => undefined);
  }

  /**
   * What a change request's branch changes: `git diff` of its commit
   * against the main commit it was cut from, cut at `maxBytes`.
   */
  async diff(
    name: string,
    from: string,
    to: string,
    maxBytes = 1024 * 1024,
  ): Promise<{ diff: string; truncated: boolean }> {
    for (const commit of [from, to]) {
      if (!COMMIT.test(commit)) {
        throw new InputError(`commit: ${commit} is not a commit id`);
      }
      const present = await run(
        'git',
        [
          '--git-dir',
          this.store.pathOf(name),
          'cat-file',
          '-e',
          `${commit}^{commit}`,
        ],
        { env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } },
      ).then(
        () => true,
        () => false,
      );
      if (!present) {
        throw new NotFoundError(
          `${name} no longer has commit ${commit} (the branch was deleted and its commits pruned): there is no diff to show`,
        );
      }
    }
    const { stdout } = await run(
      'git',
      [
        '--git-dir',
        this.store.pathOf(name),
        'diff',
        '--no-color',
        '--no-ext-diff',
        '--no-renames',
        from,
        to,
      ],
      {
        env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' },
        // Room past the cut, so a long diff is cut rather than refused.
        maxBuffer: maxBytes * 4,
      },
    ).catch(error => {
      if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
        return { stdout: String(error.stdout ?? '') };
      }
      throw gitFailure(name, ['diff'], error);
    });
    const truncated = stdout.length > maxBytes;
    return { diff: truncated ? stdout.slice(0, maxBytes) : stdout, truncated };
  }
}
