/**
 * Liveness and readiness: `GET /livez` 200 while the process runs, `GET /healthz` 200 once the
 * platform is ready and the database answers (within DATABASE_CHECK_TIMEOUT_MS), else 503. During
 * the start both are answered by health/start-server.ts before this app exists. Probes come every
 * few seconds: they are logged from `warn` on only (their failures still show).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pingDatabase } from '../shared/db';

export interface Readiness {
  ready: boolean;
  /** What the start-up is doing now (shown while not ready). */
  step: string;
}

const healthSchema = z.object({
  status: z.enum(['ok', 'starting', 'error']),
  step: z.string().optional(),
  database: z.enum(['ok', 'error', 'unchecked']),
  engine: z.enum(['pglite', 'postgres']),
});

/** How long readiness waits for `select 1`: a probe must answer even when the database hangs. */
export const DATABASE_CHECK_TIMEOUT_MS = 2000;

export const healthRoutes = (readiness: Readiness) =>
  async function health(app: FastifyInstance) {
    app.get('/livez', { config: { access: 'public' }, logLevel: 'warn', schema: { tags: ['system'], summary: 'Liveness: 200 while the process runs' } }, async (_req, reply) =>
      reply.header('cache-control', 'no-store').send({ status: 'ok' }),
    );

    app.withTypeProvider<ZodTypeProvider>().get(
      '/healthz',
      {
        config: { access: 'public' },
        logLevel: 'warn',
        schema: {
          tags: ['system'],
          summary: 'Readiness: 200 once started and the database answers, else 503',
          response: { 200: healthSchema, 503: healthSchema },
        },
      },
      async (_req, reply) => {
        const engine = app.database.kind;
        reply.header('cache-control', 'no-store');
        if (!readiness.ready) return reply.code(503).send({ status: 'starting', step: readiness.step, database: 'unchecked', engine });
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            pingDatabase(app.database),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_CHECK_TIMEOUT_MS} ms`)), DATABASE_CHECK_TIMEOUT_MS);
            }),
          ]);
          return { status: 'ok', database: 'ok', engine } as const;
        } catch (err) {
          app.log.warn({ cause: (err as Error).message }, 'health check: database unreachable');
          return reply.code(503).send({ status: 'error', database: 'error', engine });
        } finally {
          clearTimeout(timer);
        }
      },
    );
  };
