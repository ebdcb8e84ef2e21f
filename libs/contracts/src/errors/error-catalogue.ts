/**
 * The one error catalogue of Tangle Auth. Every transport maps failures through it:
 * the numeric `code` travels in `RPCError.error_code`, the `name` in HTTP/JSON bodies.
 * Codes and names are stable: add new entries, never renumber or rename one.
 */
export const ERROR_CATALOGUE = {
  INVALID_ARGUMENT: {
    code: 1,
    httpStatus: 400,
    message: 'The request is malformed or a field is invalid',
  },
  INVALID_CREDENTIALS: { code: 2, httpStatus: 400, message: 'Invalid email or password' },
  EMAIL_ALREADY_EXISTS: { code: 3, httpStatus: 400, message: 'Email already registered' },
  WEAK_PASSWORD: { code: 4, httpStatus: 400, message: "Password doesn't meet requirements" },
  INVALID_TOKEN: { code: 5, httpStatus: 401, message: 'Token is invalid, expired or revoked' },
  UNAUTHORIZED: { code: 6, httpStatus: 401, message: 'This request needs a signed-in session' },
  PERMISSION_DENIED: { code: 7, httpStatus: 403, message: 'Not allowed' },
  NOT_FOUND: { code: 8, httpStatus: 404, message: 'Not found' },
  RATE_LIMIT_EXCEEDED: { code: 9, httpStatus: 429, message: 'Too many attempts, try again later' },
  MFA_REQUIRED: { code: 10, httpStatus: 401, message: 'Multi-factor authentication required' },
  NOT_SERVED: {
    code: 11,
    httpStatus: 501,
    message: 'This method is not served by the auth service',
  },
  INTERNAL: { code: 12, httpStatus: 500, message: 'Internal error' },
  NOT_INITIALIZED: {
    code: 13,
    httpStatus: 400,
    message: 'Send core.Initialize before any other request',
  },
  CONFLICT: { code: 14, httpStatus: 409, message: 'Concurrent update, try again' },
  UNAVAILABLE: { code: 15, httpStatus: 503, message: 'Service temporarily unavailable, try again' },
  USERNAME_ALREADY_EXISTS: { code: 16, httpStatus: 400, message: 'Username already taken' },
  INVALID_CODE: {
    code: 17,
    httpStatus: 400,
    message: 'The code is invalid, expired or already used',
  },
  INVITE_NOT_FOUND: { code: 18, httpStatus: 404, message: 'No such invite' },
  INVITE_EXPIRED: { code: 19, httpStatus: 410, message: 'The invite has expired' },
  INVITE_DELETED: { code: 20, httpStatus: 410, message: 'The invite was deleted' },
  INVITE_EXHAUSTED: { code: 21, httpStatus: 410, message: 'The invite has no uses left' },
  INVITE_OWN: { code: 22, httpStatus: 400, message: 'This is your own invite' },
} as const;

export type ErrorName = keyof typeof ERROR_CATALOGUE;

export interface ErrorDescriptor {
  readonly name: ErrorName;
  readonly code: number;
  readonly httpStatus: number;
  readonly message: string;
}

export function describeError(name: ErrorName): ErrorDescriptor {
  return { name, ...ERROR_CATALOGUE[name] };
}

const BY_CODE = new Map<number, ErrorName>(
  (Object.keys(ERROR_CATALOGUE) as ErrorName[]).map((name) => [ERROR_CATALOGUE[name].code, name]),
);

export function errorNameOf(code: number): ErrorName | undefined {
  return BY_CODE.get(code);
}
