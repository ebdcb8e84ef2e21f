import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { ClientDevice, RequestContext } from '../shared/request-context';
import { SESSION_TOKEN_GRANT, type SessionGrant } from '../sessions/session-policy';

/** What a sign-up may send: a name (or first and last name), optionally credentials and a profile. */
export interface SignUpFields {
  name?: string | null;
  email?: string | null;
  password?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  /** As typed: international format, or national in the configured default region. */
  phone?: string | null;
  /** 'individual' (the default) or 'business'. */
  accountType?: string | null;
  referralCode?: string | null;
}

/**
 * auth.SignUp: a name, and optionally an email and a password. A profile (first and last
 * name, phone, account type, referral code) is optional too; first and last name stand in for
 * the name when it is absent ("Ahmed Mohamed").
 */
export class SignUpCommand {
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  readonly name: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  readonly email: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(4096)
  readonly password: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  readonly firstName: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  readonly lastName: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  readonly phone: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  readonly accountType: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  readonly referralCode: string | null;

  constructor(
    fields: SignUpFields,
    readonly device: ClientDevice,
    /** The language of the verification mail (the service's default locale). */
    readonly locale: string,
    readonly context: RequestContext,
    readonly grant: SessionGrant = SESSION_TOKEN_GRANT,
  ) {
    // Empty strings count as absent: proto3 clients often cannot tell them apart.
    this.name = fields.name ? fields.name : null;
    this.email = fields.email ? fields.email : null;
    this.password = fields.password ? fields.password : null;
    // The profile keeps what was sent: the domain refuses a blank first or last name, and
    // reads a blank phone, account type or referral code as absent.
    this.firstName = fields.firstName ?? null;
    this.lastName = fields.lastName ?? null;
    this.phone = fields.phone ?? null;
    this.accountType = fields.accountType ?? null;
    this.referralCode = fields.referralCode ?? null;
  }
}
