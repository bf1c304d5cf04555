import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { identifierSchema } from '@pave/plugin-infra-common';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFile,
  mkdir,
  mkdtemp,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Creates a bare repository with one commit of a directory and prints the
 * commit: $1 branch, $2 repository, $3 task id, $4 source directory,
 * $5 index file, $6 commit message file, $7 a second branch at the same
 * commit (the pristine render's), or empty.
 */
const CREATE_SCRIPT = [
  'set -e',
  'git init --quiet --bare --initial-branch="$1" "$2"',
  'git --git-dir="$2" config pave.taskId "$3"',
  'export GIT_DIR="$2" GIT_WORK_TREE="$4" GIT_INDEX_FILE="$5"',
  'git add --all .',
  'git commit --quiet --no-verify -F "$6"',
  'if [ -n "$7" ]; then git update-ref "refs/heads/$7" "refs/heads/$1"; fi',
  'git rev-parse "refs/heads/$1"',
].join('\n');

/** Who a commit is by. */
export interface CommitAuthor {
  name: string;
  email: string;
}

/** What {@link RepositoryStore.create} made, or found already made. */
export interface CreatedRepository {
  name: string;
  /** `file://` URL a developer can `git clone`. */
  cloneUrl: string;
  /** Absolute path of the bare repository. */
  path: string;
  /** The default branch's head commit. */
  commit: string;
  /** False when the repository was already there from the same task. */
  created: boolean;
}

/**
 * The repository store: real bare git repositories under one directory,
 * one per service (`<store>/<name>.git`), created with the `git` CLI. Every
 * repository records the scaffolder task that created it (`pave.taskId` in
 * its config), so a retried task finds its own repository instead of
 * failing, and another task's name is a conflict, never an overwrite.
 */
export class RepositoryStore {
  /**
   * `pave.repositories.directory`, resolved against the backend's working
   * directory like other file locations; defaults to the data directory's
   * `repositories/`.
   */
  static fromConfig(config: Config): RepositoryStore {
    const configured =
      config.getOptionalString('pave.repositories.directory') ??
      join(process.env.PAVE_DATA_DIR ?? '../../data', 'repositories');
    return new RepositoryStore(resolve(process.cwd(), configured));
  }

  constructor(readonly directory: string) {}

  /** Absolute path of a repository; the name is checked before any use. */
  pathOf(name: string): string {
    const parsed = identifierSchema.safeParse(name);
    if (!parsed.success) {
      throw new InputError(
        `name: ${JSON.stringify(name)} ${parsed.error.issues[0].message}`,
      );
    }
    return resolveSafeChildPath(this.directory, `${name}.git`);
  }

  async exists(name: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(name))).isDirectory();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return false;
      }
      throw error;
    }
  }

  /** The task that created a repository, if Pave created it. */
  async creatorTask(name: string): Promise<string | undefined> {
    try {
      const { stdout } = await git(this.pathOf(name), [
        'config',
        '--get',
        'pave.taskId',
      ]);
      return stdout.trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Creates `<name>.git` with one commit of `sourceDir` on `branch`,
   * authored by `author`. Idempotent per task: the same task gets its
   * repository back; another task's is a conflict.
   */
  async create(options: {
    name: string;
    sourceDir: string;
    taskId: string;
    author: CommitAuthor;
    message: string;
    branch?: string;
    /**
     * A second branch at the first commit, e.g. `pave/template`: the
     * pristine render template upgrades merge from.
     */
    pristineBranch?: string;
  }): Promise<CreatedRepository> {
    const { name, sourceDir, taskId, author, message } = options;
    const branch = options.branch ?? 'main';
    const path = this.pathOf(name);
    if (await this.exists(name)) {
      return this.existing(name, taskId, branch);
    }

    for (const [field, value] of [
      ['branch', branch],
      ['pristineBranch', options.pristineBranch ?? 'unset'],
    ]) {
      if (!/^[\w.-]+(\/[\w.-]+)?$/.test(value) || value.startsWith('-')) {
        throw new InputError(
          `${field}: ${JSON.stringify(value)} is not a branch name`,
        );
      }
    }
    await mkdir(this.directory, { recursive: true });
    // Built beside its final name and renamed into place, so a backend
    // killed half-way (kill -9, a lost node) leaves no half repository
    // under the name: the task's retry, on any replica, starts over here.
    // Named by the task (hashed: an id is data, never part of a path).
    const staging = join(
      this.directory,
      `.staging-${createHash('sha256')
        .update(taskId)
        .digest('hex')
        .slice(0, 16)}-${name}.git`,
    );
    await rm(staging, { recursive: true, force: true });
    // A private index keeps the bare repository free of work-tree state.
    const scratch = await mkdtemp(join(tmpdir(), 'pave-index-'));
    try {
      const messageFile = join(scratch, 'message');
      await writeFile(messageFile, message, 'utf8');
      // One process for the whole sequence: every process the backend
      // starts copies its page tables, so five git commands cost five times
      // that. Every value reaches git as a positional argument or in the
      // environment; none is part of the script.
      const { stdout } = await run(
        'sh',
        [
          '-c',
          CREATE_SCRIPT,
          'sh',
          branch,
          staging,
          taskId,
          sourceDir,
          join(scratch, 'index'),
          messageFile,
          options.pristineBranch ?? '',
        ],
        {
          cwd: sourceDir,
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: author.name,
            GIT_AUTHOR_EMAIL: author.email,
            GIT_COMMITTER_NAME: 'Pave',
            GIT_COMMITTER_EMAIL: 'pave@pave.dev',
          },
        },
      );
      try {
        await rename(staging, path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
        // Another create of this name finished first.
        return this.existing(name, taskId, branch);
      }
      return {
        name,
        path,
        cloneUrl: pathToFileURL(path).href,
        commit: stdout.trim(),
        created: true,
      };
    } finally {
      // Half a repository is worse than none: the name stays free.
      await rm(staging, { recursive: true, force: true });
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** Reads one file at a ref, e.g. `catalog-info.yaml` on `main`. */
  async readFile(name: string, ref: string, filePath: string): Promise<Buffer> {
    if (!/^[\w./-]+$/.test(ref) || ref.startsWith('-')) {
      throw new InputError(`ref: ${JSON.stringify(ref)} is not a branch name`);
    }
    if (filePath.split('/').some(part => part === '..')) {
      throw new InputError(
        `path: ${JSON.stringify(filePath)} leaves the repository`,
      );
    }
    if (!(await this.exists(name))) {
      throw new NotFoundError(`repository ${name} does not exist`);
    }
    try {
      const { stdout } = await run(
        'git',
        ['--git-dir', this.pathOf(name), 'show', `${ref}:${filePath}`],
        { encoding: 'buffer', maxBuffer: 32 * 1024 * 1024 },
      );
      return stdout as unknown as Buffer;
    } catch {
      throw new NotFoundError(`${filePath} not found on ${ref} in ${name}`);
    }
  }

  /** Deletes a repository; a missing one is already deleted. */
  async remove(name: string): Promise<void> {
    await rm(this.pathOf(name), { recursive: true, force: true });
  }

  /**
   * How often a task's side effects were rolled back. Checkpoint keys carry
   * it, so a retried task redoes what a rollback undid instead of trusting
   * a checkpoint whose effect is gone.
   */
  async rollbacks(taskId: string): Promise<number> {
    try {
      const text = await readFile(this.rollbackFile(taskId), 'utf8');
      return text.split('\n').filter(Boolean).length;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return 0;
      }
      throw error;
    }
  }

  /** Records one rollback of a task (see {@link RepositoryStore.rollbacks}). */
  async recordRollback(taskId: string, what: string): Promise<void> {
    await mkdir(join(this.directory, '.rollbacks'), { recursive: true });
    await appendFile(
      this.rollbackFile(taskId),
      `${new Date().toISOString()} ${what.replace(/\s+/g, ' ')}\n`,
    );
  }

  private rollbackFile(taskId: string) {
    if (!/^[\w-]+$/.test(taskId)) {
      throw new InputError(`task id ${JSON.stringify(taskId)} is not an id`);
    }
    return join(this.directory, '.rollbacks', taskId);
  }

  /** The task's own repository back; another task's is a conflict. */
  private async existing(
    name: string,
    taskId: string,
    branch: string,
  ): Promise<CreatedRepository> {
    const creator = await this.creatorTask(name);
    if (creator !== taskId) {
      throw new ConflictError(
        `name: a repository named ${name} already exists${
          creator ? ` (created by task ${creator})` : ''
        }; pick another name`,
      );
    }
    return { ...(await this.describe(name, branch)), created: false };
  }

  private async describe(name: string, branch: string) {
    const path = this.pathOf(name);
    const { stdout } = await git(path, ['rev-parse', `refs/heads/${branch}`]);
    return {
      name,
      path,
      cloneUrl: pathToFileURL(path).href,
      commit: stdout.trim(),
    };
  }
}

function git(gitDir: string, args: string[]) {
  return run('git', ['--git-dir', gitDir, ...args]);
}
