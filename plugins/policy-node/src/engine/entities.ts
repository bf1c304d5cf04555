import type {
  CedarValueJson,
  Context,
  EntityJson,
  TypeAndId,
} from '@cedar-policy/cedar-wasm/nodejs';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import {
  PolicyAction,
  PolicyContext,
  PolicyEvaluateRequest,
  PolicyResource,
  policyActionSchema,
} from '@pave/plugin-policy-common';

/**
 * What `policies/groups.json` says about one catalog group.
 *
 * @public
 */
export interface GroupFacts {
  /** `platform`, `critical`, `standard` (as the catalog's `pave.dev/tier`). */
  tier: string;
  /** Whether members may run `large` classes in production. */
  largeInProd: boolean;
}

/** Facts for a group that `groups.json` does not list. */
const UNLISTED_GROUP: GroupFacts = { tier: 'standard', largeInProd: false };

/** The principal's entities: the user and each of their groups. */
export interface PrincipalEntities {
  uid: TypeAndId;
  entities: EntityJson[];
}

/** One resource as Cedar sees it, with the label violations carry. */
export interface ResourceEntity {
  uid: TypeAndId;
  entity: EntityJson;
  label: string;
}

// Same pattern as identifierSchema in infra-common, without its length
// limits: the policy decides the lengths, so it gets the length as a fact.
const KEBAB_CASE = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/;

/** Drops undefined attributes: Cedar has no undefined, only absence. */
function attrs(values: Record<string, CedarValueJson | undefined>) {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined),
  ) as Record<string, CedarValueJson>;
}

/** A per-environment-type record of cents, without the types left out. */
function centsRecord(
  values: Partial<Record<string, number | undefined>> | undefined,
) {
  return values ? attrs(values) : undefined;
}

/**
 * The user and their groups. `principal.largeInProd` is computed here
 * because Cedar cannot ask "does any of my groups have this flag".
 */
export function principalEntities(
  principal: PolicyEvaluateRequest['principal'],
  groups: ReadonlyMap<string, GroupFacts>,
): PrincipalEntities {
  const uid = { type: 'Pave::User', id: principal.userEntityRef };
  const refs = [...new Set(principal.groups)];
  const facts = refs.map(ref => groups.get(ref) ?? UNLISTED_GROUP);
  return {
    uid,
    entities: [
      {
        uid,
        attrs: {
          largeInProd: facts.some(f => f.largeInProd),
          hasTeam: refs.length > 0,
        },
        parents: refs.map(id => ({ type: 'Pave::Group', id })),
      },
      ...refs.map((id, i) => ({
        uid: { type: 'Pave::Group', id },
        attrs: { ...facts[i] },
        parents: [],
      })),
    ],
  };
}

/** One request resource as a Cedar entity (`Pave::InfraResource` or `Pave::Service`). */
export function resourceEntity(resource: PolicyResource): ResourceEntity {
  switch (resource.type) {
    case 'template': {
      const uid = { type: 'Pave::Template', id: resource.ref };
      const { type: _type, ref: _ref, ...facts } = resource;
      return {
        uid,
        label: resource.ref,
        entity: { uid, attrs: attrs(facts), parents: [] },
      };
    }
    case 'template-section': {
      const label = `section/${resource.tags.join(',')}`;
      const uid = { type: 'Pave::TemplateSection', id: label };
      return {
        uid,
        label,
        entity: { uid, attrs: { tags: resource.tags }, parents: [] },
      };
    }
    case 'scaffolder-action': {
      const uid = { type: 'Pave::ScaffolderAction', id: resource.id };
      return {
        uid,
        label: `action/${resource.id}`,
        entity: { uid, attrs: { id: resource.id }, parents: [] },
      };
    }
    case 'deployment': {
      const label = `${resource.component}@${resource.environment}`;
      const uid = { type: 'Pave::Deployment', id: label };
      return {
        uid,
        label,
        entity: {
          uid,
          attrs: attrs({
            component: resource.component,
            environment: resource.environment,
            preview: resource.preview,
            ownerGroups: resource.ownerGroups.map(id => ({
              __entity: { type: 'Pave::Group', id },
            })),
            ownerUsers: resource.ownerUsers.map(id => ({
              __entity: { type: 'Pave::User', id },
            })),
            estimatedMonthlyCents: resource.estimatedMonthlyCents,
            previewBudgetRemainingCents: resource.previewBudgetRemainingCents,
          }),
          parents: [],
        },
      };
    }
    case 'policy-exception': {
      const label = `exception/${resource.policyId}@${resource.entity}`;
      const uid = { type: 'Pave::PolicyException', id: label };
      const { type: _type, ownerGroups, ownerUsers, ...facts } = resource;
      return {
        uid,
        label,
        entity: {
          uid,
          attrs: attrs({
            ...facts,
            ownerGroups: ownerGroups.map(id => ({
              __entity: { type: 'Pave::Group', id },
            })),
            ownerUsers: ownerUsers.map(id => ({
              __entity: { type: 'Pave::User', id },
            })),
          }),
          parents: [],
        },
      };
    }
    case 'scaffolder': {
      const uid = { type: 'Pave::Scaffolder', id: 'scaffolder' };
      return {
        uid,
        label: 'scaffolder',
        entity: { uid, attrs: {}, parents: [] },
      };
    }
    default:
      break;
  }
  if (resource.type === 'service') {
    const uid = { type: 'Pave::Service', id: resource.name };
    return {
      uid,
      label: `service/${resource.name}`,
      entity: {
        uid,
        attrs: attrs({
          name: resource.name,
          nameIsKebabCase: KEBAB_CASE.test(resource.name),
          nameLength: [...resource.name].length,
          owner: resource.owner,
          system: resource.system,
          costCenter: resource.costCenter,
          template: resource.template,
          estimatedMonthlyCents: resource.estimatedMonthlyCents,
          estimatedByEnvironmentTypeCents: centsRecord(
            resource.estimatedByEnvironmentTypeCents,
          ),
          budgetMonthlyCents: resource.budgetMonthlyCents,
          budgetRemainingCents: resource.budgetRemainingCents,
          budgetRemainingByEnvironmentTypeCents: centsRecord(
            resource.budgetRemainingByEnvironmentTypeCents,
          ),
        }),
        parents: [],
      },
    };
  }
  const { type: _type, tags, dataClassification, ...record } = resource;
  const label = `${resource.environment}/${resource.address}`;
  const uid = { type: 'Pave::InfraResource', id: label };
  return {
    uid,
    label,
    entity: {
      uid,
      // Always present, so a rule can treat `unknown` like any other level.
      attrs: attrs({
        ...record,
        dataClassification: dataClassification ?? 'unknown',
      }),
      parents: [],
      tags,
    },
  };
}

/** The request's context, with `templateTags` always present (empty set). */
export function requestContext(context: PolicyContext = {}): Context {
  const { templateTags = [], ...rest } = context;
  return attrs({ ...rest, templateTags });
}

/** The Cedar uid of an action. */
export function actionUid(action: PolicyAction): TypeAndId {
  return { type: 'Pave::Action', id: action };
}

// The fullest and the barest facts the engine can produce, for checkFacts.
const SAMPLE_RESOURCES: PolicyResource[] = [
  {
    type: 'infra-resource',
    address: 'aws_db_instance.db',
    workloadResource: 'db',
    resourceType: 'postgres',
    role: 'database',
    provider: 'aws',
    terraformType: 'aws_db_instance',
    sku: 'db.m7g.large',
    sizeClass: 'medium',
    storageGb: 50,
    highAvailability: true,
    encryptedAtRest: true,
    encryptedInTransit: true,
    exposure: 'private',
    deletionProtection: true,
    backupRetentionDays: 30,
    customerManagedKey: true,
    versioning: true,
    deadLetterQueue: true,
    evictionPolicy: 'volatile-lru',
    dataClassification: 'confidential',
    region: 'eu-west-1',
    environment: 'prod',
    environmentType: 'prod',
    tags: { service: 'orders' },
  },
  {
    type: 'infra-resource',
    address: 'azurerm_private_endpoint.cache-pe',
    workloadResource: 'cache',
    resourceType: 'redis',
    role: 'private-endpoint',
    provider: 'azure',
    terraformType: 'azurerm_private_endpoint',
    sizeClass: 'small',
    highAvailability: true,
    encryptedAtRest: true,
    encryptedInTransit: true,
    exposure: 'private',
    deletionProtection: false,
    region: 'westeurope',
    environment: 'dev',
    environmentType: 'dev',
    tags: {},
  },
  { type: 'service', name: 'orders', owner: 'group:default/payments' },
  {
    type: 'service',
    name: 'orders',
    owner: 'group:default/payments',
    system: 'payments',
    costCenter: 'CC-2100',
    template: 'node-service',
    estimatedMonthlyCents: 41_250,
    estimatedByEnvironmentTypeCents: { dev: 5_250, prod: 36_000 },
    budgetMonthlyCents: 1_200_000,
    budgetRemainingCents: -12_000,
    budgetRemainingByEnvironmentTypeCents: {
      dev: 100_000,
      preview: 20_000,
      staging: 50_000,
      prod: 30_000,
    },
  },
  {
    type: 'template',
    ref: 'template:default/node-service',
    name: 'node-service',
    namespace: 'default',
    owner: 'group:default/platform',
    templateType: 'service',
    lifecycle: 'production',
    tags: ['recommended'],
  },
  {
    type: 'template',
    ref: 'template:default/bare',
    name: 'bare',
    namespace: 'default',
    owner: 'group:default/platform',
    tags: [],
  },
  { type: 'template-section', tags: ['platform-only'] },
  { type: 'scaffolder-action', id: 'publish:github' },
  { type: 'scaffolder' },
  {
    type: 'policy-exception',
    policyId: 'prod-db-high-availability',
    enforcement: 'soft-mandatory',
    entity: 'component:default/orders',
    environment: 'prod',
    environmentType: 'prod',
    ownerGroups: ['group:default/payments'],
    ownerUsers: ['user:default/tom.becker'],
    durationDays: 30,
  },
  {
    type: 'policy-exception',
    policyId: 'service-system-required',
    enforcement: 'soft-mandatory',
    entity: 'component:default/orders',
    ownerGroups: [],
    ownerUsers: [],
    durationDays: 1,
  },
];

/**
 * Checks that the schema accepts every shape of fact this engine builds, so
 * a schema edit that the TypeScript side does not follow is refused at load
 * instead of failing every request. Returns the problems found.
 */
export function checkFacts(schema: string): string[] {
  const principal = principalEntities(
    { userEntityRef: 'user:default/a', groups: ['group:default/b'] },
    new Map(),
  );
  const problems = new Set<string>();
  for (const resource of SAMPLE_RESOURCES) {
    const { entity } = resourceEntity(resource);
    const answer = cedar.checkParseEntities({
      entities: [...principal.entities, entity],
      schema,
    });
    if (answer.type === 'failure') {
      answer.errors.forEach(e => problems.add(e.message));
    }
  }
  const contexts = [
    requestContext(),
    requestContext({
      environment: 'prod',
      environmentType: 'prod',
      template: 'node-service',
      templateTags: ['recommended'],
    }),
  ];
  for (const action of policyActionSchema.options) {
    for (const context of contexts) {
      const answer = cedar.checkParseContext({
        context,
        schema,
        action: actionUid(action),
      });
      if (answer.type === 'failure') {
        answer.errors.forEach(e => problems.add(`${action}: ${e.message}`));
      }
    }
  }
  return [...problems];
}
