import { accessTokenVerifyBench } from './access-token.bench';
import { authorizeBench, authorizeProfile } from './authorize.bench';
import { historyBench } from './history.bench';
import { httpAuthorizeBench } from './http-authorize.bench';
import { invitesBench } from './invites.bench';
import { mailBench } from './mail.bench';
import { oauthSignInBench } from './oauth-sign-in.bench';
import { passkeyVerifyBench } from './passkey.bench';
import { projectionReplayBench, projectionReplayProfile } from './projection-replay.bench';
import { rateLimitsBench } from './rate-limits.bench';
import { revocationBench } from './revocation.bench';
import type { CaseOutput } from './rows';
import { signInBench } from './sign-in.bench';
import { sqliteAppendBench, sqliteAppendProfile } from './sqlite-append.bench';

/** Every bench case by name; each runs in a child process of its own (see case-process.ts). */
export const CASES = {
  'sign-in': signInBench,
  'access-token-verify': accessTokenVerifyBench,
  'passkey-verify': passkeyVerifyBench,
  'rate-limits': rateLimitsBench,
  authorize: authorizeBench,
  'authorize-profile': authorizeProfile,
  'http-authorize': httpAuthorizeBench,
  'oauth-sign-in': oauthSignInBench,
  'sqlite-append': sqliteAppendBench,
  'sqlite-append-profile': sqliteAppendProfile,
  'projection-replay': projectionReplayBench,
  'projection-replay-profile': projectionReplayProfile,
  mail: mailBench,
  revocation: revocationBench,
  invites: invitesBench,
  history: historyBench,
} satisfies Record<string, (params: never) => Promise<CaseOutput>>;

export type CaseName = keyof typeof CASES;
export type CaseParams<N extends CaseName> = Parameters<(typeof CASES)[N]>[0];
