import { Command } from 'commander';
import { action, examples } from '../lib/action';
import { readLogin, removeLogin, writeLogin } from '../lib/configStore';
import { CliError, EXIT } from '../lib/exitCodes';
import { readSecret } from '../lib/prompt';
import { Session, normalizeUrl } from '../lib/session';
import { revokeSession, userInfo, webLogin } from '../lib/webLogin';

/** `pave login`, `pave logout`, `pave whoami`. */
export function registerAuthCommands(program: Command) {
  examples(
    program
      .command('login')
      .description(
        'Store where Pave is and how to call it: an API token (PAVE_API_TOKEN or a prompt), or --web to sign in as yourself',
      )
      .option(
        '--web',
        'sign in as yourself in the browser (the portal asks you to approve)',
      )
      .option(
        '--no-browser',
        'with --web: print the sign-in URL instead of opening a browser',
      )
      .option('--token-stdin', 'read the API token from standard input')
      .action(
        action(async (ctx, options: LoginOptions) => {
          const { out, env, globals } = ctx;
          const rawUrl = globals.url ?? env.PAVE_URL;
          if (!rawUrl) {
            throw new CliError(
              '--url: required (or set PAVE_URL), e.g. --url https://pave.example.com',
              EXIT.usage,
            );
          }
          const url = normalizeUrl(rawUrl);
          if (options.web) {
            const auth = await webLogin({
              url,
              openBrowser: options.browser,
              prompt: link =>
                out.note(
                  `Open this URL to sign in to Pave, then approve:\n  ${link}`,
                ),
            });
            const file = writeLogin({ url, auth }, env);
            out.data({ url, type: 'user', userEntityRef: auth.userEntityRef });
            out.line(
              `${out.c.green('✔')} Signed in to ${url} as ${out.c.bold(
                auth.userEntityRef,
              )} (stored in ${file})`,
            );
            return;
          }
          const token = options.tokenStdin
            ? (await readAll(process.stdin)).trim()
            : env.PAVE_API_TOKEN ??
              (await readSecret('Pave API token: ', {
                missing:
                  'no token: set PAVE_API_TOKEN, pass --token-stdin, or use --web to sign in as yourself',
              }));
          if (!token) {
            throw new CliError('token: must not be empty', EXIT.usage);
          }
          const session = new Session(
            { url, auth: { type: 'token', token }, stored: false },
            env,
          );
          await checkToken(session);
          const file = writeLogin({ url, auth: { type: 'token', token } }, env);
          out.data({ url, type: 'service' });
          out.line(
            `${out.c.green(
              '✔',
            )} Logged in to ${url} with an API token (stored in ${file}, mode 600)`,
          );
        }),
      ),
    [
      'PAVE_API_TOKEN=… pave login --url https://pave.example.com',
      'pave login --url http://localhost:7007 --web',
      'pave login --url https://pave.example.com --token-stdin < token.txt',
    ],
  );

  examples(
    program
      .command('logout')
      .description('Forget the stored login (and revoke a --web sign-in)'),
    ['pave logout'],
  ).action(
    action(async ctx => {
      const stored = readLogin(ctx.env);
      let revoked = false;
      if (stored?.auth.type === 'session' && stored.auth.refreshToken) {
        // The refresh token would outlive the file: revoke it first.
        revoked = await revokeSession(stored.url, stored.auth).then(
          () => true,
          () => false,
        );
      }
      const removed = removeLogin(ctx.env);
      ctx.out.data({ removed, revoked });
      ctx.out.line(
        removed
          ? `Logged out${revoked ? ' (sign-in revoked on the server)' : ''}.`
          : 'Not logged in.',
      );
    }),
  );

  examples(
    program
      .command('whoami')
      .description('Who Pave judges your calls as, and where')
      .action(
        action(async ctx => {
          const session = ctx.session();
          const { out } = ctx;
          if (session.identity.type === 'token') {
            await checkToken(session);
            out.data({ url: session.url, type: 'service' });
            out.line(`${session.url}: an API token (a service, not a person).`);
            out.line(
              out.c.dim(
                'Templates run as a person: `pave login --web`. `pave plan` judges the person --as names.',
              ),
            );
            return;
          }
          const { token } = await session.requestOptions();
          const info = await userInfo(session.url, token!);
          const groups = info.ownershipEntityRefs.filter(ref =>
            ref.startsWith('group:'),
          );
          out.data({
            url: session.url,
            type: 'user',
            userEntityRef: info.userEntityRef,
            groups,
          });
          out.line(`${out.c.bold(info.userEntityRef)} at ${session.url}`);
          out.line(`groups: ${groups.join(', ') || '(none)'}`);
        }),
      ),
    ['pave whoami', 'pave whoami --json | jq -r .userEntityRef'],
  );
}

/** A call every token may make: a wrong token fails here (401), not later. */
async function checkToken(session: Session) {
  await session.catalog.getEntities(
    { filter: { kind: 'group' }, limit: 1 },
    await session.requestOptions(),
  );
}

interface LoginOptions {
  web?: boolean;
  browser: boolean;
  tokenStdin?: boolean;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}
