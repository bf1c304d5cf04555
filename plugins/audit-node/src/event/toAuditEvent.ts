import type { AuditorEvent } from '@backstage/backend-defaults/auditor';
import { AuditActor, AuditEventInput } from '@pave/plugin-audit-common';
import { randomUUID } from 'node:crypto';
import { extractEntityRefs } from './entityRefs';
import {
  DEFAULT_MAX_META_BYTES,
  redactSecrets,
  redactUrlPath,
  sanitizeMeta,
} from './redact';

/** An error message longer than this is a dump, not a message. */
const MAX_ERROR_CHARS = 2000;

/** Options for {@link toAuditEvent}. @public */
export interface ToAuditEventOptions {
  /** Defaults to now. */
  time?: Date;
  /** Defaults to a random UUID. */
  id?: string;
  /** Metadata bound in canonical JSON bytes; {@link DEFAULT_MAX_META_BYTES}. */
  maxMetaBytes?: number;
}

/** Users are entity refs; anything else the auditor names is a service subject. */
function actorType(id: string | undefined): AuditActor['type'] {
  if (!id) {
    return 'unknown';
  }
  return id.startsWith('user:') ? 'user' : 'service';
}

function actorOf(actor: AuditorEvent['actor']): AuditActor {
  const id = actor.actorId;
  const result: AuditActor = { type: actorType(id) };
  if (id) result.id = id;
  if (actor.ip) result.ip = actor.ip;
  if (actor.userAgent) result.userAgent = actor.userAgent.slice(0, 512);
  return result;
}

function errorOf(error: unknown): string {
  const clean = redactSecrets(error);
  const text =
    clean && typeof clean === 'object' && 'message' in clean
      ? `${(clean as { name?: string }).name ?? 'Error'}: ${
          (clean as { message: string }).message
        }`
      : String(clean);
  return text.length > MAX_ERROR_CHARS
    ? `${text.slice(0, MAX_ERROR_CHARS)}…`
    : text;
}

/**
 * Turns what Backstage's `DefaultAuditorService` logs into the record the
 * audit store keeps: the entities it concerns are extracted first (from the
 * raw metadata and path), then secrets are redacted and huge metadata is
 * truncated, so nothing secret is ever queued, spooled or stored.
 *
 * @public
 */
export function toAuditEvent(
  event: AuditorEvent,
  options: ToAuditEventOptions = {},
): AuditEventInput {
  const path = event.request?.url;
  const result: AuditEventInput = {
    id: options.id ?? randomUUID(),
    time: (options.time ?? new Date()).toISOString(),
    eventId: event.eventId,
    plugin: event.plugin,
    severity: event.severityLevel,
    status: event.status,
    actor: actorOf(event.actor),
    entityRefs: extractEntityRefs(event.meta, path),
  };
  if (event.status === 'failed') {
    result.error = errorOf(event.error);
  }
  if (event.request) {
    result.request = {
      method: event.request.method,
      path: redactUrlPath(path ?? ''),
    };
  }
  const meta = sanitizeMeta(
    event.meta,
    options.maxMetaBytes ?? DEFAULT_MAX_META_BYTES,
  );
  if (meta) {
    result.meta = meta;
  }
  return result;
}
