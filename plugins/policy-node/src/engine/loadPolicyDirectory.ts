import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { PolicyJson } from '@cedar-policy/cedar-wasm/nodejs';
import { describeIssues } from '@pave/common';
import {
  POLICY_ENFORCEMENTS,
  PolicyEnforcement,
  PolicyInfo,
  PolicySeverity,
  severityOf,
} from '@pave/plugin-policy-common';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { GroupFacts, checkFacts } from './entities';
import { describeCedarErrors, lineOfIndex } from './sourceErrors';

/** The schema file every policy is validated against. */
export const SCHEMA_FILE = 'schema.cedarschema';
/** Optional group facts (tier, largeInProd), keyed by group ref. */
export const GROUPS_FILE = 'groups.json';

/** A policy that passed every check, with the text Cedar will run. */
export interface LoadedPolicy extends PolicyInfo {
  text: string;
  /** Which requests it can apply to, by its scope (see {@link scopeOf}). */
  scope: PolicyScope;
}

/**
 * The actions and resource type a policy's scope admits; absent means any.
 * A request outside them can never match the policy.
 */
export interface PolicyScope {
  actions?: string[];
  resourceType?: string;
}

/** Reads a policy's scope from Cedar's JSON form of it. */
function scopeOf(json: PolicyJson): PolicyScope {
  const scope: PolicyScope = {};
  const action = json.action as {
    op: string;
    entity?: { id: string };
    entities?: Array<{ id: string }>;
  };
  if (action.op === '==' && action.entity) {
    scope.actions = [action.entity.id];
  } else if (action.op === 'in' && action.entities) {
    scope.actions = action.entities.map(e => e.id);
  }
  const resource = json.resource as {
    op: string;
    entity_type?: string;
    entity?: { type: string };
  };
  if (resource.op === 'is' && resource.entity_type) {
    scope.resourceType = resource.entity_type;
  } else if (resource.op === '==' && resource.entity) {
    scope.resourceType = resource.entity.type;
  }
  return scope;
}

/** Everything one load produced; used only when it is complete. */
export interface PolicyBundle {
  policies: LoadedPolicy[];
  groups: Map<string, GroupFacts>;
  /** The set's version: see {@link policySetDigest}. */
  digest: string;
}

/**
 * The content hash of a policy set: SHA-256 over every file the engine
 * read (schema, group facts, each `.cedar` file), by path, in path order.
 * The same files give the same digest on every replica and every reload;
 * any change to any of them gives another. `sha256:` and 64 hex digits.
 */
export function policySetDigest(
  files: Array<{ path: string; content: string }>,
): string {
  const hash = createHash('sha256');
  // Paths are unique: an ordinal order, the same under every locale.
  const inOrder = [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const { path, content } of inOrder) {
    const bytes = Buffer.from(content, 'utf8');
    // Lengths make the framing unambiguous: no two file lists hash alike.
    hash.update(`${path.length}:${path}\n${bytes.length}:`);
    hash.update(bytes);
  }
  return `sha256:${hash.digest('hex')}`;
}

/** A load either yields a complete bundle or every problem it found. */
export type PolicyLoad =
  | { ok: true; bundle: PolicyBundle }
  | { ok: false; errors: string[] };

const groupsFileSchema = z
  .object({
    groups: z
      .record(
        z.string(),
        z
          .object({ tier: z.string().min(1), largeInProd: z.boolean() })
          .strict(),
      )
      .superRefine((groups, ctx) => {
        // Checked here rather than as the record's key schema, whose issue
        // zod reports as a bare "Invalid key in record".
        for (const ref of Object.keys(groups)) {
          if (!/^group:[^/\s]+\/\S+$/.test(ref)) {
            ctx.addIssue({
              code: 'custom',
              path: [ref],
              message:
                'must be a group entity ref such as group:default/payments',
            });
          }
        }
      }),
  })
  .strict();

const ID_PATTERN = /^[a-z0-9][a-z0-9.-]*$/;
const FIELD_PATTERN = /^[a-zA-Z][\w.]{0,63}$/;
const SEVERITIES: PolicySeverity[] = ['deny', 'warn'];

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

async function listFiles(directory: string): Promise<string[]> {
  try {
    return await readdir(directory, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw error;
  }
}

function parseGroups(text: string | undefined, errors: string[]) {
  const groups = new Map<string, GroupFacts>();
  if (text === undefined) {
    return groups;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    errors.push(`${GROUPS_FILE}: ${(error as Error).message}`);
    return groups;
  }
  const parsed = groupsFileSchema.safeParse(json);
  if (!parsed.success) {
    errors.push(`${GROUPS_FILE}: ${describeIssues(parsed.error)}`);
    return groups;
  }
  for (const [ref, facts] of Object.entries(parsed.data.groups)) {
    groups.set(ref, facts);
  }
  return groups;
}

/**
 * A forbid's enforcement level: `@enforcement`, else what `@severity` says
 * (`deny` → hard-mandatory, `warn` → advisory). Both may be given when
 * they agree, so a pack can move to `@enforcement` one rule at a time.
 */
function enforcementOf(
  severity: string | undefined,
  enforcement: string | undefined,
  problems: string[],
): PolicyEnforcement | undefined {
  if (
    severity !== undefined &&
    !SEVERITIES.includes(severity as PolicySeverity)
  ) {
    problems.push('@severity ("deny" or "warn")');
    return undefined;
  }
  if (enforcement === undefined) {
    if (severity === undefined) {
      problems.push(
        '@enforcement ("advisory", "soft-mandatory" or "hard-mandatory") or @severity ("deny" or "warn")',
      );
      return undefined;
    }
    return severity === 'warn' ? 'advisory' : 'hard-mandatory';
  }
  if (!POLICY_ENFORCEMENTS.includes(enforcement as PolicyEnforcement)) {
    problems.push(
      '@enforcement ("advisory", "soft-mandatory" or "hard-mandatory")',
    );
    return undefined;
  }
  const level = enforcement as PolicyEnforcement;
  if (severity !== undefined && severity !== severityOf(level)) {
    problems.push(
      `@severity("${severity}") to agree with @enforcement("${level}"), or no @severity`,
    );
    return undefined;
  }
  return level;
}

/** The annotations Pave requires, checked on one policy. */
function readAnnotations(
  where: string,
  json: PolicyJson,
  errors: string[],
): Omit<PolicyInfo, 'file' | 'line'> | undefined {
  const annotations = json.annotations ?? {};
  const { id, message, severity, enforcement, field, remediation } =
    annotations;
  const problems: string[] = [];
  if (!id || !ID_PATTERN.test(id)) {
    problems.push('@id (lower-case letters, digits, dots and dashes)');
  }
  let level: PolicyEnforcement | undefined;
  // A permit never explains a denial, so it needs no message or severity.
  if (json.effect === 'forbid') {
    if (!message) {
      problems.push('@message');
    }
    level = enforcementOf(severity, enforcement, problems);
    if (field !== undefined && !FIELD_PATTERN.test(field)) {
      problems.push('@field to be a form field name such as "owner"');
    }
  }
  if (problems.length > 0) {
    errors.push(`${where}: ${json.effect} policy needs ${problems.join(', ')}`);
    return undefined;
  }
  return json.effect === 'forbid' && level
    ? {
        id,
        effect: 'forbid',
        message,
        severity: severityOf(level),
        enforcement: level,
        ...(field ? { field } : {}),
        ...(remediation ? { remediation } : {}),
      }
    : { id, effect: 'permit' };
}

/** Parses and validates one `.cedar` file; returns its policies. */
function loadFile(
  file: string,
  text: string,
  schema: string | undefined,
  errors: string[],
): LoadedPolicy[] {
  const parsed = cedar.checkParsePolicySet({ staticPolicies: text });
  if (parsed.type === 'failure') {
    errors.push(...describeCedarErrors(file, text, parsed.errors));
    return [];
  }
  if (schema !== undefined) {
    // Validating the file as one set keeps Cedar's locations file-relative.
    const answer = cedar.validate({
      schema,
      policies: { staticPolicies: text },
      validationSettings: { mode: 'strict' },
    });
    const problems =
      answer.type === 'failure'
        ? answer.errors
        : answer.validationErrors.map(e => e.error);
    if (problems.length > 0) {
      errors.push(...describeCedarErrors(file, text, problems));
      return [];
    }
  }
  const parts = cedar.policySetTextToParts(text);
  if (parts.type === 'failure') {
    errors.push(...describeCedarErrors(file, text, parts.errors));
    return [];
  }
  if (parts.policy_templates.length > 0) {
    errors.push(`${file}: policy templates are not supported`);
  }
  const policies: LoadedPolicy[] = [];
  for (const part of parts.policies) {
    // Cedar hands back each policy's original text, so it can be found.
    const line = lineOfIndex(text, Math.max(0, text.indexOf(part)))[0];
    const json = cedar.policyToJson(part);
    if (json.type === 'failure') {
      errors.push(...describeCedarErrors(`${file}:${line}`, part, json.errors));
      continue;
    }
    const info = readAnnotations(`${file}:${line}`, json.json, errors);
    if (info) {
      policies.push({
        ...info,
        file,
        line,
        text: part,
        scope: scopeOf(json.json),
      });
    }
  }
  return policies.sort((a, b) => a.line - b.line);
}

function isUnconditionalPermit(policy: LoadedPolicy): boolean {
  const answer = cedar.policyToJson(policy.text);
  if (answer.type === 'failure' || answer.json.effect !== 'permit') {
    return false;
  }
  const { principal, action, resource, conditions } = answer.json;
  return (
    principal.op === 'All' &&
    action.op === 'All' &&
    resource.op === 'All' &&
    conditions.length === 0
  );
}

/**
 * Reads every `.cedar` file under `directory` (recursively), the Cedar schema
 * and the group facts, and checks all of it: syntax, schema validation, the
 * `@id`/`@message`/`@severity` annotations, unique ids, a baseline permit,
 * and that the schema accepts the facts the engine builds. Problems come back
 * as `file:line:column: message` strings; nothing is thrown for bad input.
 */
export async function loadPolicyDirectory(
  directory: string,
): Promise<PolicyLoad> {
  const errors: string[] = [];
  const schema = await readOptional(join(directory, SCHEMA_FILE));
  let validSchema: string | undefined;
  if (schema === undefined) {
    errors.push(`${SCHEMA_FILE}: not found in ${directory}`);
  } else {
    const parsed = cedar.checkParseSchema(schema);
    if (parsed.type === 'failure') {
      errors.push(...describeCedarErrors(SCHEMA_FILE, schema, parsed.errors));
    } else {
      validSchema = schema;
      errors.push(
        ...checkFacts(schema).map(
          p =>
            `${SCHEMA_FILE}: does not accept the facts the engine sends: ${p}`,
        ),
      );
    }
  }
  const groupsText = await readOptional(join(directory, GROUPS_FILE));
  const groups = parseGroups(groupsText, errors);
  const read: Array<{ path: string; content: string }> = [
    ...(schema === undefined ? [] : [{ path: SCHEMA_FILE, content: schema }]),
    ...(groupsText === undefined
      ? []
      : [{ path: GROUPS_FILE, content: groupsText }]),
  ];

  const files = (await listFiles(directory))
    .filter(name => name.endsWith('.cedar'))
    .sort();
  if (files.length === 0) {
    errors.push(`${directory}: no .cedar policy files`);
  }
  const policies: LoadedPolicy[] = [];
  for (const file of files) {
    const text = await readFile(join(directory, file), 'utf8');
    read.push({ path: file, content: text });
    policies.push(...loadFile(file, text, validSchema, errors));
  }

  const seen = new Map<string, LoadedPolicy>();
  for (const policy of policies) {
    const first = seen.get(policy.id);
    if (first) {
      errors.push(
        `${policy.file}:${policy.line}: @id("${policy.id}") is already used at ${first.file}:${first.line}`,
      );
    }
    seen.set(policy.id, policy);
  }
  if (policies.length > 0 && !policies.some(isUnconditionalPermit)) {
    errors.push(
      'no `permit (principal, action, resource);` policy: every request would be denied without a rule to name',
    );
  }

  if (errors.length > 0 || validSchema === undefined) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    bundle: { policies, groups, digest: policySetDigest(read) },
  };
}
