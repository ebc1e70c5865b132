/** zod pieces every API uses: the error body and the ARS path parameter. */
import { z } from 'zod';

/** The body of every API error: `{ code, message, details }` (the error handler in app.ts). */
export const errorResponse = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.unknown()),
});

/** A Behörde's or area's key in a path: ARS of 3, 5, 9 or 12 digits. */
export const arsParam = z.object({
  ars: z.string().regex(/^(\d{3}|\d{5}|\d{9}|\d{12})$/, 'ARS: 3, 5, 9 or 12 digits'),
});
