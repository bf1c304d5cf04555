import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { createPublishGithubAction } from '@backstage/plugin-scaffolder-backend-module-github';
import {
  TemplateAction,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import {
  PRISTINE_BRANCH,
  RepositoryStore,
  repositoryFileUrl,
} from '@pave/repository-store';

/**
 * Options for {@link createPublishAction}.
 *
 * @public
 */
export interface PublishActionOptions {
  store: RepositoryStore;
  /** `pave.repositories.baseUrl`: where the catalog reads stored files. */
  baseUrl: string;
  /**
   * Production: publish to GitHub instead, through Backstage's
   * `publish:github` (`pave.publish.provider: github`). Templates do not
   * change; the action hands the same inputs on.
   */
  github?: {
    action: TemplateAction<any, any, any>;
    owner: string;
    host: string;
  };
}

/**
 * `pave.publish`: `provider` is `local` (the repository store, the default)
 * or `github` (`github.owner`: the organisation, `github.host`: default
 * github.com; credentials from `integrations.github`).
 */
export function publishProvider(config: Config) {
  const provider = config.getOptionalString('pave.publish.provider') ?? 'local';
  if (provider !== 'local' && provider !== 'github') {
    throw new Error(
      `pave.publish.provider must be local or github, not ${provider}`,
    );
  }
  return {
    provider,
    githubOwner: config.getOptionalString('pave.publish.github.owner'),
    githubHost:
      config.getOptionalString('pave.publish.github.host') ?? 'github.com',
  };
}

/**
 * The GitHub publisher `pave.publish.provider: github` asks for (Backstage's
 * own `publish:github` with the configured integrations), or undefined for
 * the local store. A GitHub provider without an owner fails the start.
 */
export function githubPublisher(
  config: Config,
): PublishActionOptions['github'] {
  const publish = publishProvider(config);
  if (publish.provider !== 'github') {
    return undefined;
  }
  if (!publish.githubOwner) {
    throw new Error(
      'pave.publish.github.owner is required when pave.publish.provider is github',
    );
  }
  const integrations = ScmIntegrations.fromConfig(config);
  return {
    owner: publish.githubOwner,
    host: publish.githubHost,
    action: createPublishGithubAction({
      integrations,
      config,
      githubCredentialsProvider:
        DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    }),
  };
}

function authorOf(user: { entity?: any; ref?: string } | undefined) {
  const profile = user?.entity?.spec?.profile ?? {};
  const name: string =
    profile.displayName ?? user?.entity?.metadata?.name ?? user?.ref ?? 'Pave';
  const email: string =
    profile.email ??
    `${(user?.ref ?? 'pave').replace(/^user:[^/]*\//, '')}@users.pave.dev`;
  // Author fields go into git's env: no control characters.
  const clean = (text: string) =>
    [...text].map(c => (c < ' ' || c === '<' || c === '>' ? ' ' : c)).join('');
  return { name: clean(name), email: clean(email) };
}

/**
 * `pave:publish`: makes the workspace a real git repository — a bare
 * repository in the store, one commit on `main` authored by the user who ran
 * the template — and returns where the catalog reads it. Idempotent per
 * task (a retry gets the same repository back); a name another task took is
 * a conflict, never an overwrite.
 *
 * @public
 */
export function createPublishAction(options: PublishActionOptions) {
  const { store, baseUrl, github } = options;
  return createTemplateAction({
    id: 'pave:publish',
    description:
      "Publishes the workspace as a new git repository (Pave's repository store, or GitHub when pave.publish.provider is github), with an initial commit by the user who ran the template.",
    // A dry run (the template editor) reports what it would do.
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Repository name: the service name'),
        description: z =>
          z.string().optional().describe('Repository description'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe('Directory of the workspace to publish (default: all)'),
        defaultBranch: z =>
          z.string().optional().describe('Default branch (default: main)'),
      },
      output: {
        remoteUrl: z => z.string().describe('URL to clone the repository'),
        repoContentsUrl: z =>
          z.string().describe('Base URL of the files on the default branch'),
        catalogInfoUrl: z =>
          z.string().describe('URL of catalog-info.yaml on the default branch'),
        commitHash: z => z.string().optional().describe('The initial commit'),
        created: z =>
          z.boolean().describe('False when a retry found its own repository'),
      },
    },
    async handler(ctx) {
      const { name, description } = ctx.input;
      const branch = ctx.input.defaultBranch ?? 'main';
      if (!/^[\w.-]+$/.test(branch) || branch.startsWith('-')) {
        throw new InputError(
          `defaultBranch: ${JSON.stringify(branch)} is not a branch name`,
        );
      }
      const sourceDir = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );

      if (github) {
        ctx.logger.info(
          `Publishing ${name} to ${github.host}/${github.owner} (pave.publish.provider: github)`,
        );
        await github.action.handler({
          ...ctx,
          input: {
            repoUrl: `${github.host}?owner=${encodeURIComponent(
              github.owner,
            )}&repo=${encodeURIComponent(name)}`,
            description,
            defaultBranch: branch,
            sourcePath: ctx.input.sourcePath,
            repoVisibility: 'internal',
          },
          output: (key: string, value: unknown) => {
            if (key === 'remoteUrl' || key === 'repoContentsUrl') {
              ctx.output(key, value as string);
              if (key === 'repoContentsUrl') {
                ctx.output('catalogInfoUrl', `${value}/catalog-info.yaml`);
              }
            } else if (key === 'commitHash') {
              ctx.output('commitHash', value as string);
            }
          },
        } as any);
        ctx.output('created', true);
        return;
      }

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would create repository ${name}`);
        store.pathOf(name);
      } else {
        // The repository is the side effect a retry must not repeat. The
        // key counts this task's rollbacks: after one, the repository is
        // gone and a retry must create it again.
        const rollbacks = await store.rollbacks(ctx.task.id);
        const repository = await ctx.checkpoint({
          key: `pave-publish-${name}-${rollbacks}`,
          fn: async () => {
            const made = await store.create({
              name,
              sourceDir,
              taskId: ctx.task.id,
              author: authorOf(ctx.user),
              message: `Create ${name} from ${
                ctx.templateInfo?.entityRef ?? 'a Pave template'
              }${description ? `\n\n${description}` : ''}`,
              branch,
              // The pristine render, which template upgrades merge from.
              pristineBranch: PRISTINE_BRANCH,
            });
            return { ...made };
          },
        });
        ctx.logger.info(
          `${repository.created ? 'Created' : 'Found this task’s'} repository ${
            repository.cloneUrl
          } (${branch} at ${repository.commit.slice(0, 12)})`,
        );
        ctx.output('remoteUrl', repository.cloneUrl);
        ctx.output('commitHash', repository.commit);
        ctx.output('created', repository.created);
      }
      const contents = repositoryFileUrl(baseUrl, name, branch, '');
      ctx.output('repoContentsUrl', contents.replace(/\/$/, ''));
      ctx.output(
        'catalogInfoUrl',
        repositoryFileUrl(baseUrl, name, branch, 'catalog-info.yaml'),
      );
    },
  });
}
