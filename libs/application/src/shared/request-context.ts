import type { EventMetadata, GeoInfo } from '@tangle/contracts';

/** What a transport knows about the client behind a request. */
export interface ClientDevice {
  clientId: number;
  deviceType: string;
  deviceVersion: string;
  appName: string;
  appVersion: string;
  /** Client address as resolved by the transport (trusted proxies applied). */
  ip: string | null;
  /** Geo already given by a trusted proxy; otherwise looked up from `ip`. */
  geo: GeoInfo | null;
}

export interface RequestContext {
  correlationId: string;
  actorUserId: string | null;
  actorSessionId: string | null;
  /** The client's address as the transport resolved it (trusted proxies applied), for rate limits. */
  clientIp: string | null;
}

export const SCHEMA_VERSION = 1;

export function metadataFor(
  context: RequestContext,
  serverTime: number,
  causationId?: string,
): EventMetadata {
  return {
    correlationId: context.correlationId,
    causationId: causationId ?? context.correlationId,
    schemaVersion: SCHEMA_VERSION,
    actorUserId: context.actorUserId,
    actorSessionId: context.actorSessionId,
    serverTime,
  };
}
