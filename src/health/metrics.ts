/**
 * Prometheus metrics in the text exposition format, without a client library: request counts by
 * route and status class, a latency histogram, database pool figures, job runs, memory (resident,
 * V8 heap), CPU time and uptime. One registry per app instance (each process is scraped separately).
 */
import crypto from 'node:crypto';
import v8 from 'node:v8';
import type { FastifyInstance } from 'fastify';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export interface Metrics {
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  jobRun(job: string, ok: boolean): void;
  render(extra?: { dbPool?: { total: number; idle: number; waiting: number } }): string;
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function createMetrics(): Metrics {
  const requests = new Map<string, number>();
  const latency = new Map<string, Histogram>();
  const jobs = new Map<string, number>();
  const started = Date.now();
  return {
    observeRequest(method, route, status, seconds) {
      const cls = `${Math.floor(status / 100)}xx`;
      const key = `${method}\u0000${route}\u0000${cls}`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
      const hk = `${method}\u0000${route}`;
      let h = latency.get(hk);
      if (!h) {
        h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
        latency.set(hk, h);
      }
      for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) h.counts[i]++;
      h.sum += seconds;
      h.count++;
    },
    jobRun(job, ok) {
      const key = `${job}\u0000${ok ? 'ok' : 'fehler'}`;
      jobs.set(key, (jobs.get(key) ?? 0) + 1);
    },
    render(extra = {}) {
      const out: string[] = [];
      out.push('# HELP da_http_requests_total HTTP requests by method, route and status class.', '# TYPE da_http_requests_total counter');
      for (const [k, n] of requests) {
        const [m, r, c] = k.split('\u0000');
        out.push(`da_http_requests_total{method="${esc(m)}",route="${esc(r)}",status="${c}"} ${n}`);
      }
      out.push('# HELP da_http_request_duration_seconds Time to answer, by method and route.', '# TYPE da_http_request_duration_seconds histogram');
      for (const [k, h] of latency) {
        const [m, r] = k.split('\u0000');
        const l = `method="${esc(m)}",route="${esc(r)}"`;
        BUCKETS.forEach((b, i) => out.push(`da_http_request_duration_seconds_bucket{${l},le="${b}"} ${h.counts[i]}`));
        out.push(`da_http_request_duration_seconds_bucket{${l},le="+Inf"} ${h.count}`);
        out.push(`da_http_request_duration_seconds_sum{${l}} ${h.sum}`, `da_http_request_duration_seconds_count{${l}} ${h.count}`);
      }
      out.push('# HELP da_job_runs_total Runs of scheduled jobs by result.', '# TYPE da_job_runs_total counter');
      for (const [k, n] of jobs) {
        const [j, r] = k.split('\u0000');
        out.push(`da_job_runs_total{job="${esc(j)}",result="${r}"} ${n}`);
      }
      if (extra.dbPool) {
        out.push('# HELP da_db_pool_connections Database pool connections.', '# TYPE da_db_pool_connections gauge');
        out.push(`da_db_pool_connections{state="total"} ${extra.dbPool.total}`, `da_db_pool_connections{state="idle"} ${extra.dbPool.idle}`);
        out.push(`da_db_pool_connections{state="waiting"} ${extra.dbPool.waiting}`);
      }
      const mem = process.memoryUsage();
      out.push('# HELP da_process_resident_memory_bytes Resident memory.', '# TYPE da_process_resident_memory_bytes gauge', `da_process_resident_memory_bytes ${mem.rss}`);
      out.push('# HELP da_nodejs_heap_used_bytes V8 heap in use (live objects and garbage not yet collected).', '# TYPE da_nodejs_heap_used_bytes gauge', `da_nodejs_heap_used_bytes ${mem.heapUsed}`);
      out.push('# HELP da_nodejs_heap_total_bytes V8 heap reserved.', '# TYPE da_nodejs_heap_total_bytes gauge', `da_nodejs_heap_total_bytes ${mem.heapTotal}`);
      out.push('# HELP da_nodejs_external_memory_bytes Memory of C++ objects bound to JavaScript objects (Buffers included).', '# TYPE da_nodejs_external_memory_bytes gauge', `da_nodejs_external_memory_bytes ${mem.external}`);
      out.push('# HELP da_nodejs_array_buffers_bytes Memory of ArrayBuffers and Buffers.', '# TYPE da_nodejs_array_buffers_bytes gauge', `da_nodejs_array_buffers_bytes ${mem.arrayBuffers}`);
      out.push('# HELP da_nodejs_heap_space_used_bytes V8 heap in use per space.', '# TYPE da_nodejs_heap_space_used_bytes gauge');
      for (const s of v8.getHeapSpaceStatistics()) out.push(`da_nodejs_heap_space_used_bytes{space="${esc(s.space_name)}"} ${s.space_used_size}`);
      const cpu = process.cpuUsage();
      out.push('# HELP da_process_cpu_seconds_total CPU time of the process, user and system.', '# TYPE da_process_cpu_seconds_total counter', `da_process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`);
      out.push('# HELP da_process_uptime_seconds Seconds since start.', '# TYPE da_process_uptime_seconds gauge', `da_process_uptime_seconds ${(Date.now() - started) / 1000}`);
      return `${out.join('\n')}\n`;
    },
  };
}

/**
 * Whether an `Authorization` header carries the metrics token. Both sides are hashed to SHA-256
 * first and compared with `crypto.timingSafeEqual`: equal lengths always, so neither the length nor
 * the position of the first wrong character shows in the answer time.
 */
export function metricsTokenStimmt(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return false;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const gegeben = crypto.createHash('sha256').update(m?.[1] ?? '').digest();
  const erwartet = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(gegeben, erwartet) && m !== null;
}

/**
 * `GET /metrics`. Needs `Authorization: Bearer <METRICS_TOKEN>` when METRICS_TOKEN is set and
 * always in production (without a configured token it then stays closed). Development and tests
 * without a token keep it open. The request hook that counts is registered at the root in app.ts.
 */
export async function metricsRoutes(app: FastifyInstance) {
  const metrics = app.metrics;
  const token = app.config.metricsToken;
  const tokenPflicht = token !== undefined || app.config.env === 'production';
  if (app.config.env === 'production' && !token) app.log.warn('/metrics ist gesperrt: METRICS_TOKEN ist nicht gesetzt (docs/operations.md, „Überwachung“)');
  app.get('/metrics', { config: { access: 'public' } }, async (req, reply) => {
    if (tokenPflicht && !metricsTokenStimmt(req.headers.authorization, token)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('Bearer token required\n');
    }
    const pool = (app.database.db as unknown as { $client?: { totalCount?: number; idleCount?: number; waitingCount?: number } }).$client;
    const dbPool = pool && typeof pool.totalCount === 'number' ? { total: pool.totalCount, idle: pool.idleCount ?? 0, waiting: pool.waitingCount ?? 0 } : undefined;
    return reply.type('text/plain; version=0.0.4; charset=utf-8').header('cache-control', 'no-store').send(metrics.render({ dbPool }));
  });
}
