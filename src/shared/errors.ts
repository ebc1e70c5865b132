/**
 * Domain errors. Services throw these; the error handler maps them to a German page or, under
 * /api, to JSON `{ code, message, details, reason? }`. Each has a stable generic `code` for
 * clients and logs; an error that has a domain reason (four eyes, duplicate, wrong step …) carries
 * it as `reason`, one of the codes in `fehlercodes.ts`.
 */
import type { Fehlercode, FehlercodeMit } from './fehlercodes';

export interface ErrorDetail {
  /** Where: a form field, a CSV column, a query parameter. */
  field?: string;
  /** Line in an uploaded or imported file (1-based). */
  line?: number;
  file?: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  constructor(
    message: string,
    readonly details: ErrorDetail[] = [],
    /** The domain code (`fehlercodes.ts`); the subclasses allow only the codes of their status. */
    readonly reason?: Fehlercode,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Thrown when the requested object does not exist (or must not be revealed). */
export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  readonly status = 404;
}

/** Thrown when the user is not logged in but the action needs a login. */
export class UnauthorizedError extends AppError {
  readonly code = 'UNAUTHORIZED';
  readonly status = 401;
}

/** Thrown when the logged-in user's role or Behörden do not allow the action. */
export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
  readonly status = 403;
  constructor(message: string, details?: ErrorDetail[], reason?: FehlercodeMit<403>) {
    super(message, details, reason);
  }
}

/** Thrown when the action conflicts with the current state (four eyes, duplicate, wrong step). */
export class ConflictError extends AppError {
  readonly code = 'CONFLICT';
  readonly status = 409;
  constructor(message: string, details?: ErrorDetail[], reason?: FehlercodeMit<409>) {
    super(message, details, reason);
  }
}

/** Thrown when input fails validation; `details` names every field or line. */
export class ValidationError extends AppError {
  readonly code = 'VALIDATION_FAILED';
  readonly status = 400;
}

/** Thrown while the platform is still starting (import running). */
export class NotReadyError extends AppError {
  readonly code = 'NOT_READY';
  readonly status = 503;
}
