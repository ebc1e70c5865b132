/** zod pieces every API uses: the error body and the ARS path parameter. */
import { z } from 'zod';
import { FEHLERCODE_LISTE, FEHLERCODES } from './fehlercodes';

/** The body of every API error: `{ code, reason?, message, details }` (the error handler in app.ts). */
export const errorResponse = z.object({
  code: z.string().describe('Generic code: VALIDATION_FAILED, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, RATE_LIMITED, CSRF_INVALID, NOT_READY, DATABASE_UNAVAILABLE, INTERNAL …'),
  reason: z
    .enum(FEHLERCODE_LISTE)
    .optional()
    .describe(
      `Domain code: why the request was refused, when the error has one (stable; docs/api.md). ${FEHLERCODE_LISTE.map((c) => `${c} (${FEHLERCODES[c].status}): ${FEHLERCODES[c].en}`).join(' · ')}`,
    ),
  message: z.string(),
  details: z.array(z.unknown()),
});

/** A Behörde's or area's key in a path: ARS of 3, 5, 9 or 12 digits. */
export const arsParam = z.object({
  ars: z.string().regex(/^(\d{3}|\d{5}|\d{9}|\d{12})$/, 'ARS: 3, 5, 9 or 12 digits'),
});
