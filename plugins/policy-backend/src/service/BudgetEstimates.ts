import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { CostEstimateWithBudget } from '@pave/plugin-cost-common';
import { EnvironmentPlan } from '@pave/plugin-infra-common';

/**
 * What the template check asks of the cost plugin: the estimate of the
 * plans, held against the owning team's budgets.
 */
export interface CostEstimates {
  /** Rejects with a `ServiceUnavailableError` saying why there is no estimate. */
  estimate(request: {
    plans: EnvironmentPlan[];
    /** `group:default/payments`. */
    owner: string;
  }): Promise<CostEstimateWithBudget>;
}

/**
 * The wizard waits for the check on every change; a cost plugin slower than
 * this is reported as unavailable rather than holding the verdict up.
 */
const DEFAULT_TIMEOUT_MS = 5000;

/**
 * `POST /api/cost/estimate` as the policy plugin itself (not the user), so
 * a team's budget reads the same whoever asks.
 */
export class CostClient implements CostEstimates {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      fetch?: typeof fetch;
      timeoutMs?: number;
    },
  ) {}

  async estimate(request: {
    plans: EnvironmentPlan[];
    owner: string;
  }): Promise<CostEstimateWithBudget> {
    const { discovery, auth, timeoutMs = DEFAULT_TIMEOUT_MS } = this.deps;
    const fetchFn = this.deps.fetch ?? fetch;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'cost',
    });
    const baseUrl = await discovery.getBaseUrl('cost');
    let response: Response;
    try {
      response = await fetchFn(`${baseUrl}/estimate`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ServiceUnavailableError(unreachable(error, timeoutMs));
    }
    if (!response.ok) {
      const reason = await errorMessageOf(response);
      throw new ServiceUnavailableError(
        `the cost plugin answered ${response.status} ${response.statusText}${
          reason ? `: ${reason}` : ''
        }`,
      );
    }
    return (await response.json()) as CostEstimateWithBudget;
  }
}

/** Why fetch failed, in words: a timeout, or the network error underneath. */
function unreachable(error: unknown, timeoutMs: number): string {
  const { name, message, cause } = error as Error & { cause?: Error };
  if (name === 'TimeoutError') {
    return `the cost plugin did not answer within ${timeoutMs / 1000} s`;
  }
  return `the cost plugin could not be reached (${cause?.message ?? message})`;
}

/** The message of a Backstage error body (`{ error: { message } }`), if it is one. */
async function errorMessageOf(response: Response): Promise<string | undefined> {
  try {
    const body = JSON.parse(await response.text());
    const message = body?.error?.message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}
