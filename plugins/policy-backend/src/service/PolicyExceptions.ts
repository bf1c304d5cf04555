import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { entityOwners } from '@pave/common';
import { InfraService } from '@pave/plugin-infra-node';
import {
  ExceptedViolation,
  PolicyEvaluateResponse,
  PolicyException,
  PolicyExceptionRequest,
  PolicyInfo,
  PolicyPrincipal,
  PolicyViolation,
} from '@pave/plugin-policy-common';
import { PolicyEngine } from '@pave/plugin-policy-node';
import { ExceptionStore } from '../database/ExceptionStore';

const DAY_MS = 86_400_000;

/** Where a violation was found: an environment, or the service itself. */
export type ViolationEnvironment = (v: PolicyViolation) => string | undefined;

/** Why `exception.grant` refused: the policy verdict, for a 403 body. */
export class ExceptionRefusedError extends Error {
  readonly name = 'NotAllowedError';
  constructor(readonly verdict: PolicyEvaluateResponse) {
    super(
      `You may not record this exception: ${verdict.violations
        .map(v => `${v.message} (${v.policyId})`)
        .join(' ')}`,
    );
  }
}

/**
 * Exceptions to soft-mandatory rules: recorded when the `exception.grant`
 * policies allow it, applied to every verdict on the entity while they
 * last. A verdict lists the violations they let pass as `excepted`.
 */
export class PolicyExceptions {
  constructor(
    private readonly deps: {
      store: ExceptionStore;
      engine: PolicyEngine;
      catalog: CatalogService;
      infra: InfraService;
      now?: () => Date;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  /**
   * Checks a request and, when the policies allow it, records it. Nothing
   * is written on any refusal: an unknown rule or environment (400), an
   * entity the caller cannot see (404), the policies (403).
   */
  async grant(
    input: PolicyExceptionRequest,
    principal: PolicyPrincipal,
    credentials: BackstageCredentials,
  ): Promise<PolicyException> {
    const now = this.now();
    // Whole days, rounded down: the end of the 30th day is 30 days.
    const durationDays = Math.floor(
      (Date.parse(input.expiresAt) - now.getTime()) / DAY_MS,
    );
    const { verdict, entityRef } = await this.judge(
      { ...input, durationDays },
      principal,
      credentials,
    );
    if (verdict.decision !== 'allow') {
      throw new ExceptionRefusedError(verdict);
    }
    return this.deps.store.add(
      {
        entityRef,
        policyId: input.policyId,
        ...(input.environment ? { environment: input.environment } : {}),
        reason: input.reason,
        grantedBy: principal.userEntityRef,
        expiresAt: input.expiresAt,
        policySet: verdict.policySet,
      },
      now,
    );
  }

  /**
   * Whether `principal` could record `exception` now (for a day): who may
   * revoke one besides whoever recorded it.
   */
  async mayGrant(
    exception: Pick<PolicyException, 'entityRef' | 'policyId' | 'environment'>,
    principal: PolicyPrincipal,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    try {
      const { verdict } = await this.judge(
        { ...exception, durationDays: 1 },
        principal,
        credentials,
      );
      return verdict.decision === 'allow';
    } catch {
      // A rule no longer in the set: judge by its enforcement as unknown.
      return false;
    }
  }

  /**
   * Whether `principal` may record some exception for the entity (a
   * soft-mandatory rule, for a day): the Compliance tab shows its
   * "Record exception" action only then.
   */
  canGrantFor(entity: Entity, principal: PolicyPrincipal): boolean {
    const rule = this.deps.engine
      .listPolicies()
      .find(p => p.enforcement === 'soft-mandatory');
    if (!rule) {
      return false;
    }
    return (
      this.decide(rule, entity, undefined, 1, principal).decision === 'allow'
    );
  }

  private async judge(
    input: {
      policyId: string;
      entityRef: string;
      environment?: string;
      durationDays: number;
    },
    principal: PolicyPrincipal,
    credentials: BackstageCredentials,
  ) {
    const { engine, catalog } = this.deps;
    const rule = engine.listPolicies().find(p => p.id === input.policyId);
    if (!rule || rule.effect !== 'forbid') {
      throw new InputError(
        `policyId: no rule "${input.policyId}" in the policy set in force; GET /api/policy/policies lists them`,
      );
    }
    const entity = await catalog.getEntityByRef(input.entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `entityRef: ${input.entityRef} is not in the catalog, or you may not see it`,
      );
    }
    const verdict = this.decide(
      rule,
      entity,
      input.environment,
      input.durationDays,
      principal,
    );
    return { verdict, entityRef: stringifyEntityRef(entity) };
  }

  /** The `exception.grant` decision on one exception. */
  private decide(
    rule: PolicyInfo,
    entity: Entity,
    environment: string | undefined,
    durationDays: number,
    principal: PolicyPrincipal,
  ): PolicyEvaluateResponse {
    const environmentType = environment
      ? this.deps.infra.environmentType(environment)
      : undefined;
    return this.deps.engine.evaluate({
      principal,
      action: 'exception.grant',
      resources: [
        {
          type: 'policy-exception',
          policyId: rule.id,
          enforcement: rule.enforcement ?? 'hard-mandatory',
          entity: stringifyEntityRef(entity),
          ...(environment ? { environment } : {}),
          ...(environmentType ? { environmentType } : {}),
          ownerGroups: entityOwners(entity).filter(o => o.startsWith('group:')),
          ownerUsers: entityOwners(entity).filter(o => o.startsWith('user:')),
          durationDays,
        },
      ],
    });
  }

  /** Every exception in force now, for a what-if over the estate. */
  allActive(): Promise<PolicyException[]> {
    return this.deps.store.allActive(this.now());
  }

  /** The exceptions in force for an entity, for {@link PolicyExceptions.apply}. */
  active(entityRef: string): Promise<PolicyException[]> {
    return this.deps.store.active([entityRef], this.now());
  }

  /**
   * The verdict with the soft-mandatory violations an exception covers
   * moved to `excepted`. An exception without an environment covers every
   * environment and the service; one with an environment only that one.
   * The decision is recomputed: allow once nothing else blocks.
   */
  apply(
    verdict: PolicyEvaluateResponse,
    exceptions: PolicyException[],
    environmentOf: ViolationEnvironment,
    /** The set that judged it (a draft's, in a what-if); the set in force by default. */
    policies: PolicyInfo[] = this.deps.engine.listPolicies(),
  ): PolicyEvaluateResponse {
    if (exceptions.length === 0) {
      return verdict;
    }
    const violations: PolicyViolation[] = [];
    const excepted: ExceptedViolation[] = [...(verdict.excepted ?? [])];
    for (const violation of verdict.violations) {
      const environment = environmentOf(violation);
      const exception =
        violation.enforcement === 'soft-mandatory'
          ? exceptions.find(
              e =>
                e.policyId === violation.policyId &&
                (e.environment === undefined || e.environment === environment),
            )
          : undefined;
      if (exception) {
        const { id, reason, grantedBy, expiresAt } = exception;
        excepted.push({
          ...violation,
          exception: { id, reason, grantedBy, expiresAt },
        });
      } else {
        violations.push(violation);
      }
    }
    if (excepted.length === (verdict.excepted ?? []).length) {
      return verdict;
    }
    return {
      ...verdict,
      decision:
        violations.length > 0 || failedClosed(verdict, policies)
          ? 'deny'
          : 'allow',
      violations,
      excepted,
    };
  }
}

/** Whether an evaluation error denied on its own (a deny rule failing). */
function failedClosed(
  verdict: PolicyEvaluateResponse,
  policies: PolicyInfo[],
): boolean {
  const advisory = new Set(
    policies.filter(p => p.severity === 'warn').map(p => p.id),
  );
  return verdict.errors.some(e => !e.policyId || !advisory.has(e.policyId));
}
