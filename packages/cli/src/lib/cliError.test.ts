import { ResponseError } from '@backstage/errors';
import { toCliError } from './cliError';
import { CliError, EXIT } from './exitCodes';

async function refusal(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response( // The body Backstage's error handler writes.
      JSON.stringify({
        error: { name: 'InputError', message },
        request: { method: 'POST', url: '/api/policy/template-check' },
        response: { statusCode: status },
      }),
      {
        status,
        headers: { 'Content-Type': 'application/json' },
      },
    ) as any,
  );
}

describe('toCliError', () => {
  it('says to log in on 401, with the unreachable/unauthorized code', async () => {
    const error = toCliError(await refusal(401, 'Illegal token'));
    expect(error.exitCode).toBe(EXIT.unreachable);
    expect(error.message).toContain('Illegal token');
    expect(error.hint).toMatch(/pave login/);
  });

  it('passes a 400 on with the server’s own words as bad usage', async () => {
    const error = toCliError(
      await refusal(400, 'environments: must name at least one environment'),
    );
    expect(error.exitCode).toBe(EXIT.usage);
    expect(error.message).toBe(
      'Refused (400): environments: must name at least one environment',
    );
  });

  it('treats 403 as denied', async () => {
    const error = toCliError(await refusal(403, 'You may not deploy orders'));
    expect(error.exitCode).toBe(EXIT.failed);
    expect(error.message).toContain('You may not deploy orders');
  });

  it('names the URL it could not reach', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });
    const error = toCliError(
      new TypeError('fetch failed', { cause }),
      'http://127.0.0.1:1',
    );
    expect(error.exitCode).toBe(EXIT.unreachable);
    expect(error.message).toBe(
      'Cannot reach Pave at http://127.0.0.1:1 (ECONNREFUSED).',
    );
  });

  it('keeps a CliError as it is', () => {
    const original = new CliError('x', EXIT.usage);
    expect(toCliError(original)).toBe(original);
  });
});
