import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import type { RequestContext } from '../shared/request-context';

/** settings.setupTotp: start a setup, confirm it with a code, or turn TOTP off with a code. */
export class SetupTotpCommand {
  @IsBoolean()
  readonly enabled: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  readonly code: string | null;

  constructor(
    fields: { enabled: boolean; code?: string | null },
    readonly userId: string,
    readonly context: RequestContext,
  ) {
    this.enabled = fields.enabled;
    this.code = fields.code ? fields.code : null;
  }
}

/** The protocol's `settings.Totp`. */
export interface TotpSetupResult {
  enabled: boolean;
  /** The otpauth:// URL of a setup just started. */
  url?: string;
  /** The backup codes, in plain text this once, when TOTP was just turned on. */
  backupCodes?: string[];
}
