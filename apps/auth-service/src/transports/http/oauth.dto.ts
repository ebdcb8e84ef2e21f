import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { GatewayDeviceDto } from './gateway.dto';

/** What a provider's sign-in gave the client. */
export class OAuthTokensDto {
  @ApiPropertyOptional({
    description:
      "The provider's OpenID Connect ID token (Facebook: the Limited Login token); verified offline.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  idToken?: string;

  @ApiPropertyOptional({
    description:
      'An OAuth access token: used only for Facebook without an ID token (Graph debug_token).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  accessToken?: string;

  @ApiPropertyOptional({
    description:
      'The nonce the client asked the provider with (or whose SHA-256 the token holds); required ' +
      'when the token carries one, and accepted once.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  nonce?: string;
}

export class OAuthSignInDto extends OAuthTokensDto {
  @ApiPropertyOptional({
    description: "Apple gives the user's name only at the first authorization: pass it on here.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  firstName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  lastName?: string;

  @ApiPropertyOptional({ description: 'Keep the session for the remembered lifetime.' })
  @IsOptional()
  @IsBoolean()
  rememberMe?: boolean;

  @ApiPropertyOptional({ type: GatewayDeviceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => GatewayDeviceDto)
  deviceInfo?: GatewayDeviceDto;
}
