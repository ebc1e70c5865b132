/**
 * Characters no field may contain: NUL (PostgreSQL text and jsonb refuse it, so it would end as a
 * database error) and lone UTF-16 surrogates (not Unicode text at all; a JSON body can carry them
 * as `"\ud800"`, and PostgreSQL's jsonb refuses them too). Refusing them at the edge turns what
 * would be a 500 deep in a repository into a 400 that names the field.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ValidationError } from './errors';
import { isApiRequest } from './web';

const UNZULAESSIG = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string in `value` with a NUL or a lone surrogate (also in keys), or undefined. */
export function findUnzulaessigesZeichen(value: unknown, path: string, tiefe = 0): string | undefined {
  if (typeof value === 'string') return UNZULAESSIG.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object' || tiefe > 20 || Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return undefined;
  if (typeof (value as { pipe?: unknown }).pipe === 'function') return undefined; // a stream body (XZuFi API)
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    if (UNZULAESSIG.test(k)) return p;
    const hit = findUnzulaessigesZeichen(v, p, tiefe + 1);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * preValidation hook of the app (every route): refuses path parameters, query and body with NUL or
 * lone surrogates with 400 and the field's name (German on pages, English under /api). A callback
 * hook: no promise for the many requests that have nothing to check.
 */
export function unzulaessigeZeichenAblehnen(req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  // Without a body and without percent escapes, path and query are plain ASCII from the request
  // line (the HTTP parser refuses raw NUL): nothing to look for. Keeps the signet path cheap.
  if (req.body === undefined && !req.url.includes('%')) return done();
  try {
    pruefeZeichen(req);
    done();
  } catch (e) {
    done(e as Error);
  }
}

function pruefeZeichen(req: FastifyRequest): void {
  for (const [teil, wert] of [
    ['params', req.params],
    ['query', req.query],
    ['body', req.body],
  ] as const) {
    const feld = findUnzulaessigesZeichen(wert, '');
    if (feld === undefined) continue;
    const name = feld || teil;
    if (isApiRequest(req)) {
      throw new ValidationError(`Field "${name}" (${teil}) contains a NUL character or an unpaired UTF-16 surrogate`, [{ field: name, message: 'contains a NUL character or an unpaired surrogate' }]);
    }
    throw new ValidationError(`Das Feld „${name}“ enthält ein unzulässiges Steuerzeichen (NUL oder ungültiges Unicode-Zeichen). Bitte entfernen Sie es und senden Sie erneut.`, [
      { field: name, message: `„${name}“: unzulässiges Steuerzeichen` },
    ]);
  }
}
