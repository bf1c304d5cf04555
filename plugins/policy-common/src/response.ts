import type { ExceptedViolation } from './exceptions';

/**
 * `deny` blocks the action; `warn` advises and never changes the decision.
 *
 * @public
 */
export type PolicySeverity = 'deny' | 'warn';

/**
 * How a rule is enforced, as HCP Terraform's policy sets name it:
 * `advisory` reports and never blocks (severity `warn`); `soft-mandatory`
 * blocks unless an exception allows it; `hard-mandatory` always blocks
 * (both severity `deny`). A policy says `@enforcement(...)`; a policy with
 * only `@severity` is `hard-mandatory` (`deny`) or `advisory` (`warn`).
 *
 * @public
 */
export type PolicyEnforcement =
  | 'advisory'
  | 'soft-mandatory'
  | 'hard-mandatory';

/** @public */
export const POLICY_ENFORCEMENTS: readonly PolicyEnforcement[] = [
  'advisory',
  'soft-mandatory',
  'hard-mandatory',
];

/**
 * The severity an enforcement level decides with: only `advisory` is
 * `warn`.
 *
 * @public
 */
export function severityOf(enforcement: PolicyEnforcement): PolicySeverity {
  return enforcement === 'advisory' ? 'warn' : 'deny';
}

/**
 * One rule a resource breaks, named by the policy's `@id` and explained by
 * its `@message`.
 *
 * @public
 */
export interface PolicyViolation {
  /** The policy's `@id` annotation. */
  policyId: string;
  /** The policy's `@message` annotation. */
  message: string;
  severity: PolicySeverity;
  /** How the rule is enforced (see {@link PolicyEnforcement}). */
  enforcement: PolicyEnforcement;
  /**
   * Which resource: `<environment>/<address>` for an infra resource,
   * `service/<name>` for a service.
   */
  resource: string;
  /** Its position in the request's `resources`. */
  resourceIndex: number;
  /**
   * The policy's `@field` annotation: the wizard field the rule is about
   * (`name`, `owner`, `system`, `resources`, `environments`), so a form can
   * show the message next to it.
   */
  field?: string;
  /**
   * The policy's `@remediation` annotation: what to change so the rule
   * passes (the Score param, the wizard field, or whom to ask).
   */
  remediation?: string;
}

/**
 * A policy that could not be evaluated for a resource (a runtime error in
 * Cedar). A failing `deny` policy denies: the engine fails closed.
 *
 * @public
 */
export interface PolicyEvaluationError {
  /** The policy's `@id`, when the error belongs to one policy. */
  policyId?: string;
  message: string;
  resource: string;
  resourceIndex: number;
}

/**
 * Response of `POST /api/policy/evaluate`. The decision is `deny` when any
 * resource breaks a `deny` policy or a `deny` policy fails to evaluate.
 *
 * @public
 */
export interface PolicyEvaluateResponse {
  decision: 'allow' | 'deny';
  /** Broken `deny` policies, per resource. */
  violations: PolicyViolation[];
  /** Matched `warn` policies, per resource. */
  warnings: PolicyViolation[];
  /**
   * Broken soft-mandatory rules that an exception lets pass (see
   * `PolicyException`); present only where exceptions were applied.
   */
  excepted?: ExceptedViolation[];
  errors: PolicyEvaluationError[];
  /** How many policies each resource was judged against. */
  evaluatedPolicies: number;
  /**
   * The version of the policy set that judged it: the content hash of its
   * files, `sha256:` and 64 hex digits (`GET /policies` and a reload say
   * the same of the set in force).
   */
  policySet: string;
}

/**
 * One loaded policy, as `GET /api/policy/policies` lists it.
 *
 * @public
 */
export interface PolicyInfo {
  id: string;
  effect: 'permit' | 'forbid';
  /** `@message`; absent on permit policies, which never explain a denial. */
  message?: string;
  /** `@severity`, or what `@enforcement` implies; absent on permit policies. */
  severity?: PolicySeverity;
  /** `@enforcement`, or what `@severity` implies; absent on permit policies. */
  enforcement?: PolicyEnforcement;
  /** `@field`: the wizard field the rule concerns, when it names one. */
  field?: string;
  /** `@remediation`: how to fix a violation, when the rule says. */
  remediation?: string;
  /** The file it came from, relative to the policy directory. */
  file: string;
  /** The line its first annotation is on. */
  line: number;
}

/**
 * Answer of `POST /api/policy/reload` (and of the engine's reload): the new
 * set is in use (200), or the previous set still is and `errors` says why,
 * as `file:line:column: message` (422).
 *
 * @public
 */
export type PolicyReloadResult =
  | {
      loaded: true;
      policies: number;
      /** The content hash of the set now in force. */
      policySet: string;
      /**
       * Set when the other backend replicas could not be told: this one
       * uses the new set; they keep theirs until they reload or restart.
       */
      warning?: string;
    }
  | { loaded: false; errors: string[] };

/**
 * A policy set version as people read it: the first 12 hex digits of its
 * content hash, as git abbreviates a commit.
 *
 * @public
 */
export function shortPolicySet(policySet: string): string {
  return policySet.replace(/^sha256:/, '').slice(0, 12);
}
