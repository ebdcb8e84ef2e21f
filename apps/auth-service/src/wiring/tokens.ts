export const AUTH_SERVICE_CONFIG = Symbol('AuthServiceConfig');
