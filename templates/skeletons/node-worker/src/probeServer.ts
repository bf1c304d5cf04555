import http from 'node:http';
import type { Readiness } from './readiness';

/**
 * The small HTTP server Kubernetes probes: `GET /healthz` (the event loop
 * answers) and `GET /readyz` (200 or 503 with the report). Nothing else is
 * served, and nothing but the kubelet should reach it.
 */
export function createProbeServer(readiness: Readiness): http.Server {
  return http.createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const path = request.url?.split('?')[0];
    if (request.method !== 'GET') return send(405, { error: 'method not allowed' });
    if (path === '/healthz') return send(200, { status: 'ok' });
    if (path !== '/readyz') return send(404, { error: 'not found' });
    readiness.check().then(
      report => send(report.ready ? 200 : 503, report),
      (error: unknown) => send(503, { ready: false, error: String(error) }),
    );
  });
}
