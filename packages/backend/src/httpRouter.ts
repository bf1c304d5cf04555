import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createAuthIntegrationRouter,
  createCookieAuthRefreshMiddleware,
  createCredentialsBarrier,
  createLifecycleMiddleware,
  createRateLimitMiddleware,
  createWebSocketRouter,
} from '@backstage/backend-defaults/httpRouter';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { RETRY_AFTER_SECONDS, unavailableError } from '@pave/backend-common';
import type { ErrorRequestHandler } from 'express';
import Router from 'express-promise-router';

/**
 * An error middleware that turns an error meaning "the database is away for
 * now" (a restart, a failover, a cut connection) into a 503 with
 * `Retry-After`, for the error middleware after it to answer. Without it a
 * caller gets a 500 carrying the driver's message, the database's host and
 * port included. Every other error passes unchanged.
 */
export const unavailableAs503: ErrorRequestHandler = (
  error,
  _req,
  res,
  next,
) => {
  const unavailable = unavailableError(error);
  if (unavailable && !res.headersSent) {
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    next(unavailable);
    return;
  }
  next(error);
};

/**
 * Backstage's plugin HTTP router (`httpRouterServiceFactory` of
 * `@backstage/backend-defaults` 0.19, rebuilt from the parts it exports for
 * custom routers) with {@link unavailableAs503} before the error
 * middleware, so every plugin's routes, Backstage's and Pave's, answer a
 * database outage alike. Keep in step with Backstage's on upgrades.
 */
export const httpRouterFactory = createServiceFactory({
  service: coreServices.httpRouter,
  initialization: 'always',
  deps: {
    plugin: coreServices.pluginMetadata,
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    rootHttpRouter: coreServices.rootHttpRouter,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    logger: coreServices.logger,
  },
  async factory({
    auth,
    httpAuth,
    config,
    plugin,
    rootHttpRouter,
    lifecycle,
    logger,
  }) {
    const router = Router();
    router.use(createRateLimitMiddleware({ pluginId: plugin.getId(), config }));
    rootHttpRouter.use(`/api/${plugin.getId()}`, router);
    const credentialsBarrier = createCredentialsBarrier({ httpAuth, config });
    router.use(createAuthIntegrationRouter({ auth }));
    router.use(createLifecycleMiddleware({ config, lifecycle }));
    router.use(credentialsBarrier.middleware);
    router.use(createCookieAuthRefreshMiddleware({ auth, httpAuth }));
    const pluginRoutes = Router();
    router.use(pluginRoutes);
    router.use(unavailableAs503);
    router.use(MiddlewareFactory.create({ config, logger }).error());
    return {
      use(handler) {
        pluginRoutes.use(handler);
      },
      addWebSocketHandler: createWebSocketRouter({
        auth,
        config,
        lifecycle,
        logger,
        pluginId: plugin.getId(),
        rootHttpRouter,
      }),
      addAuthPolicy(policy) {
        credentialsBarrier.addAuthPolicy(policy);
      },
    };
  },
});
