import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { resolve } from 'node:path';
import { AuditJournal } from './AuditJournal';
import { SpoolFile } from './SpoolFile';

/**
 * The spool directory: `pave.audit.spoolDirectory`, else
 * `$PAVE_DATA_DIR/audit-spool`, else `../../data/audit-spool` — resolved
 * against the backend's working directory like Pave's other data.
 *
 * @public
 */
export function auditSpoolDirectory(config: Config): string {
  const configured = config.getOptionalString('pave.audit.spoolDirectory');
  return resolve(
    process.cwd(),
    configured ??
      resolve(process.env.PAVE_DATA_DIR ?? '../../data', 'audit-spool'),
  );
}

/**
 * The backend's one audit journal. Root-scoped, so every plugin's auditor
 * feeds the same queue and spool, and the audit plugin drains it into the
 * store. It exists from the first audit event on, before the audit plugin
 * starts; its shutdown hook spools whatever is still queued.
 *
 * @public
 */
export const auditJournalServiceRef = createServiceRef<AuditJournal>({
  id: 'pave.audit.journal',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
        lifecycle: coreServices.rootLifecycle,
      },
      factory({ config, logger, lifecycle }) {
        const audit = config.getOptionalConfig('pave.audit');
        const journal = new AuditJournal({
          spool: new SpoolFile(auditSpoolDirectory(config)),
          logger: logger.child({ service: 'pave-audit-journal' }),
          batchSize: audit?.getOptionalNumber('batchSize'),
          flushDelayMs: audit?.getOptionalNumber('flushDelayMs'),
          maxQueue: audit?.getOptionalNumber('maxQueue'),
          writeTimeoutMs: audit?.getOptionalNumber('writeTimeoutMs'),
          retryDelayMs: audit?.getOptionalNumber('retryDelayMs'),
        });
        lifecycle.addShutdownHook(() => journal.close());
        return journal;
      },
    }),
});
