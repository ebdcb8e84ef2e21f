import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/**
 * What a web client says about itself (the WebSocket's core.Initialize). Lengths
 * and characters are checked by buildClientDevice, the same for every transport.
 */
export class DeviceDto {
  @IsOptional() @IsInt() @Min(0) @Max(0xffffffff) client_id?: number;
  @IsOptional() @IsString() device_type?: string;
  @IsOptional() @IsString() device_version?: string;
  @IsOptional() @IsString() app_version?: string;
}

export class SignUpDto {
  @IsString() @MaxLength(1024) name!: string;
  @IsOptional() @IsString() @MaxLength(1024) email?: string;
  @IsOptional() @IsString() @MaxLength(4096) password?: string;
  @IsOptional() @ValidateNested() @Type(() => DeviceDto) device?: DeviceDto;
}

export class SignInDto {
  @IsString() @MaxLength(1024) email!: string;
  @IsString() @MaxLength(4096) password!: string;
  @IsOptional() @IsString() @MaxLength(64) totp?: string;
  @IsOptional() @ValidateNested() @Type(() => DeviceDto) device?: DeviceDto;
}

export class AuthorizeDto {
  @IsString() @MaxLength(512) token!: string;
}

export class RevokeSessionsDto {
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[1-9][0-9]{0,19}$/, {
    each: true,
    message: 'session ids are snowflakes as decimal strings',
  })
  session_ids!: string[];
}
