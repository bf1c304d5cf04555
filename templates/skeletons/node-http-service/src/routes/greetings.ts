import { metrics, trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

const querySchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
});

/**
 * `GET /v1/greetings?name=Ada`, the example route: input parsed at the edge
 * (a bad query is a 400 naming the field), a span around the work, a log
 * line that carries its trace id and a counter. Replace it with your own.
 */
export function registerGreetingRoutes(app: FastifyInstance, serviceName: string): void {
  // Taken when routes are registered, after the preloaded SDK set the providers.
  const tracer = trace.getTracer(serviceName);
  const greetings = metrics.getMeter(serviceName).createCounter('greetings', {
    description: 'Greetings served',
  });

  app.get('/v1/greetings', async (request, reply) => {
    const query = querySchema.safeParse(request.query);
    if (!query.success) {
      return reply.code(400).send({
        error: 'invalid query',
        issues: query.error.issues.map(issue => ({ field: issue.path.join('.'), message: issue.message })),
      });
    }
    return tracer.startActiveSpan('compose greeting', span => {
      try {
        const message = `Hello, ${query.data.name}!`;
        request.log.info({ length: message.length }, 'greeted');
        greetings.add(1);
        return { message };
      } finally {
        span.end();
      }
    });
  });
}
