import type { ClientMessage, tangle } from './generated';
import { forEachTopLevelField } from './wire-scan';

type ClientMessageProps = tangle.client.core.ClientMessage.$Properties;

/** The `ClientMessage.message` oneof cases, camelCase as generated (e.g. `authSignIn`). */
export type MethodCase = NonNullable<ClientMessage['message']>;

/** ClientMessage oneof case -> method name as the seeds write it, and its field number. */
export const METHOD_TABLE = {
  authSignIn: { method: 'auth.signIn', field: 2 },
  authSignUp: { method: 'auth.signUp', field: 3 },
  chatsCreateChatInvite: { method: 'chats.createChatInvite', field: 14 },
  authLookupInvite: { method: 'auth.lookupInvite', field: 15 },
  authUseInvite: { method: 'auth.useInvite', field: 16 },
  coreInitialize: { method: 'core.initialize', field: 19 },
  authAuthorize: { method: 'auth.authorize', field: 20 },
  authGetSessions: { method: 'auth.getSessions', field: 41 },
  authRevokeSessions: { method: 'auth.revokeSessions', field: 42 },
  authResetPassword: { method: 'auth.resetPassword', field: 45 },
  authVerifyEmail: { method: 'auth.verifyEmail', field: 46 },
  authResendEmailVerification: { method: 'auth.resendEmailVerification', field: 47 },
  chatsDeleteChatInvite: { method: 'chats.deleteChatInvite', field: 59 },
  chatsListChatInvites: { method: 'chats.listChatInvites', field: 61 },
  settingsGetAccount: { method: 'settings.getAccount', field: 75 },
  settingsChangePassword: { method: 'settings.changePassword', field: 76 },
  settingsChangeEmail: { method: 'settings.changeEmail', field: 77 },
  settingsSetupTotp: { method: 'settings.setupTotp', field: 83 },
  settingsRequestTakeout: { method: 'settings.requestTakeout', field: 84 },
  settingsDeleteAccount: { method: 'settings.deleteAccount', field: 85 },
} as const satisfies Record<MethodCase, { method: string; field: number }>;

type Table = typeof METHOD_TABLE;

/** Method names as the seeds write them, e.g. `auth.signIn`. */
export type MethodName = Table[MethodCase]['method'];

/** The request payload type of each method. */
export type MethodPayloads = {
  [C in MethodCase as Table[C]['method']]: NonNullable<ClientMessageProps[C]>;
};

export const METHOD_NAMES: readonly MethodName[] = Object.values(METHOD_TABLE).map((e) => e.method);

const CASE_BY_METHOD = new Map<string, MethodCase>(
  (Object.keys(METHOD_TABLE) as MethodCase[]).map((c) => [METHOD_TABLE[c].method, c]),
);

/** The oneof case that carries a method, or undefined for a name that is not ours. */
export function methodCase(method: string): MethodCase | undefined {
  return CASE_BY_METHOD.get(method);
}

export type MethodCall = {
  [M in MethodName]: { kind: 'call'; method: M; payload: MethodPayloads[M] };
}[MethodName];

export type ResolvedMethod =
  | MethodCall
  /** An empty `ClientMessage { id }`: a keep-alive, to be accepted silently. */
  | { kind: 'keepAlive'; method: null }
  /** A top-level field this service does not serve (another service's method): answer NOT_SERVED. */
  | { kind: 'unknown'; method: null; unknownField: number };

/**
 * Which method a decoded frame calls. protobufjs drops unknown fields while decoding, so when no
 * case is set the raw frame is scanned: any top-level field besides `id` means a method we do not
 * serve (or one of ours with the wrong wire type), never a keep-alive.
 */
export function resolveMethod(message: ClientMessage, frame: Uint8Array): ResolvedMethod {
  const which = message.message;
  if (which) {
    return {
      kind: 'call',
      method: METHOD_TABLE[which].method,
      payload: message[which],
    } as MethodCall;
  }
  let unknownField = 0;
  forEachTopLevelField(frame, (f) => {
    if (f.field === 1) return false;
    unknownField = f.field;
    return true;
  });
  if (unknownField) return { kind: 'unknown', method: null, unknownField };
  return { kind: 'keepAlive', method: null };
}
