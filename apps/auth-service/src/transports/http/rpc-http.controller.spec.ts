import 'reflect-metadata';
import { METHOD_NAMES } from '@tangle/protocol';
import { OSMIUM_METHODS, SERVED_METHODS, isServed } from '../osmium-methods';
import { RPC_HTTP_METHODS, rpcHttpController, rpcHttpPath } from './rpc-http.controller';

/** The POST paths a controller class declares, as Nest reads them. */
function routesOf(controller: object): string[] {
  const prefix = Reflect.getMetadata('path', controller) as string;
  const prototype = (controller as { prototype: object }).prototype;
  return Object.getOwnPropertyNames(prototype)
    .filter((key) => key !== 'constructor')
    .map((key) => (prototype as Record<string, object>)[key])
    .filter((handler) => Reflect.hasMetadata('path', handler))
    .map((handler) => `/${prefix}/${Reflect.getMetadata('path', handler) as string}`);
}

describe('RPC routes over HTTP', () => {
  it('are the served methods of the one method table, but those that set up a connection', () => {
    expect(routesOf(rpcHttpController()).sort()).toEqual(
      SERVED_METHODS.filter((m) => m !== 'core.initialize')
        .map(rpcHttpPath)
        .sort(),
    );
    expect(RPC_HTTP_METHODS).toContain('auth.resetPassword');
    expect(rpcHttpPath('auth.resendEmailVerification')).toBe('/v1/auth/resendEmailVerification');
  });

  it('get a route for any method of the table, with no HTTP code of their own', () => {
    // core.initialize stands for a method added later: the table alone makes its route.
    expect(routesOf(rpcHttpController(SERVED_METHODS))).toContain('/v1/core/initialize');
  });

  it('serve over HTTP what the WebSocket serves', () => {
    const overWebSocket = METHOD_NAMES.filter(isServed);
    expect([...overWebSocket].sort()).toEqual([...SERVED_METHODS].sort());
    for (const method of overWebSocket) {
      const connectionOnly = 'connectionOnly' in OSMIUM_METHODS[method];
      expect(RPC_HTTP_METHODS.includes(method)).toBe(!connectionOnly);
    }
  });
});
