import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { Readiness } from './readiness';
import { registerGreetingRoutes } from './routes/greetings';
import { registerHealthRoutes } from './routes/health';

/** What {@link buildApp} needs; tests hand in their own. */
export interface AppOptions {
  serviceName: string;
  /** A pino logger; typed as Fastify's so route modules take a plain FastifyInstance. */
  logger: FastifyBaseLogger;
  readiness: Readiness;
}

/** The HTTP API, not yet listening. */
export function buildApp(options: AppOptions) {
  const app = Fastify({
    loggerInstance: options.logger,
    // While closing, new requests on kept-alive connections get a 503 and retry elsewhere.
    return503OnClosing: true,
  });
  registerHealthRoutes(app, options.readiness);
  registerGreetingRoutes(app, options.serviceName);
  return app;
}
