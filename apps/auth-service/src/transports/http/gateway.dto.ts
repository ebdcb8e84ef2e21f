import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/** What a gateway client says about its device; it names the session in the session list. */
export class GatewayDeviceDto {
  @ApiPropertyOptional({ example: 'mobile', description: 'Device kind: mobile, desktop, web…' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  type?: string;

  @ApiPropertyOptional({ example: 'iOS' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  platform?: string;

  @ApiPropertyOptional({ example: '17.2' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  version?: string;
}

export class GatewayRegisterDto {
  @ApiProperty({ example: 'ahmed@example.com' })
  @IsString()
  @MaxLength(1024)
  email!: string;

  @ApiProperty({
    example: 'SecurePass123!',
    description: 'Checked against the password policy (see WEAK_PASSWORD); never truncated.',
  })
  @IsString()
  @MaxLength(4096)
  password!: string;

  @ApiProperty({ example: 'Ahmed' })
  @IsString()
  @MaxLength(1024)
  firstName!: string;

  @ApiProperty({ example: 'Mohamed' })
  @IsString()
  @MaxLength(1024)
  lastName!: string;

  @ApiPropertyOptional({
    example: '+201234567890',
    description: 'International format (stored in E.164).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  phone?: string;

  @ApiPropertyOptional({ enum: ['individual', 'business'], default: 'individual' })
  @IsOptional()
  @IsIn(['individual', 'business'])
  accountType?: 'individual' | 'business';

  @ApiPropertyOptional({ description: 'Referral code from an existing user.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  referralCode?: string;

  @ApiPropertyOptional({ type: GatewayDeviceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => GatewayDeviceDto)
  deviceInfo?: GatewayDeviceDto;
}

/**
 * Two sign-ins on one route: with a password, email and password sign in at once;
 * with a username and no password, an email-link login starts (the Osmium guide's
 * flow: a link goes to the email, and the device polls GET /auth/session/{auth_id}).
 */
export class GatewayLoginDto {
  @ApiPropertyOptional({ example: 'ahmed@example.com' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  email?: string;

  @ApiPropertyOptional({ example: 'SecurePass123!', description: 'Present: a password sign-in.' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  password?: string;

  @ApiPropertyOptional({ description: 'Keep the session for the remembered lifetime.' })
  @IsOptional()
  @IsBoolean()
  rememberMe?: boolean;

  @ApiPropertyOptional({
    example: '123456',
    description:
      'A TOTP or backup code, for an account with two-factor sign-in on. Without it such an ' +
      'account answers `mfaRequired: true` and an `mfaTicket` for POST /auth/login/mfa.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  totp?: string;

  @ApiPropertyOptional({ type: GatewayDeviceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => GatewayDeviceDto)
  deviceInfo?: GatewayDeviceDto;

  @ApiPropertyOptional({
    example: 'ada',
    description: 'Present without a password: starts an email-link login for this username.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  username?: string;

  @ApiPropertyOptional({
    description: 'Email-link login: how the new session is named in the session list.',
  })
  @IsOptional()
  @IsString()
  session_platform?: string; // checked by buildClientDevice
}

export class GatewayRefreshDto {
  @ApiProperty({ description: 'The refresh token of the last answer (tgr_…).' })
  @IsString()
  @MaxLength(256)
  refreshToken!: string;
}

/** Completes a password sign-in that answered `mfaRequired: true`. */
export class GatewayMfaDto {
  @ApiProperty({
    description: 'The `mfaTicket` of the login answer (tgm_…): single use, short-lived.',
  })
  @IsString()
  @MaxLength(256)
  ticket!: string;

  @ApiProperty({ example: '123456', description: 'A TOTP code, or an unused backup code.' })
  @IsString()
  @MaxLength(64)
  totp!: string;
}
