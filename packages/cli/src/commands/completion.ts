import { Command } from 'commander';
import { action, examples } from '../lib/action';
import { CliError, EXIT } from '../lib/exitCodes';

/** Each command path (`env deploy`) with the words that may follow it. */
export function completionTable(program: Command): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const walk = (command: Command, path: string[]) => {
    const words = [
      ...command.commands.map(c => c.name()),
      ...command.options.flatMap(o => [o.long, o.short]).filter(Boolean),
      '--help',
      ...(path.length ? [] : ['--version']),
    ] as string[];
    table.set(path.join(' '), [...new Set(words)]);
    for (const sub of command.commands) {
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(program, []);
  return table;
}

/** The bash script: a `_pave` function over the table, registered for `pave`. */
export function bashScript(table: Map<string, string[]>) {
  const cases = [...table]
    .filter(([path]) => path)
    .map(([path, words]) => `    "${path}") words="${words.join(' ')}" ;;`)
    .join('\n');
  return `# pave completion for bash: source <(pave completion bash)
_pave() {
  local cur path="" word next i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    next="\${path:+$path }$word"
    [ -n "$(_pave_words "$next")" ] && path="$next"
  done
  COMPREPLY=( $(compgen -W "$(_pave_words "$path")" -- "$cur") )
}
_pave_words() {
  local words=""
  case "$1" in
    "") words="${table.get('')!.join(' ')}" ;;
${cases}
  esac
  echo "$words"
}
complete -F _pave pave
`;
}

function zshScript(table: Map<string, string[]>) {
  return `#compdef pave
# pave completion for zsh: source <(pave completion zsh)
autoload -U bashcompinit && bashcompinit
${bashScript(table)}`;
}

/** `pave completion bash|zsh`. */
export function registerCompletionCommand(program: Command) {
  examples(
    program
      .command('completion')
      .argument('<shell>', 'bash or zsh')
      .description('Print a shell completion script')
      .action(
        action(async (_ctx, shell: string) => {
          const table = completionTable(program);
          if (shell === 'bash') {
            process.stdout.write(bashScript(table));
          } else if (shell === 'zsh') {
            process.stdout.write(zshScript(table));
          } else {
            throw new CliError(
              `shell: ${JSON.stringify(shell)} is not supported (bash or zsh)`,
              EXIT.usage,
            );
          }
        }),
      ),
    [
      'source <(pave completion bash)      # in ~/.bashrc',
      'source <(pave completion zsh)       # in ~/.zshrc',
    ],
  );
}
