import type { PasskeyDeviceType } from '@tangle/contracts';
import type { ClientDevice, RequestContext } from '../shared/request-context';
import { SESSION_TOKEN_GRANT, type SessionGrant } from '../sessions/session-policy';

/** A signed-in user asks to add a passkey: the creation options for the browser. */
export class StartPasskeyRegistrationCommand {
  constructor(
    readonly userId: string,
    readonly context: RequestContext,
  ) {}
}

/** The browser's answer to the creation options, and the name the user gave the passkey. */
export class FinishPasskeyRegistrationCommand {
  constructor(
    readonly userId: string,
    readonly response: unknown,
    readonly name: string | null,
    readonly context: RequestContext,
  ) {}
}

export class ListPasskeysQuery {
  constructor(readonly userId: string) {}
}

export class RenamePasskeyCommand {
  constructor(
    readonly userId: string,
    readonly credentialId: string,
    readonly name: string,
    readonly context: RequestContext,
  ) {}
}

export class RemovePasskeyCommand {
  constructor(
    readonly userId: string,
    readonly credentialId: string,
    readonly context: RequestContext,
  ) {}
}

/** Anyone asks to sign in with a passkey: request options without credentials (discoverable). */
export class StartPasskeySignInCommand {
  constructor(readonly context: RequestContext) {}
}

/** The browser's assertion: a session for the passkey's account. */
export class FinishPasskeySignInCommand {
  constructor(
    readonly response: unknown,
    readonly device: ClientDevice,
    readonly context: RequestContext,
    readonly grant: SessionGrant = SESSION_TOKEN_GRANT,
  ) {}
}

/** Options for `navigator.credentials.create()` / `.get()`, and when their challenge expires. */
export interface PasskeyCeremonyOptions {
  options: Record<string, unknown>;
  expiresAt: number;
}

/** A passkey as its owner sees it listed. */
export interface PasskeyView {
  /** The credential id (base64url). */
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  /** `multiDevice`: the authenticator may sync it (backup eligible). */
  deviceType: PasskeyDeviceType;
  backedUp: boolean;
  transports: string[];
}
