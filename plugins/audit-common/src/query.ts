import { z } from 'zod';
import { normalizeEntityRef } from './entityRef';

/**
 * Page sizes of `GET /events`; the export streams without a limit.
 *
 * @public
 */
export const AUDIT_DEFAULT_PAGE_SIZE = 50;
/** @public */
export const AUDIT_MAX_PAGE_SIZE = 500;

const name = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits, ".", "_", ":" and "-" only');

/**
 * Query parameters of `GET /api/audit/events` and `/events/export`. Unknown
 * parameters are refused, so a misspelt filter never widens the answer to
 * everything.
 *
 * @public
 */
export const auditEventsQuerySchema = z
  .strictObject({
    entityRef: z
      .string()
      .transform((value, ctx) => {
        const ref = normalizeEntityRef(value);
        if (!ref) {
          ctx.addIssue({
            code: 'custom',
            message: 'expected an entity ref like component:default/name',
          });
          return z.NEVER;
        }
        return ref;
      })
      .optional(),
    actor: z.string().trim().min(1).max(255).optional(),
    eventId: name.optional(),
    plugin: name.optional(),
    status: z.enum(['initiated', 'succeeded', 'failed']).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    cursor: z
      .string()
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/, 'not a cursor this API returned')
      .optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(AUDIT_MAX_PAGE_SIZE)
      .default(AUDIT_DEFAULT_PAGE_SIZE),
    order: z.enum(['asc', 'desc']).default('desc'),
  })
  .refine(q => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    path: ['to'],
    message: 'must not be before from',
  });

/**
 * Parsed `GET /events` query: filters are ANDed; `from` is inclusive, `to`
 * exclusive; `order` is by sequence number.
 *
 * @public
 */
export type AuditEventsQuery = z.output<typeof auditEventsQuerySchema>;

/**
 * What a client may send: every field optional, as strings or numbers.
 *
 * @public
 */
export type AuditEventsQueryInput = z.input<typeof auditEventsQuerySchema>;
