import { ResponseError } from '@backstage/errors';
import { errorMessage, errorStatus } from './errorMessage';

async function refusal(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'InputError', message },
        request: { method: 'POST', url: '/api/cost/estimate' },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('errorMessage', () => {
  it("gives the server's words for a refused call, and its status", async () => {
    const error = await refusal(400, 'plans.0.region: required');
    expect(error.message).toMatch(/Request failed with 400/);
    expect(errorMessage(error)).toBe('plans.0.region: required');
    expect(errorStatus(error)).toBe(400);
  });

  it('gives any other error as it is, without a status', () => {
    const error = new TypeError('fetch failed');
    expect(errorMessage(error)).toBe('fetch failed');
    expect(errorStatus(error)).toBeUndefined();
  });
});
