import { entityRefText } from '@pave/common';
import { z } from 'zod';
import { PolicyViolation } from './response';

/**
 * An exception to a soft-mandatory rule: while it lasts, the rule still
 * reports on the entity but no longer blocks it. Recorded by someone the
 * `exception.grant` policies allow, with a reason and an end date; an audit
 * event when granted and when revoked.
 *
 * @public
 */
export interface PolicyException {
  id: string;
  /** The entity it is for, as the catalog names it (`component:default/orders`). */
  entityRef: string;
  /** The rule's `@id`. */
  policyId: string;
  /** Only in this environment; every environment (and the service) when absent. */
  environment?: string;
  /** Why, in the words of whoever recorded it. */
  reason: string;
  /** Who recorded it (`user:default/amara.okafor`). */
  grantedBy: string;
  grantedAt: string;
  /** When it stops applying (ISO 8601). */
  expiresAt: string;
  /** Set when someone ended it early. */
  revokedAt?: string;
  revokedBy?: string;
  /** The policy set in force when it was granted. */
  policySet: string;
}

/** How an exception stands at a moment. @public */
export type PolicyExceptionState = 'active' | 'expired' | 'revoked';

/** @public */
export function exceptionState(
  exception: Pick<PolicyException, 'expiresAt' | 'revokedAt'>,
  now: Date = new Date(),
): PolicyExceptionState {
  if (exception.revokedAt) {
    return 'revoked';
  }
  return Date.parse(exception.expiresAt) > now.getTime() ? 'active' : 'expired';
}

/**
 * A broken soft-mandatory rule that an active exception lets pass: listed
 * with the exception, never counted as a violation.
 *
 * @public
 */
export interface ExceptedViolation extends PolicyViolation {
  exception: Pick<PolicyException, 'id' | 'reason' | 'grantedBy' | 'expiresAt'>;
}

const MAX_DAYS = 3660;

/**
 * Body of `POST /api/policy/exceptions`. The server checks the rest: that
 * the rule exists and is soft-mandatory, that the entity is in the
 * catalog, and the `exception.grant` policies.
 *
 * @public
 */
export const policyExceptionRequestSchema = z
  .object({
    entityRef: entityRefText('component'),
    policyId: z
      .string()
      .max(100, 'must be at most 100 characters')
      .regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be a policy @id'),
    environment: z
      .string()
      .max(64, 'must be at most 64 characters')
      .regex(/^[a-z][a-z0-9-]*$/, 'must be an environment name')
      .optional(),
    reason: z
      .string()
      .trim()
      .min(10, 'must say why in at least 10 characters')
      .max(1000, 'must be at most 1000 characters'),
    expiresAt: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 date and time' })
      .refine(value => Date.parse(value) > Date.now(), {
        message: 'must be in the future',
      })
      .refine(value => Date.parse(value) < Date.now() + MAX_DAYS * 86_400_000, {
        message: `must be within ${MAX_DAYS} days`,
      }),
  })
  .strict();

/** @public */
export type PolicyExceptionRequest = z.infer<
  typeof policyExceptionRequestSchema
>;

/**
 * Answer of `POST /api/policy/exceptions` when the `exception.grant`
 * policies refuse (403 body `{ error, verdict }`), and of a grant: the
 * exception and the verdict that allowed it.
 *
 * @public
 */
export interface PolicyExceptionGrant {
  exception: PolicyException;
}

/** Answer of `GET /api/policy/exceptions`. @public */
export interface PolicyExceptionList {
  exceptions: Array<PolicyException & { state: PolicyExceptionState }>;
}
