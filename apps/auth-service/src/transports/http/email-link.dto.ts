import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** POST /auth/registration (email-link login). */
export class RegistrationDto {
  @ApiProperty({ maxLength: 256 }) @IsString() @MaxLength(256) username!: string;
  @ApiPropertyOptional({ maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  email?: string;
  @ApiPropertyOptional({ maxLength: 128, description: "the client's platform, e.g. cURL" })
  @IsOptional()
  @IsString()
  session_platform?: string; // checked by buildClientDevice
}

/** The confirmation page's form. */
export class LinkAnswerDto {
  @ApiProperty({ maxLength: 128, description: 'the token of the mailed link' })
  @IsString()
  @MaxLength(128)
  token!: string;

  @ApiProperty({ enum: ['confirm', 'deny'] }) @IsIn(['confirm', 'deny']) answer!:
    'confirm' | 'deny';
}

/** POST /auth/session/{authId}: the polling device's second factor. */
export class SessionFactorDto {
  @ApiProperty({ maxLength: 64, example: '123456', description: 'a TOTP or unused backup code' })
  @IsString()
  @MaxLength(64)
  totp!: string;
}
