/**
 * Errors of the alerts module that the officer API shows: each carries its HTTP status (the
 * message is safe to return).
 */
import { OfficerError } from '../officers/officer-errors';

/** An announcement cannot be found, changed or approved as asked. */
export class AlertError extends OfficerError {
  constructor(message: string, status: number) {
    super(message, status);
  }
}
