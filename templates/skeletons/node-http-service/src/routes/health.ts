import type { FastifyInstance } from 'fastify';
import type { Readiness } from '../readiness';

/**
 * `GET /healthz` (liveness: the event loop answers) and `GET /readyz`
 * (readiness: 200 or 503 with the report). Probes are not logged.
 */
export function registerHealthRoutes(app: FastifyInstance, readiness: Readiness): void {
  app.get('/healthz', { logLevel: 'silent' }, () => ({ status: 'ok' }));

  app.get('/readyz', { logLevel: 'silent' }, async (_request, reply) => {
    const report = await readiness.check();
    return reply.code(report.ready ? 200 : 503).send(report);
  });
}
