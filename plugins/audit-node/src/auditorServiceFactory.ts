import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { DefaultAuditorService } from '@backstage/backend-defaults/auditor';
import { Config } from '@backstage/config';
import { AuditSeverity } from '@pave/plugin-audit-common';
import { toAuditEvent } from './event/toAuditEvent';
import { auditJournalServiceRef } from './journal/auditJournalServiceRef';

type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const DEFAULT_LEVELS: Record<AuditSeverity, LogLevel> = {
  low: 'debug',
  medium: 'info',
  high: 'info',
  critical: 'info',
};

/** Backstage's `backend.auditor.severityLogLevelMappings`, honoured as its factory does. */
function severityLogLevels(config: Config): Record<AuditSeverity, LogLevel> {
  const levels = { ...DEFAULT_LEVELS };
  for (const severity of Object.keys(levels) as AuditSeverity[]) {
    const level = config.getOptionalString(
      `backend.auditor.severityLogLevelMappings.${severity}`,
    );
    if (level !== undefined) {
      if (!['debug', 'info', 'warn', 'error'].includes(level)) {
        throw new Error(
          `backend.auditor.severityLogLevelMappings.${severity} must be debug, info, warn or error, not '${level}'`,
        );
      }
      levels[severity] = level as LogLevel;
    }
  }
  return levels;
}

function log(
  logger: LoggerService,
  level: LogLevel,
  message: string,
  fields: Record<string, unknown>,
) {
  logger[level](message, fields as any);
}

/**
 * Whether the caller waits until the event is durable. An action's outcome
 * (succeeded or failed, severity medium and above: writes, decisions,
 * permission changes) does: when the request answers, its record is on
 * disk. An initiated event does not: its outcome follows, and the journal
 * writes in order, so the outcome's durability covers it. Nor does a
 * low-severity event, a read ("normal usage"): it is journaled in order
 * within milliseconds, and a request that changes nothing does not wait on
 * the trail's disk.
 */
export function waitsForDurability(record: {
  status: string;
  severity: string;
}): boolean {
  return record.status !== 'initiated' && record.severity !== 'low';
}

/**
 * Replaces Backstage's default auditor: every plugin's audit events —
 * catalog, scaffolder, permission and Pave's own — are still logged as the
 * default auditor logs them, and are appended to the audit journal; an
 * action's outcome is durable before the auditor returns (see
 * {@link waitsForDurability}). The event is redacted
 * before either happens, so the logs carry no secrets either.
 *
 * Add it to the backend with `backend.add(auditorServiceFactory)`.
 *
 * @public
 */
export const auditorServiceFactory = createServiceFactory({
  service: coreServices.auditor,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.logger,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    plugin: coreServices.pluginMetadata,
    journal: auditJournalServiceRef,
  },
  factory({ config, logger, auth, httpAuth, plugin, journal }) {
    const auditLogger = logger.child({ isAuditEvent: true });
    const levels = severityLogLevels(config);
    const maxMetaBytes = config.getOptionalNumber('pave.audit.maxMetaBytes');
    return DefaultAuditorService.create(
      async event => {
        const record = toAuditEvent(event, { maxMetaBytes });
        const { id, time, entityRefs, ...fields } = record;
        log(
          auditLogger,
          levels[record.severity],
          `${record.plugin}.${record.eventId}`,
          {
            ...fields,
            auditEventUid: id,
          },
        );
        const durable = journal.append(record);
        if (!waitsForDurability(record)) {
          durable.catch(error =>
            auditLogger.error(
              `${record.plugin}.${record.eventId} not journaled`,
              { auditEventUid: id, error: (error as Error).message },
            ),
          );
          return;
        }
        await durable;
      },
      { plugin, auth, httpAuth },
    );
  },
});
