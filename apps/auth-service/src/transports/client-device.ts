import type { ClientDevice } from '@tangle/application';
import { AuthError } from '@tangle/contracts';
import { codePointLength } from '@tangle/domain';
import type { ClientAddress } from '@tangle/platform';

/** The longest device type, device version or app version a client may declare. */
export const DEVICE_FIELD_MAX_CHARS = 128;

/**
 * C0 and C1 controls (tabs and newlines included), DEL, the line and paragraph
 * separators, bidirectional embeddings, overrides, isolates and marks, and
 * unpaired surrogates. These fields end up in session lists and on the
 * email-link confirmation page, where such characters could hide or reorder
 * what the user reads.
 */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;

/** What a client says about itself; a missing field is empty. */
export interface DeclaredDevice {
  clientId?: number | null;
  deviceType?: string | null;
  deviceVersion?: string | null;
  appVersion?: string | null;
}

type TextField = 'deviceType' | 'deviceVersion' | 'appVersion';

/** How a transport names the fields on its wire, for the error that refuses one (default: the protocol's). */
export type DeviceFieldNames = Record<TextField, string>;

const PROTOCOL_NAMES: DeviceFieldNames = {
  deviceType: 'device_type',
  deviceVersion: 'device_version',
  appVersion: 'app_version',
};

/** Where a session's app name comes from: by client id, else the default. */
export interface AppNames {
  appNamesByClientId: ReadonlyMap<number, string>;
  defaultAppName: string;
}

/**
 * The one way a transport turns what a client declares into a ClientDevice.
 * Text fields are trimmed; longer than 128 characters (code points) or holding a
 * control or bidirectional formatting character, they are refused with
 * INVALID_ARGUMENT naming the field as the transport spells it, never shortened.
 */
export function buildClientDevice(
  declared: DeclaredDevice,
  address: ClientAddress,
  apps: AppNames,
  wireNames: Partial<DeviceFieldNames> = {},
): ClientDevice {
  const names = { ...PROTOCOL_NAMES, ...wireNames };
  const clientId = declared.clientId ?? 0;
  if (!Number.isInteger(clientId) || clientId < 0 || clientId > 0xffffffff) {
    throw new AuthError('INVALID_ARGUMENT', 'client_id must be an unsigned 32-bit integer');
  }
  return {
    clientId,
    deviceType: deviceField(names.deviceType, declared.deviceType),
    deviceVersion: deviceField(names.deviceVersion, declared.deviceVersion),
    appVersion: deviceField(names.appVersion, declared.appVersion),
    appName: apps.appNamesByClientId.get(clientId) ?? apps.defaultAppName,
    ip: address.ip,
    geo: address.geo,
  };
}

function deviceField(name: string, value: string | null | undefined): string {
  // Checked before trimming: a trailing newline is a control character too.
  const raw = value ?? '';
  if (FORBIDDEN.test(raw)) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      `${name} must not contain control or bidirectional formatting characters`,
    );
  }
  const text = raw.trim();
  if (codePointLength(text) > DEVICE_FIELD_MAX_CHARS) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      `${name} must be at most ${DEVICE_FIELD_MAX_CHARS} characters`,
    );
  }
  return text;
}
