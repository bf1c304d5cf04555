/*
 * The guardrails on infrastructure, case by case: for every rule, every
 * resource type it judges and every cloud, a plan record that breaks it and
 * one that keeps it. Both start from a real record the infra engine
 * rendered; a deny case changes one fact of it, so the rule that fires is
 * the only one that may. guardrails.test.ts runs every case, and
 * scripts/guardrail-table.ts counts them into the table in
 * policies/README.md.
 */
import {
  Cloud,
  DataClassification,
  EnvironmentType,
  ResourceType,
  SizeClass,
  Workload,
  workloadSchema,
} from '@pave/plugin-infra-common';
import { parseInput } from '@pave/common';
import {
  InfraResourceFacts,
  PolicyEvaluateRequest,
} from '@pave/plugin-policy-common';
import { planFacts, recordOf } from '../testUtils/plans';

/** The clouds the infra engine renders for. */
export const GUARDRAIL_CLOUDS: readonly Cloud[] = ['aws', 'gcp', 'azure'];

/** The resource types that become cloud resources, in the table's order. */
export const GUARDRAIL_TYPES: readonly ResourceType[] = [
  'postgres',
  'mysql',
  'redis',
  'queue',
  'topic',
  's3',
  'amqp',
];

/** Whether the engine renders `type` on `cloud` (GCP has no AMQP broker). */
export function offered(type: ResourceType, cloud: Cloud): boolean {
  return !(type === 'amqp' && cloud === 'gcp');
}

/** The record that holds a type's data: the one its guardrails judge. */
function mainRole(type: ResourceType, cloud: Cloud): string {
  switch (type) {
    case 'postgres':
    case 'mysql':
      return 'database';
    case 'redis':
      return 'cache';
    case 's3':
      return 'bucket';
    case 'amqp':
      // Amazon MQ is a broker; on Azure, AMQP is a Service Bus queue.
      return cloud === 'aws' ? 'broker' : 'queue';
    default:
      return type;
  }
}

/** One resource of each type the cloud offers, each named after its type. */
function guardrailWorkload(cloud: Cloud, size: SizeClass): Workload {
  const resources = Object.fromEntries(
    GUARDRAIL_TYPES.filter(type => offered(type, cloud)).map(type => [
      type,
      { type, class: size },
    ]),
  );
  return parseInput(
    workloadSchema,
    {
      apiVersion: 'score.dev/v1b1',
      metadata: { name: 'orders' },
      containers: { main: { image: 'registry.example.com/orders:1.0.0' } },
      resources,
    },
    'workload spec',
  );
}

type PlanKey = `${Cloud}/${EnvironmentType}/${SizeClass}/${string}`;
const plans = new Map<PlanKey, InfraResourceFacts[]>();

/**
 * The record of `type` in a real plan: for payments' `orders` service
 * (internal data unless `classification` says otherwise), every resource
 * sized `size`. Plans are rendered once and shared by every case.
 */
export function guardrailRecord(
  type: ResourceType,
  cloud: Cloud,
  environmentType: EnvironmentType,
  options: { size?: SizeClass; classification?: DataClassification } = {},
): InfraResourceFacts {
  const { size = 'medium', classification = 'internal' } = options;
  const key: PlanKey = `${cloud}/${environmentType}/${size}/${classification}`;
  let records = plans.get(key);
  if (!records) {
    records = planFacts(
      cloud,
      environmentType,
      guardrailWorkload(cloud, size),
      classification,
    );
    plans.set(key, records);
  }
  return recordOf(records, type, mainRole(type, cloud));
}

/** What one side of a case asks: provisioning records, as someone. */
export type GuardrailRequest = Pick<
  PolicyEvaluateRequest,
  'action' | 'resources'
> & { principal?: PolicyEvaluateRequest['principal'] };

/** A breaking and a compliant request for one rule, type and cloud. */
export interface GuardrailCase {
  policy: string;
  resourceType: ResourceType;
  cloud: Cloud;
  deny: GuardrailRequest;
  allow: GuardrailRequest;
}

const provision = (
  record: InfraResourceFacts,
  principal?: GuardrailRequest['principal'],
): GuardrailRequest => ({
  action: 'infra.provision',
  resources: [record],
  ...(principal ? { principal } : {}),
});

/** May run large classes in prod (policies/groups.json). */
const payments = {
  userEntityRef: 'user:default/tom.becker',
  groups: ['group:default/payments'],
};
/** Not listed in groups.json: no large classes in prod. */
const lending = {
  userEntityRef: 'user:default/lena.fischer',
  groups: ['group:default/lending'],
};

const DATABASES: readonly ResourceType[] = ['postgres', 'mysql'];

/** How one rule's cases are made from real records. */
interface GuardrailRule {
  policy: string;
  /** Whether the rule judges this type's main record on this cloud. */
  appliesTo(type: ResourceType, cloud: Cloud): boolean;
  /** The breaking and the compliant request. */
  cases(
    type: ResourceType,
    cloud: Cloud,
  ): { deny: GuardrailRequest; allow: GuardrailRequest };
}

const everyType = () => true;
const only =
  (...types: ResourceType[]) =>
  (type: ResourceType) =>
    types.includes(type);

/** A rule judged on one prod record, broken by changing some of its facts. */
function prodRule(
  policy: string,
  appliesTo: GuardrailRule['appliesTo'],
  breaking: Partial<InfraResourceFacts>,
): GuardrailRule {
  return {
    policy,
    appliesTo,
    cases: (type, cloud) => {
      const record = guardrailRecord(type, cloud, 'prod');
      return {
        deny: provision({ ...record, ...breaking }),
        allow: provision(record),
      };
    },
  };
}

/**
 * Encryption at rest or in transit: the prod-db-* rules judge production
 * databases, the general rule everything else, so a database's case for
 * the general rule is its dev record.
 */
function encryptionRule(
  policy: string,
  fact: 'encryptedAtRest' | 'encryptedInTransit',
): GuardrailRule {
  return {
    policy,
    appliesTo: everyType,
    cases: (type, cloud) => {
      const record = guardrailRecord(
        type,
        cloud,
        DATABASES.includes(type) ? 'dev' : 'prod',
      );
      return {
        deny: provision({ ...record, [fact]: false }),
        allow: provision(record),
      };
    },
  };
}

/** Every rule on infrastructure, with how its cases are made. */
const RULES: GuardrailRule[] = [
  prodRule('prod-approved-regions', everyType, { region: 'eu-central-1' }),
  {
    policy: 'nonprod-approved-regions',
    appliesTo: everyType,
    cases: (type, cloud) => {
      const record = guardrailRecord(type, cloud, 'dev');
      return {
        deny: provision({ ...record, region: 'us-east-1' }),
        allow: provision(record),
      };
    },
  },
  {
    policy: 'prod-large-needs-approved-team',
    appliesTo: everyType,
    cases: (type, cloud) => {
      const record = guardrailRecord(type, cloud, 'prod', { size: 'large' });
      return {
        deny: provision(record, lending),
        allow: provision(record, payments),
      };
    },
  },
  {
    policy: 'required-tags',
    appliesTo: everyType,
    cases: (type, cloud) => {
      const record = guardrailRecord(type, cloud, 'prod');
      const { 'data-classification': _dropped, ...tags } = record.tags;
      return {
        deny: provision({ ...record, tags }),
        allow: provision(record),
      };
    },
  },
  {
    policy: 'nonprod-expiry-tag',
    appliesTo: everyType,
    cases: (type, cloud) => {
      const record = guardrailRecord(type, cloud, 'dev');
      return {
        deny: provision(record),
        allow: provision({
          ...record,
          tags: { ...record.tags, 'expires-at': '2026-01-31' },
        }),
      };
    },
  },
  {
    // Internal data needs no customer-managed key; confidential data does.
    // Where the engine can render one for confidential data, the allow case
    // is that real record; where it cannot (Azure Cache for Redis, Amazon
    // MQ), the internal record it renders.
    policy: 'prod-cmk-for-confidential-data',
    appliesTo: everyType,
    cases: (type, cloud) => {
      const internal = guardrailRecord(type, cloud, 'prod');
      const confidential = guardrailRecord(type, cloud, 'prod', {
        classification: 'confidential',
      });
      return {
        deny: provision({ ...internal, dataClassification: 'confidential' }),
        allow: provision(
          confidential.customerManagedKey ? confidential : internal,
        ),
      };
    },
  },
  encryptionRule('encrypted-at-rest', 'encryptedAtRest'),
  encryptionRule('encrypted-in-transit', 'encryptedInTransit'),
  prodRule('prod-db-encrypted-at-rest', only(...DATABASES), {
    encryptedAtRest: false,
  }),
  prodRule('prod-db-encrypted-in-transit', only(...DATABASES), {
    encryptedInTransit: false,
  }),
  prodRule('prod-db-high-availability', only(...DATABASES), {
    highAvailability: false,
  }),
  prodRule('prod-db-backup-retention', only(...DATABASES), {
    backupRetentionDays: 7,
  }),
  prodRule('prod-db-deletion-protection', only(...DATABASES), {
    deletionProtection: false,
  }),
  prodRule('prod-no-public-network-path', type => type !== 's3', {
    exposure: 'public',
  }),
  prodRule('no-public-object-storage', only('s3'), { exposure: 'public' }),
  prodRule('prod-bucket-versioning', only('s3'), { versioning: false }),
  prodRule('prod-bucket-deletion-protection', only('s3'), {
    deletionProtection: false,
  }),
  prodRule('cache-eviction-policy', only('redis'), {
    evictionPolicy: 'noeviction',
  }),
  prodRule(
    'queue-dead-letter-queue',
    (type, cloud) =>
      type === 'queue' ||
      (type === 'amqp' && mainRole(type, cloud) === 'queue'),
    { deadLetterQueue: false },
  ),
];

/** The rule ids the guardrail cases cover, in the table's order. */
export const GUARDRAIL_POLICIES: readonly string[] = RULES.map(r => r.policy);

/**
 * Every case: each rule × each type it judges × each cloud that offers the
 * type. Built on first use (rendering the plans takes a moment).
 */
export function guardrailCases(): GuardrailCase[] {
  return RULES.flatMap(rule =>
    GUARDRAIL_TYPES.flatMap(resourceType =>
      GUARDRAIL_CLOUDS.filter(
        cloud =>
          offered(resourceType, cloud) && rule.appliesTo(resourceType, cloud),
      ).map(cloud => ({
        policy: rule.policy,
        resourceType,
        cloud,
        ...rule.cases(resourceType, cloud),
      })),
    ),
  );
}
