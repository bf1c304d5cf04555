import { spawnSync } from 'node:child_process';
import { createProgram } from '../program';
import { bashScript, completionTable } from './completion';

/** What bash completes after `words` (the last one being typed). */
function complete(words: string[]): string[] {
  const script = bashScript(completionTable(createProgram('0.0.0')));
  const result = spawnSync(
    'bash',
    [
      '--noprofile',
      '--norc',
      '-c',
      `${script}
COMP_WORDS=(${words.map(w => `'${w}'`).join(' ')})
COMP_CWORD=${words.length - 1}
_pave
printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { encoding: 'utf8' },
  );
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter(Boolean).sort();
}

describe('pave completion bash', () => {
  it('completes commands, then subcommands, then their flags', () => {
    expect(complete(['pave', 'po'])).toEqual(['policy']);
    expect(complete(['pave', 'env', 'd'])).toEqual(['deploy', 'destroy']);
    expect(complete(['pave', 'env', 'deploy', 'orders', '--'])).toEqual([
      '--branch',
      '--commit',
      '--env',
      '--help',
      '--no-wait',
      '--ttl',
    ]);
    expect(complete(['pave', 'upgrade', '--'])).toEqual([
      '--all',
      '--help',
      '--only',
      '--status',
      '--template',
      '--to',
    ]);
    expect(complete(['pave', 'templates', 's'])).toEqual(['services']);
    // Flags before the command do not lose the place.
    expect(complete(['pave', '--json', 'cost', ''])).toEqual([
      '--help',
      'estimate',
      'team',
    ]);
  });
});
