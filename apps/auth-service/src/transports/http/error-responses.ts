import { ApiResponse } from '@nestjs/swagger';
import { describeError, type ErrorName } from '@tangle/contracts';
import { ERROR_BODY_SCHEMA_REF } from './error-body.schema';

/** One response per HTTP status, naming the catalogue's errors it stands for. */
export function errorResponses(names: readonly ErrorName[]): MethodDecorator[] {
  const byStatus = new Map<number, string[]>();
  for (const name of new Set(names)) {
    const { httpStatus, code } = describeError(name);
    byStatus.set(httpStatus, [...(byStatus.get(httpStatus) ?? []), `${name} (${code})`]);
  }
  return [...byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, errors]) =>
      ApiResponse({
        status,
        description: errors.join(', '),
        schema: { $ref: ERROR_BODY_SCHEMA_REF },
      }),
    );
}

/** `@ApiErrors(...)`: the catalogue errors a route answers with, and those any route may. */
export function ApiErrors(...names: ErrorName[]): MethodDecorator {
  const decorators = errorResponses([...names, 'RATE_LIMIT_EXCEEDED', 'INTERNAL', 'UNAVAILABLE']);
  return (target, key, descriptor) => {
    for (const decorate of decorators) decorate(target, key, descriptor);
  };
}
