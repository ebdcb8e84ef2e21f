import { validateSync } from 'class-validator';
import { AuthError } from '@tangle/contracts';

/** Runs the class-validator rules of a command; INVALID_ARGUMENT names every bad field. */
export function assertValid(command: object): void {
  const errors = validateSync(command, { forbidUnknownValues: false });
  if (errors.length === 0) return;
  const detail = errors
    .map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`)
    .join('; ');
  throw new AuthError('INVALID_ARGUMENT', detail);
}
