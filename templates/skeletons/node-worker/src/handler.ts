import { z } from 'zod';
import { type MessageHandler, PermanentError } from './consumer';

/** The example job: the body every message must have. Replace with yours. */
export const jobSchema = z.object({
  id: z.string().min(1),
  kind: z.literal('example'),
  payload: z.record(z.string(), z.unknown()).default({}),
});

/** A parsed job. */
export type Job = z.infer<typeof jobSchema>;

/**
 * The example handler: parses the body at the edge and hands the job to
 * `work`. A body that does not parse can never succeed, so it is a
 * {@link PermanentError} (dead-lettered at once); anything `work` throws is
 * retried. Messages come at least once: `work` must be idempotent, e.g.
 * keyed on `job.id`.
 */
export function createJobHandler(work: (job: Job) => Promise<void>): MessageHandler {
  return async (message, { logger }) => {
    let body: unknown;
    try {
      body = JSON.parse(message.body);
    } catch (error) {
      throw new PermanentError('body is not JSON', { cause: error });
    }
    const job = jobSchema.safeParse(body);
    if (!job.success) {
      const issues = job.error.issues.map(i => `${i.path.join('.') || 'body'}: ${i.message}`);
      throw new PermanentError(`body is not a job: ${issues.join('; ')}`);
    }
    await work(job.data);
    logger.info({ job_id: job.data.id }, 'job done');
  };
}
