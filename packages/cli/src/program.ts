import { Command, Option } from 'commander';
import { registerAuditCommands } from './commands/audit';
import { registerAuthCommands } from './commands/auth';
import { registerCompletionCommand } from './commands/completion';
import { registerCostCommands } from './commands/cost';
import { registerCreateCommand } from './commands/create';
import { registerEnvCommands } from './commands/env';
import { registerPlanCommand } from './commands/plan';
import { registerPolicyCommands } from './commands/policy';
import { registerTemplatesCommand } from './commands/templates';
import { registerUpgradeCommand } from './commands/upgrade';

const EXIT_HELP = `
Exit codes:
  0  done; allowed
  1  denied by a guardrail or a permission, or the work failed
  2  bad usage: unknown flag, missing argument, input the server refused (400)
  3  Pave unreachable, or your credentials not accepted (401): run pave login

Environment:
  PAVE_URL, PAVE_API_TOKEN  call Pave without a stored login (CI)
  PAVE_AS                   with an API token: the person plan/policy judge
  PAVE_CONFIG_DIR           where the login is stored (default ~/.config/pave)
  NO_COLOR, FORCE_COLOR     colour off / on (default: on a terminal only)
`;

/** The `pave` command tree. */
export function createProgram(version: string): Command {
  const program = new Command('pave')
    .description(
      'Pave from a terminal or CI: the same REST API, clients and answers as the portal.',
    )
    .version(version, '-v, --version')
    .addOption(
      new Option(
        '--url <url>',
        'Pave’s base URL (default: the stored login, PAVE_URL)',
      ),
    )
    .option(
      '--json',
      'print the answer as JSON (for scripts); progress stays on stderr',
    )
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError(true)
    .addHelpText('after', EXIT_HELP)
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => write(text),
    });
  registerAuthCommands(program);
  registerTemplatesCommand(program);
  registerCreateCommand(program);
  registerPlanCommand(program);
  registerPolicyCommands(program);
  registerCostCommands(program);
  registerAuditCommands(program);
  registerEnvCommands(program);
  registerUpgradeCommand(program);
  registerCompletionCommand(program);
  // Subcommands report usage errors through the same exit code.
  const exitOverride = (command: Command) => {
    command.exitOverride();
    command.commands.forEach(exitOverride);
  };
  exitOverride(program);
  return program;
}
