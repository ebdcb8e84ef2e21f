import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { OAUTH_PROVIDERS, type OAuthProvider } from '@tangle/contracts';
import type { ClientDevice, RequestContext } from '../shared/request-context';
import { SESSION_TOKEN_GRANT, type SessionGrant } from '../sessions/session-policy';

/** What a client sends from a provider's sign-in: a token or two, and the nonce it asked with. */
export interface OAuthTokenFields {
  idToken?: string | null;
  accessToken?: string | null;
  nonce?: string | null;
}

abstract class OAuthTokenCommand {
  @IsIn(OAUTH_PROVIDERS)
  readonly provider: OAuthProvider;

  @IsOptional()
  @IsString()
  @MaxLength(8192)
  readonly idToken: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(4096)
  readonly accessToken: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  readonly nonce: string | null;

  constructor(provider: OAuthProvider, fields: OAuthTokenFields) {
    this.provider = provider;
    this.idToken = fields.idToken || null;
    this.accessToken = fields.accessToken || null;
    this.nonce = fields.nonce || null;
  }
}

/**
 * Sign in (or up) with a provider: a known subject signs in, a new one opens an account, one
 * whose verified address an account with a verified address holds is linked to it.
 */
export class OAuthSignInCommand extends OAuthTokenCommand {
  /** Apple sends the name once, to the app, at the first authorization: the client passes it on. */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  readonly firstName: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  readonly lastName: string | null;

  constructor(
    provider: OAuthProvider,
    fields: OAuthTokenFields & { firstName?: string | null; lastName?: string | null },
    readonly device: ClientDevice,
    readonly locale: string,
    readonly context: RequestContext,
    readonly grant: SessionGrant = SESSION_TOKEN_GRANT,
  ) {
    super(provider, fields);
    this.firstName = fields.firstName || null;
    this.lastName = fields.lastName || null;
  }
}

/** A signed-in user links a provider account (context: the caller's user and session). */
export class LinkOAuthCommand extends OAuthTokenCommand {
  constructor(
    provider: OAuthProvider,
    fields: OAuthTokenFields,
    readonly context: RequestContext,
  ) {
    super(provider, fields);
  }
}

/** A signed-in user unlinks a provider; refused for the account's last way to sign in. */
export class UnlinkOAuthCommand {
  @IsIn(OAUTH_PROVIDERS)
  readonly provider: OAuthProvider;

  constructor(
    provider: OAuthProvider,
    readonly context: RequestContext,
  ) {
    this.provider = provider;
  }
}

/** The caller's linked providers. */
export class GetOAuthLinksQuery {
  constructor(readonly userId: string) {}
}

export interface OAuthLinkView {
  provider: OAuthProvider;
  email: string | null;
  privateRelayEmail: boolean;
  linkedAt: number;
}

/** What an OAuth sign-in answers: the session, and whether this sign-in opened the account. */
export interface OAuthSignInResult {
  newAccount: boolean;
  /** The account was linked to the provider by its verified address in this sign-in. */
  linked: boolean;
}
