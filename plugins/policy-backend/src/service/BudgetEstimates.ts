import { AuthService } from '@backstage/backend-plugin-api';
import { ResponseError, ServiceUnavailableError } from '@backstage/errors';
import { CostEstimateWithBudget } from '@pave/plugin-cost-common';
import { CostService } from '@pave/plugin-cost-node';
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
    /** The component whose current estimate these plans replace. */
    replaces?: string;
  }): Promise<CostEstimateWithBudget>;
}

/**
 * The wizard waits for the check on every change; a cost plugin slower than
 * this is reported as unavailable rather than holding the verdict up.
 */
const DEFAULT_TIMEOUT_MS = 5000;

/**
 * {@link CostEstimates} through the cost plugin's `costServiceRef`, as the
 * policy plugin itself (not the user), so a team's budget reads the same
 * whoever asks. Every failure becomes a `ServiceUnavailableError` that says
 * what happened, in words the wizard can show.
 */
export class BudgetEstimates implements CostEstimates {
  constructor(
    private readonly deps: {
      cost: CostService;
      auth: AuthService;
      timeoutMs?: number;
    },
  ) {}

  async estimate(request: {
    plans: EnvironmentPlan[];
    owner: string;
    replaces?: string;
  }): Promise<CostEstimateWithBudget> {
    const { cost, auth, timeoutMs = DEFAULT_TIMEOUT_MS } = this.deps;
    try {
      return await cost.estimate(request, {
        credentials: await auth.getOwnServiceCredentials(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ServiceUnavailableError(why(error, timeoutMs));
    }
  }
}

/** Why there is no estimate: the cost plugin's refusal, a timeout, the network. */
function why(error: unknown, timeoutMs: number): string {
  if (ResponseError.is(error)) {
    const { statusCode, statusText } = error;
    const message = error.body?.error?.message;
    return `the cost plugin answered ${statusCode} ${statusText}${
      message ? `: ${message}` : ''
    }`;
  }
  const { name, message, cause } = error as Error & { cause?: Error };
  if (name === 'TimeoutError') {
    return `the cost plugin did not answer within ${timeoutMs / 1000} s`;
  }
  return `the cost plugin could not be reached (${cause?.message ?? message})`;
}
