import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

const RESPONSE_DESCRIPTION =
  'the PublicKeyCredential as JSON (`credential.toJSON()`, or @simplewebauthn/browser): ' +
  '`{ id, rawId, type, response: { clientDataJSON, … }, clientExtensionResults }`';

/** POST /auth/passkeys/registration */
export class PasskeyRegistrationDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: RESPONSE_DESCRIPTION })
  @IsObject()
  response!: Record<string, unknown>;

  @ApiPropertyOptional({ maxLength: 64, example: 'Work laptop', description: 'default: Passkey' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  name?: string;
}

/** PATCH /auth/passkeys/:id */
export class PasskeyRenameDto {
  @ApiProperty({ maxLength: 64, example: 'Phone' })
  @IsString()
  @MaxLength(256)
  name!: string;
}

/** POST /auth/passkeys/sign-in */
export class PasskeySignInDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: RESPONSE_DESCRIPTION })
  @IsObject()
  response!: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'the longer session lifetime, as /auth/login' })
  @IsOptional()
  @IsBoolean()
  rememberMe?: boolean;
}
