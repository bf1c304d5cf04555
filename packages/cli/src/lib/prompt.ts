import { CliError, EXIT } from './exitCodes';

/**
 * Asks for a secret on the terminal without echoing it. Off a terminal
 * (CI, a pipe) there is nobody to ask: a usage error saying what to pass.
 */
export async function readSecret(
  question: string,
  options: { missing: string },
): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    throw new CliError(options.missing, EXIT.usage);
  }
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let answer = '';
    // eslint-disable-next-line prefer-const
    let onData: (chunk: string) => void;
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          done();
          resolve(answer);
          return;
        }
        if (char === '\u0003') {
          done();
          reject(new CliError('cancelled', EXIT.usage));
          return;
        }
        if (char === '\u007f' || char === '\b') {
          answer = answer.slice(0, -1);
        } else {
          answer += char;
        }
      }
    };
    stdin.on('data', onData);
  });
}
