import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ClientDevice, RequestContext } from '@tangle/application';
import { AuthError } from '@tangle/contracts';
import { describeUserAgent, type ClientAddress } from '@tangle/platform';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { buildClientDevice } from '../client-device';
import type { OsmiumCaller, SignedIn } from '../osmium-methods';

/**
 * The headers in which an HTTP client says what the WebSocket's core.Initialize says. All are
 * optional: without them a client is a `web` device named after its User-Agent.
 */
export const CLIENT_HEADERS = {
  clientId: { name: 'X-Client-Id', about: 'Initialize.client_id: an unsigned 32-bit integer' },
  deviceType: { name: 'X-Client-Device-Type', about: 'Initialize.device_type (default: web)' },
  deviceVersion: {
    name: 'X-Client-Device-Version',
    about: 'Initialize.device_version (default: the User-Agent, e.g. "Firefox on Linux")',
  },
  appVersion: { name: 'X-Client-App-Version', about: 'Initialize.app_version' },
} as const;

const UINT32 = /^(0|[1-9][0-9]{0,9})$/;

/**
 * One HTTP request as the caller of an Osmium method: its address, the device its headers
 * declare (read when a method needs it), and the session its bearer token resolved to.
 */
export class HttpCaller implements OsmiumCaller {
  signedIn: SignedIn | null = null;
  private declared: ClientDevice | null = null;

  constructor(
    readonly address: ClientAddress,
    private readonly headers: IncomingHttpHeaders,
    private readonly config: AuthServiceConfig,
  ) {}

  get device(): ClientDevice {
    this.declared ??= this.readDevice();
    return this.declared;
  }

  context(): RequestContext {
    return {
      correlationId: randomUUID(),
      actorUserId: this.signedIn?.userId ?? null,
      actorSessionId: this.signedIn?.sessionId ?? null,
      clientIp: this.address.ip,
    };
  }

  /** An HTTP request has no connection to set up: the device is read from each request. */
  initialized(): void {}

  /** Nothing outlives the request: the answer carries the token. */
  authorized(): void {}

  private readDevice(): ClientDevice {
    const clientId = this.header(CLIENT_HEADERS.clientId.name);
    if (clientId !== undefined && (!UINT32.test(clientId) || Number(clientId) > 0xffffffff)) {
      throw new AuthError(
        'INVALID_ARGUMENT',
        `${CLIENT_HEADERS.clientId.name} must be an unsigned 32-bit integer`,
      );
    }
    return buildClientDevice(
      {
        clientId: clientId === undefined ? 0 : Number(clientId),
        deviceType: this.header(CLIENT_HEADERS.deviceType.name) ?? 'web',
        // A browser that does not say is named after its User-Agent, as the server reads it.
        deviceVersion:
          this.header(CLIENT_HEADERS.deviceVersion.name) ??
          describeUserAgent(this.headers['user-agent']),
        appVersion: this.header(CLIENT_HEADERS.appVersion.name),
      },
      this.address,
      this.config,
      {
        deviceType: CLIENT_HEADERS.deviceType.name,
        deviceVersion: CLIENT_HEADERS.deviceVersion.name,
        appVersion: CLIENT_HEADERS.appVersion.name,
      },
    );
  }

  private header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }
}
