import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_DEPENDS_ON,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { entityOwners } from '@pave/common';
import {
  PolicyEvaluateRequest,
  PolicyEvaluateResponse,
  PolicyException,
  PolicyInfo,
  PolicyViolation,
  WhatIfFinding,
  WhatIfReport,
  WhatIfRequest,
  WhatIfRule,
} from '@pave/plugin-policy-common';
import { PolicyEngine } from '@pave/plugin-policy-node';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { ComplianceService } from './ComplianceService';
import { PolicyExceptions } from './PolicyExceptions';

/** Findings listed per rule; the counts cover the rest. */
const MAX_FINDINGS = 500;
/** Templates are judged for someone in no team: what everyone sees. */
const EVERYONE: PolicyEvaluateRequest['principal'] = {
  userEntityRef: 'user:pave/what-if',
  groups: [],
};

/** A draft that does not load: every problem, as a reload reports them. */
export interface DraftRefused {
  loaded: false;
  errors: string[];
}

/** One judgment: who was judged where, by both sets. */
interface Pair {
  entityRef: string;
  environment?: string;
  current: PolicyEvaluateResponse;
  draft: PolicyEvaluateResponse;
}

/**
 * Writes a draft set under a fresh directory, refusing any path that would
 * leave it (the schema refuses `..` already; this is the second lock).
 */
export async function writeDraft(files: WhatIfRequest['files']) {
  const directory = await mkdtemp(join(tmpdir(), 'pave-draft-policies-'));
  try {
    for (const file of files) {
      const target = resolve(directory, file.path);
      const inside = relative(directory, target);
      if (inside.startsWith('..') || resolve(directory, inside) !== target) {
        throw new InputError(`files: ${file.path} leaves the draft directory`);
      }
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content, { flag: 'wx' });
    }
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  return directory;
}

/**
 * What a draft policy set would change over the whole estate: every
 * component as the Compliance tab judges it (the service, and each
 * environment its catalog Resources describe) and every template, by the
 * set in force and by the draft, compared rule by rule.
 */
export class WhatIf {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      engine: PolicyEngine;
      compliance: ComplianceService;
      /**
       * The exceptions in force, applied to both sides as the Compliance
       * tab applies them: a draft that makes an excepted rule
       * hard-mandatory shows what it newly denies.
       */
      exceptions?: PolicyExceptions;
    },
  ) {}

  /**
   * Loads the draft like a reload does (all or nothing, `file:line` on
   * any problem) and judges the estate with both sets. The set in force is
   * never touched.
   */
  async run(
    files: WhatIfRequest['files'],
    credentials: BackstageCredentials,
  ): Promise<WhatIfReport | DraftRefused> {
    const started = Date.now();
    const directory = await writeDraft(files);
    let draft: PolicyEngine;
    try {
      const loaded = await PolicyEngine.load({ directory });
      if ('errors' in loaded) {
        return { loaded: false, errors: loaded.errors };
      }
      draft = loaded.engine;
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
    const current = this.deps.engine;
    const pairs = await this.judgeEstate(current, draft, credentials);
    const { exceptions } = this.deps;
    if (exceptions) {
      const byEntity = new Map<string, PolicyException[]>();
      for (const e of await exceptions.allActive()) {
        byEntity.set(e.entityRef, [...(byEntity.get(e.entityRef) ?? []), e]);
      }
      const currentPolicies = current.listPolicies();
      const draftPolicies = draft.listPolicies();
      for (const pair of pairs.pairs) {
        const active = byEntity.get(pair.entityRef);
        if (active) {
          const where = () => pair.environment;
          pair.current = exceptions.apply(
            pair.current,
            active,
            where,
            currentPolicies,
          );
          pair.draft = exceptions.apply(
            pair.draft,
            active,
            where,
            draftPolicies,
          );
        }
      }
    }
    return {
      currentPolicySet: current.policySet,
      draftPolicySet: draft.policySet,
      judged: pairs.counts,
      unplanned: pairs.unplanned,
      ...compare(pairs.pairs, current.listPolicies(), draft.listPolicies()),
      durationMs: Date.now() - started,
      ranAt: new Date().toISOString(),
    };
  }

  private async judgeEstate(
    current: PolicyEngine,
    draft: PolicyEngine,
    credentials: BackstageCredentials,
  ) {
    const { catalog, compliance } = this.deps;
    const [components, resources, groups, templates] = await Promise.all(
      ['Component', 'Resource', 'Group', 'Template'].map(kind =>
        catalog
          .getEntities({ filter: { kind } }, { credentials })
          .then(r => r.items),
      ),
    );
    const byRef = new Map<string, Entity>();
    for (const entity of [...resources, ...groups]) {
      byRef.set(stringifyEntityRef(entity), entity);
    }
    const pairs: Pair[] = [];
    let environments = 0;
    let unplanned = 0;
    for (const component of components) {
      const entityRef = stringifyEntityRef(component);
      const owner = entityOwners(component)[0];
      const own = (component.relations ?? [])
        .filter(
          r =>
            r.type === RELATION_DEPENDS_ON &&
            r.targetRef.startsWith('resource:'),
        )
        .map(r => byRef.get(r.targetRef))
        .filter((e): e is Entity => Boolean(e));
      const [now, then] = compliance.judge(
        component,
        owner ? byRef.get(owner) : undefined,
        own,
        [current, draft],
      );
      pairs.push({ entityRef, current: now.service, draft: then.service });
      for (const [i, row] of now.environments.entries()) {
        const next = then.environments[i];
        if (row.verdict && next.verdict) {
          environments += 1;
          pairs.push({
            entityRef,
            environment: row.environment,
            current: row.verdict,
            draft: next.verdict,
          });
        } else {
          unplanned += 1;
        }
      }
    }
    for (const template of templates) {
      const spec = (template.spec ?? {}) as Record<string, unknown>;
      const request: PolicyEvaluateRequest = {
        principal: EVERYONE,
        action: 'template.read',
        resources: [
          {
            type: 'template',
            ref: stringifyEntityRef(template),
            name: template.metadata.name,
            namespace: template.metadata.namespace ?? 'default',
            owner: typeof spec.owner === 'string' ? spec.owner : '',
            ...(typeof spec.type === 'string'
              ? { templateType: spec.type }
              : {}),
            ...(typeof spec.lifecycle === 'string'
              ? { lifecycle: spec.lifecycle }
              : {}),
            tags: template.metadata.tags ?? [],
          },
        ],
      };
      pairs.push({
        entityRef: stringifyEntityRef(template),
        current: current.evaluate(request),
        draft: draft.evaluate(request),
      });
    }
    return {
      pairs,
      unplanned,
      counts: {
        components: components.length,
        environments,
        templates: templates.length,
      },
    };
  }
}

const key = (v: PolicyViolation) => `${v.policyId}\u0000${v.resource}`;

/** The rules whose verdicts differ between the two sets, per judgment. */
export function compare(
  pairs: Pair[],
  currentPolicies: PolicyInfo[],
  draftPolicies: PolicyInfo[],
): Pick<
  WhatIfReport,
  'rules' | 'entitiesNewlyDenied' | 'entitiesNewlyAllowed'
> {
  const inForce = new Map(currentPolicies.map(p => [p.id, p]));
  const drafted = new Map(draftPolicies.map(p => [p.id, p]));
  const rules = new Map<string, WhatIfRule>();
  const ruleOf = (policyId: string) => {
    let rule = rules.get(policyId);
    if (!rule) {
      const info = drafted.get(policyId) ?? inForce.get(policyId);
      rule = {
        policyId,
        ...(info?.enforcement ? { enforcement: info.enforcement } : {}),
        status: ruleStatus(inForce.has(policyId), drafted.has(policyId)),
        newlyDenied: 0,
        newlyAllowed: 0,
        newlyWarned: 0,
        noLongerWarned: 0,
        findings: [],
      };
      rules.set(policyId, rule);
    }
    return rule;
  };
  // Counts are of entities: a rule firing on three resources of one
  // component newly denies one entity (the findings list all three).
  const counted = new Map<string, Map<Counter, Set<string>>>();
  const note = (rule: WhatIfRule, counter: Counter, finding: WhatIfFinding) => {
    const sets = counted.get(rule.policyId) ?? new Map<Counter, Set<string>>();
    counted.set(rule.policyId, sets);
    const entities = sets.get(counter) ?? new Set<string>();
    sets.set(counter, entities);
    entities.add(finding.entityRef);
    if (rule.findings.length < MAX_FINDINGS) {
      rule.findings.push(finding);
    }
  };
  const denied = new Set<string>();
  const allowed = new Set<string>();
  for (const pair of pairs) {
    const where = {
      entityRef: pair.entityRef,
      ...(pair.environment ? { environment: pair.environment } : {}),
    };
    const diff = (
      before: PolicyViolation[],
      after: PolicyViolation[],
      count: { added: Counter; gone: Counter },
    ) => {
      const was = new Set(before.map(key));
      const is = new Set(after.map(key));
      for (const v of after.filter(x => !was.has(key(x)))) {
        note(ruleOf(v.policyId), count.added, {
          change: 'deny',
          ...where,
          resource: v.resource,
          message: v.message,
        });
      }
      for (const v of before.filter(x => !is.has(key(x)))) {
        note(ruleOf(v.policyId), count.gone, {
          change: 'allow',
          ...where,
          resource: v.resource,
          message: v.message,
        });
      }
    };
    diff(pair.current.violations, pair.draft.violations, {
      added: 'newlyDenied',
      gone: 'newlyAllowed',
    });
    diff(pair.current.warnings, pair.draft.warnings, {
      added: 'newlyWarned',
      gone: 'noLongerWarned',
    });
    if (pair.current.decision !== pair.draft.decision) {
      (pair.draft.decision === 'deny' ? denied : allowed).add(pair.entityRef);
    }
  }
  for (const [policyId, sets] of counted) {
    const rule = rules.get(policyId)!;
    for (const [counter, entities] of sets) {
      rule[counter] = entities.size;
    }
  }
  // An entity newly denied somewhere is not newly allowed overall.
  for (const entityRef of denied) {
    allowed.delete(entityRef);
  }
  return {
    rules: [...rules.values()].sort(
      (a, b) =>
        b.newlyDenied - a.newlyDenied ||
        b.newlyAllowed - a.newlyAllowed ||
        a.policyId.localeCompare(b.policyId),
    ),
    entitiesNewlyDenied: denied.size,
    entitiesNewlyAllowed: allowed.size,
  };
}

function ruleStatus(inForce: boolean, drafted: boolean): WhatIfRule['status'] {
  if (!inForce) {
    return 'added';
  }
  return drafted ? 'kept' : 'removed';
}

type Counter =
  | 'newlyDenied'
  | 'newlyAllowed'
  | 'newlyWarned'
  | 'noLongerWarned';
