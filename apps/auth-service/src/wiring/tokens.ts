export const AUTH_SERVICE_CONFIG = Symbol('AuthServiceConfig');
/** The access-token signing keys of this instance (a SigningKeyRing). */
export const SIGNING_KEY_RING = Symbol('SigningKeyRing');
