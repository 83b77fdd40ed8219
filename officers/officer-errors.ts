/**
 * Typed errors of the officer side. Each carries an HTTP status so the API maps it in one place,
 * and a `cause` where one exists.
 */

/** Base class: an error the officer API can show (its message is safe to return). */
export class OfficerError extends Error {
  constructor(
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The hand-off is not in a state that allows the requested change. */
export class InvalidTransitionError extends OfficerError {
  constructor(
    readonly handoffId: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`hand-off cannot go from ${from} to ${to}`, 409);
  }
}

/** No such hand-off (or not visible). */
export class HandoffNotFoundError extends OfficerError {
  constructor(readonly handoffId: string) {
    super('hand-off not found', 404);
  }
}

/** The officer may not do this to this hand-off (not the assignee, role too low). */
export class ForbiddenActionError extends OfficerError {
  constructor(message = 'not allowed') {
    super(message, 403);
  }
}

/** Invalid input that passed the schema (unknown officer, unknown conversation). */
export class NotFoundError extends OfficerError {
  constructor(message: string) {
    super(message, 404);
  }
}

/** A message could not reach the resident; it is kept and can be retried. */
export class DeliveryError extends OfficerError {
  constructor(
    readonly handoffId: string,
    readonly messageId: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`message kept but not delivered: ${reason}`, 502, options);
  }
}

/** Login failed (unknown e-mail or wrong password: the same message for both). */
export class LoginFailedError extends OfficerError {
  constructor() {
    super('invalid e-mail or password', 401);
  }
}

/**
 * Too many failed logins from this client for this e-mail: it must wait (429 with Retry-After).
 * Only this client waits; the account is not locked, and unknown e-mails get the same answer.
 */
export class LoginThrottledError extends OfficerError {
  constructor(readonly retryAfterSeconds: number) {
    super('too many failed logins from this client; wait and try again', 429);
  }
}

/** An officer account with this e-mail already exists. */
export class DuplicateOfficerError extends OfficerError {
  constructor() {
    super('an officer with this e-mail already exists', 409);
  }
}
