import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { LoginRequester } from '@tangle/contracts';
import type { ClientDevice, RequestContext } from '../shared/request-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** POST /auth/login: mail a confirmation link to the account's address. */
export class StartEmailLinkLoginCommand {
  @IsString()
  @MaxLength(256)
  readonly username: string;

  @IsString()
  @MaxLength(1024)
  readonly email: string;

  constructor(
    fields: { username: string; email: string },
    /** The session's device; its `deviceType` is the requester's own text and names the session. */
    readonly device: ClientDevice,
    /**
     * The asking device as the transport describes it from what it observed (the User-Agent),
     * never from text the requester typed: it is what the mail and the link's page show.
     */
    readonly requesterDescription: string,
    readonly locale: string,
    readonly context: RequestContext,
  ) {
    this.username = fields.username;
    this.email = fields.email;
  }
}

export interface EmailLinkLoginStarted {
  authId: string;
  expiresAt: number;
  /** The code the asking device shows; the mail and the page show the same one. */
  matchCode: string;
}

/** The link's page: confirm or deny the login. */
export class AnswerEmailLinkCommand {
  @Matches(UUID, { message: 'not a login id' })
  readonly authId: string;

  @IsString()
  @MaxLength(128)
  readonly token: string;

  @IsIn(['confirm', 'deny'])
  readonly answer: 'confirm' | 'deny';

  constructor(
    authId: string,
    token: string,
    answer: 'confirm' | 'deny',
    readonly context: RequestContext,
  ) {
    this.authId = authId;
    this.token = token;
    this.answer = answer;
  }
}

/**
 * GET /auth/session/<authId>: the asking device collects its session, once. For an account with
 * TOTP on, the asking device also gives the code (POST /auth/session/<authId> `{ totp }`).
 */
export class CollectEmailLinkSessionCommand {
  @Matches(UUID, { message: 'not a login id' })
  readonly authId: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  readonly totp: string | null;

  constructor(
    authId: string,
    /** Where the polling device is: the session's geo. */
    readonly address: Pick<ClientDevice, 'ip' | 'geo'>,
    readonly context: RequestContext,
    totp: string | null = null,
  ) {
    this.authId = authId;
    this.totp = totp ? totp : null;
  }
}

/** What the link's page shows before the user answers. */
export class DescribeEmailLinkQuery {
  constructor(
    readonly authId: string,
    readonly token: string,
  ) {}
}

/** What the page shows of a usable link: only what the server itself knows. */
export type EmailLinkDescription =
  | {
      usable: true;
      /** Null for a login requested before match codes. */
      matchCode: string | null;
      /** Null for a login requested before requesters were recorded. */
      requester: LoginRequester | null;
      requestedAt: number;
    }
  | { usable: false };
