import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type {
  AuthorizationAnswer,
  DetailedError,
  StatefulAuthorizationCall,
} from '@cedar-policy/cedar-wasm/nodejs';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  PolicyEvaluateRequest,
  PolicyEvaluateResponse,
  PolicyEvaluationError,
  PolicyInfo,
  PolicyReloadResult,
  PolicyViolation,
} from '@pave/plugin-policy-common';
import {
  GroupFacts,
  actionUid,
  principalEntities,
  requestContext,
  resourceEntity,
} from './entities';
import {
  LoadedPolicy,
  PolicyLoad,
  loadPolicyDirectory,
} from './loadPolicyDirectory';

/**
 * Options for {@link PolicyEngine.create}.
 *
 * @public
 */
export interface PolicyEngineOptions {
  /** Absolute path of the directory holding `.cedar` files and the schema. */
  directory: string;
  logger?: LoggerService;
}

/** One complete, preparsed generation of the policy set. */
interface LoadedState {
  policySetId: string;
  digest: string;
  policies: LoadedPolicy[];
  byId: Map<string, LoadedPolicy>;
  /** Each policy's position in file and line order. */
  order: Map<string, number>;
  groups: Map<string, GroupFacts>;
  /**
   * Preparsed subsets by action and resource type: only the policies
   * whose scope admits them, so Cedar does not walk rules that can never
   * match (a template rule for a plan record). Made on first use.
   */
  subsets: Map<string, string>;
}

// Cedar keeps preparsed sets in wasm memory under a name: every engine and
// every reload gets a fresh one, so a half-finished reload never shows. The
// binding cannot drop a set, so each reload leaves its predecessor (a few kB).
let generation = 0;

/**
 * Pave's policy engine. It loads the Cedar policies under a directory once
 * (and on {@link PolicyEngine.reload}), validated against the directory's
 * schema, and judges each resource of a request with one Cedar decision.
 * Decisions are values; only a failed first load throws.
 *
 * @public
 */
export class PolicyEngine {
  private state: LoadedState | undefined;
  private loading: Promise<unknown> = Promise.resolve();

  private constructor(private readonly options: PolicyEngineOptions) {}

  /**
   * Loads the policies under `options.directory`. Throws listing every
   * problem when they do not load: the engine never starts without rules.
   */
  static async create(options: PolicyEngineOptions): Promise<PolicyEngine> {
    const engine = new PolicyEngine(options);
    const result = await engine.reload();
    if (!result.loaded) {
      throw new Error(
        `Policies in ${options.directory} do not load:\n  ${result.errors.join(
          '\n  ',
        )}`,
      );
    }
    return engine;
  }

  /**
   * Loads the policies under `options.directory` as a set of their own (a
   * draft, for a what-if): the engine, or every problem with `file:line`.
   */
  static async load(
    options: PolicyEngineOptions,
  ): Promise<{ engine: PolicyEngine } | { errors: string[] }> {
    const engine = new PolicyEngine(options);
    const result = await engine.reload();
    return result.loaded ? { engine } : { errors: result.errors };
  }

  /**
   * Reads and validates the directory again. All or nothing: on any problem
   * the previous set stays in use. Concurrent calls run one after another.
   */
  reload(
    options: {
      /**
       * Called with the content hash of a set that loaded, before it is put
       * in force; throwing keeps the previous set and rejects the reload
       * (a reload that requires a what-if on exactly these files).
       */
      accept?: (policySet: string) => Promise<void>;
    } = {},
  ): Promise<PolicyReloadResult> {
    const next = this.loading.then(() => this.load(options.accept));
    // A refused reload must not stop the ones after it.
    this.loading = next.catch(() => undefined);
    return next;
  }

  private async load(
    accept?: (policySet: string) => Promise<void>,
  ): Promise<PolicyReloadResult> {
    const { directory, logger } = this.options;
    let result: PolicyLoad;
    try {
      result = await loadPolicyDirectory(directory);
    } catch (error) {
      // An unreadable file is one more reason to keep the previous set.
      result = { ok: false, errors: [`${directory}: ${String(error)}`] };
    }
    if (!result.ok) {
      logger?.error(
        `Refused policies in ${directory}; ${
          this.state ? 'keeping the previous set' : 'no set loaded'
        }: ${result.errors.join('; ')}`,
      );
      return { loaded: false, errors: result.errors };
    }
    const { policies, groups, digest } = result.bundle;
    await accept?.(digest);
    generation += 1;
    const policySetId = `pave-policies-${generation}`;
    const answer = cedar.preparsePolicySet(policySetId, {
      staticPolicies: Object.fromEntries(policies.map(p => [p.id, p.text])),
    });
    if (answer.type === 'failure') {
      const errors = answer.errors.map(e => e.message);
      logger?.error(`Refused policies in ${directory}: ${errors.join('; ')}`);
      return { loaded: false, errors };
    }
    this.state = {
      policySetId,
      digest,
      policies,
      byId: new Map(policies.map(p => [p.id, p])),
      order: new Map(policies.map((p, i) => [p.id, i])),
      groups,
      subsets: new Map(),
    };
    logger?.info(
      `Loaded ${policies.length} policies from ${directory} (${digest})`,
    );
    return { loaded: true, policies: policies.length, policySet: digest };
  }

  /**
   * Names the policy set in force; changes on every successful reload, so a
   * caller caching decisions knows when they went stale.
   */
  get version(): string {
    return this.state?.policySetId ?? 'none';
  }

  /**
   * The content hash of the set in force (`sha256:…`): what every verdict
   * records, so a decision says which files judged it. Unlike
   * {@link PolicyEngine.version}, equal on every replica with equal files.
   */
  get policySet(): string {
    return this.state?.digest ?? 'none';
  }

  /** The loaded policies with their annotations, in file and line order. */
  listPolicies(): PolicyInfo[] {
    return (this.state?.policies ?? []).map(
      ({ text: _text, scope: _scope, ...info }) => info,
    );
  }

  /**
   * Judges every resource of a parsed request on its own. `deny` when a
   * resource breaks a `deny` policy, or when a `deny` policy (or Cedar
   * itself) fails on it: the engine fails closed.
   */
  evaluate(request: PolicyEvaluateRequest): PolicyEvaluateResponse {
    const verdict: Verdict = {
      failedClosed: false,
      violations: [],
      warnings: [],
      errors: [],
    };
    const state = this.state;
    if (!state) {
      // Unreachable after create(); kept so a decision is still a value.
      verdict.failedClosed = true;
      verdict.errors.push({
        message: 'no policies loaded',
        resource: '',
        resourceIndex: -1,
      });
    } else {
      const principal = principalEntities(request.principal, state.groups);
      const context = requestContext(request.context);
      const action = actionUid(request.action);
      request.resources.forEach((input, resourceIndex) => {
        const { uid, entity, label } = resourceEntity(input);
        const answer = decide(subsetFor(state, request.action, uid.type), {
          principal: principal.uid,
          action,
          resource: uid,
          context,
          entities: [...principal.entities, entity],
        });
        record(state, answer, { resource: label, resourceIndex }, verdict);
      });
    }
    const { failedClosed, ...lists } = verdict;
    return {
      decision: failedClosed || lists.violations.length > 0 ? 'deny' : 'allow',
      ...lists,
      evaluatedPolicies: state?.policies.length ?? 0,
      policySet: state?.digest ?? 'none',
    };
  }
}

/** What the resources of one request add up to so far. */
interface Verdict {
  failedClosed: boolean;
  violations: PolicyViolation[];
  warnings: PolicyViolation[];
  errors: PolicyEvaluationError[];
}

type DecisionCall = Omit<StatefulAuthorizationCall, 'preparsedPolicySetId'>;

/**
 * The preparsed set for one action and resource type: the policies whose
 * scope admits both. Falls back to the whole set if Cedar refuses the
 * subset (it cannot: each policy parsed on its own at load).
 */
function subsetFor(
  state: LoadedState,
  action: string,
  resourceType: string,
): string {
  const key = `${action}\u0000${resourceType}`;
  let id = state.subsets.get(key);
  if (!id) {
    const admitted = state.policies.filter(
      ({ scope }) =>
        (!scope.actions || scope.actions.includes(action)) &&
        (!scope.resourceType || scope.resourceType === resourceType),
    );
    generation += 1;
    id = `pave-policies-${generation}`;
    const answer = cedar.preparsePolicySet(id, {
      staticPolicies: Object.fromEntries(admitted.map(p => [p.id, p.text])),
    });
    if (answer.type === 'failure') {
      id = state.policySetId;
    }
    state.subsets.set(key, id);
  }
  return id;
}

/**
 * One Cedar decision against the preparsed set. No schema here: policies
 * were validated at load and `checkFacts` proved the facts fit the schema,
 * so validating each request again would only cost time (~20%).
 */
function decide(
  policySetId: string,
  request: DecisionCall,
): AuthorizationAnswer {
  try {
    return cedar.statefulIsAuthorized({
      ...request,
      preparsedPolicySetId: policySetId,
    });
  } catch (error) {
    // The binding throws, rather than answers, on a call it cannot decode.
    return { type: 'failure', errors: [toDetailedError(error)], warnings: [] };
  }
}

function toDetailedError(error: unknown): DetailedError {
  return {
    message: String(error),
    help: null,
    code: null,
    url: null,
    severity: null,
  };
}

/** Adds one resource's Cedar answer to the verdict. */
function record(
  state: LoadedState,
  answer: AuthorizationAnswer,
  where: { resource: string; resourceIndex: number },
  verdict: Verdict,
) {
  if (answer.type === 'failure') {
    verdict.failedClosed = true;
    verdict.errors.push({
      message: answer.errors.map(e => e.message).join('; '),
      ...where,
    });
    return;
  }
  const { reason, errors } = answer.response.diagnostics;
  // Cedar's reasons are a set: in the set's file and line order, the same
  // request always lists its violations alike.
  const ordered = [...reason].sort(
    (a, b) => (state.order.get(a) ?? 0) - (state.order.get(b) ?? 0),
  );
  for (const policyId of ordered) {
    const policy = state.byId.get(policyId);
    // Permits are reasons too when nothing forbids; they explain nothing.
    if (policy?.effect !== 'forbid') {
      continue;
    }
    const severity = policy.severity ?? 'deny';
    const violation: PolicyViolation = {
      policyId,
      message: policy.message ?? policyId,
      severity,
      enforcement: policy.enforcement ?? 'hard-mandatory',
      ...where,
      ...(policy.field ? { field: policy.field } : {}),
      ...(policy.remediation ? { remediation: policy.remediation } : {}),
    };
    (severity === 'warn' ? verdict.warnings : verdict.violations).push(
      violation,
    );
  }
  for (const { policyId, error } of errors) {
    // A forbid that errors counts as not matching in Cedar; for a deny
    // rule that would be fail-open, so the request is denied instead.
    if (state.byId.get(policyId)?.severity !== 'warn') {
      verdict.failedClosed = true;
    }
    verdict.errors.push({ policyId, message: error.message, ...where });
  }
}
