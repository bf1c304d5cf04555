import { ConflictError, InputError } from '@backstage/errors';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { CommitAuthor, RepositoryStore } from './RepositoryStore';

import { gitFailure } from './gitFailure';
import {
  PRISTINE_BRANCH,
  SEMVER,
  TEMPLATE_RECORD_PATH,
  TemplateRecord,
  TemplateRenderer,
  compareVersions,
  parseTemplateRecord,
  stringifyTemplateRecord,
} from './templateRecord';

const run = promisify(execFile);

/** How git merged one file, and what Pave did with the conflict. */
export interface UpgradeConflict {
  path: string;
  /**
   * `content`: both changed it (committed with conflict markers);
   * `added-by-both`: both added it (markers); `deleted-by-team`: the team
   * deleted a file the template changed (stays deleted);
   * `deleted-by-template`: the template removed a file the team changed
   * (the team's file stays).
   */
  kind: 'content' | 'added-by-both' | 'deleted-by-team' | 'deleted-by-template';
}

/** What an upgrade produced: a branch to review, never a change to main. */
export interface UpgradeResult {
  repository: string;
  template: string;
  fromVersion: string;
  toVersion: string;
  /** The change request's branch, cut from main. */
  branch: string;
  commit: string;
  /** The main commit it was cut from. */
  mainCommit: string;
  /** `clean`, or `conflicted` when any file needs a person (markers). */
  status: 'clean' | 'conflicted';
  /** The branch against main: every file the upgrade adds, changes or removes. */
  files: Array<{ path: string; change: 'added' | 'modified' | 'deleted' }>;
  conflicts: UpgradeConflict[];
}

/**
 * Template upgrades by git's own three-way merge. At creation the pristine
 * render is also the first commit of {@link PRISTINE_BRANCH}. An upgrade
 * renders the new version with the recorded values as the next commit on
 * that branch, then merges it into a new branch cut from main: base (the
 * old pristine render), ours (the team's main) and theirs (the new render).
 * Clean merges and conflicts (committed with markers) alike become a
 * branch for the team to review; main is never touched.
 */
export class TemplateUpgrades {
  constructor(private readonly store: RepositoryStore) {}

  /** The record on a branch of a repository (409 when it has none). */
  async record(name: string, ref = 'main'): Promise<TemplateRecord> {
    let text: string;
    try {
      text = (
        await this.store.readFile(name, ref, TEMPLATE_RECORD_PATH)
      ).toString('utf8');
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') {
        throw new ConflictError(
          `${name} has no ${TEMPLATE_RECORD_PATH} on ${ref}: it was not rendered from a versioned golden template, so there is nothing to merge from`,
        );
      }
      throw error;
    }
    return parseTemplateRecord(text);
  }

  /**
   * Upgrades a repository to `toVersion` of its template. Refuses, before
   * writing anything: no record (409), a version that is not newer (409),
   * no pristine branch (409), a branch for this upgrade already there (409).
   */
  async upgrade(options: {
    name: string;
    toVersion: string;
    render: TemplateRenderer;
    author: CommitAuthor;
  }): Promise<UpgradeResult> {
    const { name, toVersion, render, author } = options;
    if (!SEMVER.test(toVersion)) {
      throw new InputError(
        `version: ${JSON.stringify(toVersion)} is not a version such as 1.2.0`,
      );
    }
    const record = await this.record(name);
    if (compareVersions(toVersion, record.version) <= 0) {
      throw new ConflictError(
        `${name} is at ${record.template} ${record.version}; ${toVersion} is not newer (a downgrade or the same version)`,
      );
    }
    const bare = this.store.pathOf(name);
    const branch = `pave/upgrade-${toVersion}`;
    const work = await mkdtemp(join(tmpdir(), 'pave-upgrade-'));
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: 'Pave',
      GIT_COMMITTER_EMAIL: 'pave@pave.dev',
      // The merge must not depend on whoever runs the backend.
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
    };
    const git = (args: string[], allowFailure = false) =>
      run('git', args, { cwd: work, env, maxBuffer: 32 * 1024 * 1024 }).catch(
        error => {
          if (allowFailure) return { stdout: String(error.stdout ?? '') };
          throw gitFailure(name, args, error);
        },
      );
    try {
      await git(['clone', '--quiet', '--no-checkout', bare, '.']);
      const refs = new Set(
        (
          await git([
            'for-each-ref',
            '--format=%(refname)',
            'refs/remotes/origin',
          ])
        ).stdout
          .split('\n')
          .filter(Boolean),
      );
      if (!refs.has(`refs/remotes/origin/${PRISTINE_BRANCH}`)) {
        throw new ConflictError(
          `${name} has no ${PRISTINE_BRANCH} branch with its pristine render, so there is no base to merge from`,
        );
      }
      if (refs.has(`refs/remotes/origin/${branch}`)) {
        throw new ConflictError(
          `${name} already has ${branch}: review or delete that change request first`,
        );
      }
      const mainCommit = (
        await git(['rev-parse', 'origin/main'])
      ).stdout.trim();

      // The new pristine render, on top of the old one.
      await git([
        'checkout',
        '--quiet',
        '-B',
        PRISTINE_BRANCH,
        `origin/${PRISTINE_BRANCH}`,
      ]);
      await git(['rm', '-r', '--quiet', '--ignore-unmatch', '.']);
      const next: TemplateRecord = { ...record, version: toVersion };
      await render(work, next);
      const recordPath = join(work, TEMPLATE_RECORD_PATH);
      await mkdir(dirname(recordPath), { recursive: true });
      await writeFile(recordPath, stringifyTemplateRecord(next));
      await git(['add', '--all', '.']);
      await git([
        'commit',
        '--quiet',
        '--no-verify',
        '--allow-empty',
        '-m',
        `${record.template} ${toVersion}, pristine render`,
      ]);

      // The change request: main merged with the new render.
      await git(['checkout', '--quiet', '-b', branch, 'origin/main']);
      await git(['merge', '--no-ff', '--no-commit', PRISTINE_BRANCH], true);
      const conflicts = await this.resolve(git);
      await git(['add', '--all', '.']);
      const message = [
        `Upgrade ${record.template} from ${record.version} to ${toVersion}`,
        '',
        conflicts.length
          ? `Conflicts to resolve (markers committed):\n${conflicts
              .filter(c => c.kind === 'content' || c.kind === 'added-by-both')
              .map(c => `- ${c.path}`)
              .join('\n')}`
          : 'Merged cleanly.',
      ].join('\n');
      await git(['commit', '--quiet', '--no-verify', '-m', message]);
      const commit = (await git(['rev-parse', 'HEAD'])).stdout.trim();
      const files = parseNameStatus(
        (
          await git([
            'diff',
            '--name-status',
            '--no-renames',
            '-z',
            'origin/main',
            'HEAD',
          ])
        ).stdout,
      );
      // Both refs or neither: a concurrent upgrade of the same repository
      // loses here (its pristine branch moved) instead of half-landing.
      await git([
        'push',
        '--quiet',
        '--atomic',
        'origin',
        `refs/heads/${PRISTINE_BRANCH}:refs/heads/${PRISTINE_BRANCH}`,
        `refs/heads/${branch}:refs/heads/${branch}`,
      ]);
      return {
        repository: name,
        template: record.template,
        fromVersion: record.version,
        toVersion,
        branch,
        commit,
        mainCommit,
        status: conflicts.some(
          c => c.kind === 'content' || c.kind === 'added-by-both',
        )
          ? 'conflicted'
          : 'clean',
        files,
        conflicts,
      };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /**
   * Settles what git left unmerged: files the team deleted stay deleted;
   * files the template removed stay when the team changed them; both
   * changed keeps git's conflict markers for the team to resolve.
   */
  private async resolve(
    git: (args: string[]) => Promise<{ stdout: string }>,
  ): Promise<UpgradeConflict[]> {
    const status = (await git(['status', '--porcelain=v1', '-z'])).stdout;
    const conflicts: UpgradeConflict[] = [];
    for (const entry of status.split('\0').filter(Boolean)) {
      const code = entry.slice(0, 2);
      const path = entry.slice(3);
      switch (code) {
        case 'UU':
          conflicts.push({ path, kind: 'content' });
          break;
        case 'AA':
          conflicts.push({ path, kind: 'added-by-both' });
          break;
        case 'DU':
          await git(['rm', '--quiet', '--', path]);
          conflicts.push({ path, kind: 'deleted-by-team' });
          break;
        case 'UD':
          await git(['add', '--', path]);
          conflicts.push({ path, kind: 'deleted-by-template' });
          break;
        case 'DD':
          // Both removed it: nothing to decide.
          await git([
            'rm',
            '--quiet',
            '--cached',
            '--ignore-unmatch',
            '--',
            path,
          ]);
          break;
        case 'AU':
        case 'UA':
          // Added on one side, unmerged: a person decides, markers kept.
          conflicts.push({ path, kind: 'content' });
          break;
        default:
          break;
      }
    }
    return conflicts.sort((a, b) => a.path.localeCompare(b.path));
  }
}

/** `git diff --name-status -z`: a status, then its path, NUL-separated. */
function parseNameStatus(text: string): UpgradeResult['files'] {
  const change = { A: 'added', M: 'modified', D: 'deleted' } as const;
  const parts = text.split('\0').filter(Boolean);
  const files: UpgradeResult['files'] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    files.push({
      path: parts[i + 1],
      change: change[parts[i][0] as keyof typeof change] ?? 'modified',
    });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
