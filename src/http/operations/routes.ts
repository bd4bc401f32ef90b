import type { FastifyPluginAsync } from 'fastify';
import type { MetricsAccess } from '../../config.ts';
import { NotFoundError } from '../../domain/shared/errors.ts';
import { operationsPaths } from '../../paths/site.ts';
import { metricsGate } from './metrics-access.ts';
import type { AppMetrics } from './metrics.ts';
import { checkReadiness, type ReadinessCheck } from './readiness.ts';

export interface OperationsOptions {
  /** What `/readyz` asks; listed by whoever opened the database (and later Redis), never edited here. */
  readonly readiness: readonly ReadinessCheck[];
  readonly metrics: AppMetrics;
  readonly access: MetricsAccess;
}

/** Neither a browser nor a CDN may keep an operator's answer: each must say how the process is now. */
const NO_STORE = 'no-store';

/**
 * The operator's endpoints: `/healthz` (the process answers), `/readyz` (it may take traffic: the
 * database answers and its schema is current, and it is not shutting down) and `/metrics`
 * (Prometheus, for the addresses and the token the configuration names). The page cache never
 * holds them (page-cache/address.ts).
 */
export const operationsRoutes: FastifyPluginAsync<OperationsOptions> = async (app, { readiness, metrics, access }) => {
  // Fastify answers requests that arrive while it closes with a 503 itself (return503OnClosing);
  // this covers a readiness check already under way when SIGTERM came.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  app.get(operationsPaths.health, async (_request, reply) =>
    reply.header('cache-control', NO_STORE).type('text/plain; charset=utf-8').send('ok'),
  );

  app.get(operationsPaths.ready, async (_request, reply) => {
    const { ready, checks } = await checkReadiness(readiness);
    const status = closing ? 'shutting down' : ready ? 'ready' : 'not ready';
    return reply
      .code(status === 'ready' ? 200 : 503)
      .header('cache-control', NO_STORE)
      .send({ status, checks });
  });

  const mayRead = metricsGate(access);
  app.get(operationsPaths.metrics, async (request, reply) => {
    // 404 rather than 403: a 403 would tell anyone who asks that this server runs Broadsheet and
    // where its metrics are. Refused, the request gets exactly what an address with nothing at it
    // gets (the not-found page), so the endpoint cannot be told from one that does not exist.
    if (!mayRead({ ip: request.ip, authorization: request.headers.authorization })) throw new NotFoundError('Page');
    const { text, contentType } = await metrics.scrape();
    return reply.header('cache-control', NO_STORE).type(contentType).send(text);
  });
};
