import { Command, CommanderError } from 'commander';
import { createProgram } from './program';

/** Every command path: `login`, `env deploy`, … */
function paths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap(sub => {
    const path = [...prefix, sub.name()];
    return [path, ...paths(sub, path)];
  });
}

/** What `pave PATH --help` prints, and how it ends. */
async function help(path: string[]) {
  const program = createProgram('1.2.3');
  let text = '';
  const capture = (command: Command) => {
    command.configureOutput({
      writeOut: s => (text += s),
      writeErr: s => (text += s),
    });
    command.commands.forEach(capture);
  };
  capture(program);
  let code: number | undefined;
  try {
    await program.parseAsync(['node', 'pave', ...path, '--help']);
  } catch (error) {
    code = (error as CommanderError).exitCode;
  }
  return { text, code };
}

describe('pave --help', () => {
  const all = paths(createProgram('1.2.3')).filter(p => p[0] !== 'help');

  it('covers every command of the issue', () => {
    expect(all.map(p => p.join(' '))).toEqual(
      expect.arrayContaining([
        'login',
        'whoami',
        'templates',
        'templates services',
        'create',
        'plan',
        'policy check',
        'policy list',
        'policy what-if',
        'policy exception grant',
        'policy exception list',
        'policy exception revoke',
        'cost estimate',
        'cost team',
        'audit',
        'audit verify',
        'env ls',
        'env deploy',
        'env destroy',
        'env logs',
        'env extend',
        'upgrade',
        'completion',
      ]),
    );
  });

  it.each(all.map(p => [p.join(' '), p]))(
    'pave %s --help shows examples and exits 0',
    async (_name, path) => {
      const { text, code } = await help(path as string[]);
      expect(code).toBe(0);
      expect(text).toContain('Examples:');
      expect(text).toMatch(
        new RegExp(`\\$ .*pave ${(path as string[])[0]}\\b`),
      );
    },
  );

  it('documents the exit codes at the top', async () => {
    const { text } = await help([]);
    expect(text).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 /);
  });
});
