import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** POST /auth/registration (email-link login). */
export class RegistrationDto {
  @IsString() @MaxLength(256) username!: string;
  @IsOptional() @IsString() @MaxLength(1024) email?: string;
  @IsOptional() @IsString() session_platform?: string; // checked by buildClientDevice
}

/** The confirmation page's form. */
export class LinkAnswerDto {
  @IsString() @MaxLength(128) token!: string;
  @IsIn(['confirm', 'deny']) answer!: 'confirm' | 'deny';
}
