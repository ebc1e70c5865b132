/** Liveness and readiness: `GET /healthz` answers 200 once the platform is ready and the database answers. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

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

export const healthRoutes = (readiness: Readiness) =>
  async function health(app: FastifyInstance) {
    app.get('/livez', { config: { access: 'public' }, schema: { tags: ['system'], summary: 'Liveness: 200 while the process runs' } }, async (_req, reply) =>
      reply.header('cache-control', 'no-store').send({ status: 'ok' }),
    );

    app.withTypeProvider<ZodTypeProvider>().get(
      '/healthz',
      {
        config: { access: 'public' },
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
        try {
          await app.database.query('select 1');
          return { status: 'ok', database: 'ok', engine } as const;
        } catch (err) {
          app.log.error({ err }, 'health check: database unreachable');
          return reply.code(503).send({ status: 'error', database: 'error', engine });
        }
      },
    );
  };
