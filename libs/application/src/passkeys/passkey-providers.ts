import { PasskeyChallenges } from './passkey-challenges';
import {
  FinishPasskeyRegistrationHandler,
  FinishPasskeySignInHandler,
  ListPasskeysHandler,
  RemovePasskeyHandler,
  RenamePasskeyHandler,
  StartPasskeyRegistrationHandler,
  StartPasskeySignInHandler,
} from './passkey.handlers';
import { CredentialReservations, PasskeysStream } from './passkeys-stream';

/** Passkeys' providers; they need the WEBAUTHN_VERIFIER port. */
export const PASSKEY_PROVIDERS = [
  PasskeysStream,
  CredentialReservations,
  PasskeyChallenges,
  StartPasskeyRegistrationHandler,
  FinishPasskeyRegistrationHandler,
  ListPasskeysHandler,
  RenamePasskeyHandler,
  RemovePasskeyHandler,
  StartPasskeySignInHandler,
  FinishPasskeySignInHandler,
];
