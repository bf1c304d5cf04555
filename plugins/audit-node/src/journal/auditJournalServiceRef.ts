import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { resolve } from 'node:path';
import { AuditJournal } from './AuditJournal';
import { SpoolFile } from './SpoolFile';
import { SpoolLock } from './SpoolLock';

/**
 * The spool directory: `pave.audit.spoolDirectory`, else
 * `$PAVE_DATA_DIR/audit-spool`, else `../../data/audit-spool` — resolved
 * against the backend's working directory like Pave's other data. Each
 * backend process needs its own (see {@link SpoolLock}).
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
      async factory({ config, logger, lifecycle }) {
        const audit = config.getOptionalConfig('pave.audit');
        const directory = auditSpoolDirectory(config);
        const journalLogger = logger.child({ service: 'pave-audit-journal' });
        // One writer per spool: replicas sharing one would lose events.
        const lock = new SpoolLock(directory, { logger: journalLogger });
        await lock.acquire();
        const journal = new AuditJournal({
          spool: new SpoolFile(directory),
          logger: journalLogger,
          batchSize: audit?.getOptionalNumber('batchSize'),
          flushDelayMs: audit?.getOptionalNumber('flushDelayMs'),
          maxQueue: audit?.getOptionalNumber('maxQueue'),
          writeTimeoutMs: audit?.getOptionalNumber('writeTimeoutMs'),
          retryDelayMs: audit?.getOptionalNumber('retryDelayMs'),
        });
        lifecycle.addShutdownHook(async () => {
          await journal.close();
          await lock.release();
        });
        return journal;
      },
    }),
});
