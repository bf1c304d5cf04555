import { z } from 'zod';
import { PolicyEnforcement } from './response';

/**
 * Whether a path inside a policy directory is part of the set a reload
 * reads: `schema.cedarschema`, `groups.json` or a `.cedar` file.
 *
 * @public
 */
export function isPolicySetFile(path: string): boolean {
  return (
    path === 'schema.cedarschema' ||
    path === 'groups.json' ||
    path.endsWith('.cedar')
  );
}

/**
 * One file of a draft policy set, by its path relative to the policy
 * directory: `schema.cedarschema`, `groups.json` or a `.cedar` file
 * (sub-directories allowed).
 *
 * @public
 */
export const draftPolicyFileSchema = z
  .object({
    path: z
      .string()
      .max(200, 'must be at most 200 characters')
      .regex(
        /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/,
        'must be a relative path of letters, digits, dots, dashes and underscores, without .. or a leading dot',
      )
      .refine(isPolicySetFile, {
        message: 'must be schema.cedarschema, groups.json or a .cedar file',
      }),
    content: z.string().max(512 * 1024, 'must be at most 512 KiB'),
  })
  .strict();

/**
 * Body of `POST /api/policy/what-if`: the whole draft set, as the policy
 * directory would hold it.
 *
 * @public
 */
export const whatIfRequestSchema = z
  .object({
    files: z
      .array(draftPolicyFileSchema)
      .min(1, 'must hold the draft policy set')
      .max(500, 'must be at most 500 files')
      .superRefine((files, ctx) => {
        const seen = new Set<string>();
        files.forEach((file, index) => {
          if (seen.has(file.path)) {
            ctx.addIssue({
              code: 'custom',
              path: [index, 'path'],
              message: `${file.path} is listed twice`,
            });
          }
          seen.add(file.path);
        });
        // A file cannot also be a directory of others.
        files.forEach((file, index) => {
          const parts = file.path.split('/');
          for (let i = 1; i < parts.length; i++) {
            const parent = parts.slice(0, i).join('/');
            if (seen.has(parent)) {
              ctx.addIssue({
                code: 'custom',
                path: [index, 'path'],
                message: `${file.path} is under ${parent}, which is a file`,
              });
            }
          }
        });
      }),
  })
  .strict();

/** @public */
export type WhatIfRequest = z.infer<typeof whatIfRequestSchema>;

/**
 * One verdict that changes: a rule that fires under the draft and not
 * under the set in force (`deny`), or the other way round (`allow`).
 *
 * @public
 */
export interface WhatIfFinding {
  change: 'deny' | 'allow';
  /** The component or template judged. */
  entityRef: string;
  /** The environment, for infrastructure. */
  environment?: string;
  /** The resource the rule fired on (`prod/aws_db_instance.db`). */
  resource: string;
  message: string;
}

/** One rule whose verdicts change. @public */
export interface WhatIfRule {
  policyId: string;
  /** How the rule is enforced in the draft (in force, for a removed rule). */
  enforcement?: PolicyEnforcement;
  /** `added`, `removed` or `kept` in the draft. */
  status: 'added' | 'removed' | 'kept';
  /**
   * Entities (components, templates) it would newly block, and newly stop
   * blocking, on any of their resources.
   */
  newlyDenied: number;
  newlyAllowed: number;
  /** Advisory rules: entities newly reported and no longer reported. */
  newlyWarned: number;
  noLongerWarned: number;
  findings: WhatIfFinding[];
}

/**
 * Answer of `POST /api/policy/what-if` (200): every component ×
 * environment (from the catalog's Resources, as the Compliance tab plans
 * them), every service and every template judged by the set in force and by
 * the draft. A draft that does not load is a 422 `{ loaded: false, errors }`
 * with `file:line:column`, and nothing is judged.
 *
 * @public
 */
export interface WhatIfReport {
  currentPolicySet: string;
  draftPolicySet: string;
  judged: { components: number; environments: number; templates: number };
  /** Components or environments that could not be planned (bad Resources). */
  unplanned: number;
  /** Only the rules whose verdicts change, most newly denied first. */
  rules: WhatIfRule[];
  /** Entities whose overall decision flips from allow to deny, and back. */
  entitiesNewlyDenied: number;
  entitiesNewlyAllowed: number;
  durationMs: number;
  ranAt: string;
}
