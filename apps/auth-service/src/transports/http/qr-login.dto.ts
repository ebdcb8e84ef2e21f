import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** POST /auth/qr: the new device asks for a ticket. */
export class QrTicketDto {
  @ApiPropertyOptional({
    maxLength: 128,
    description: "names the new session in the account's session list, e.g. cURL",
  })
  @IsOptional()
  @IsString()
  session_platform?: string; // checked by buildClientDevice
}

/** POST /auth/qr/{ticketId}/answer: a signed-in app answers a scanned code (bearer token). */
export class QrAnswerDto {
  @ApiProperty({ maxLength: 128, description: "the one-time secret: the QR code URL's `s`" })
  @IsString()
  @MaxLength(128)
  s!: string;

  @ApiProperty({ enum: ['approve', 'deny'] })
  @IsIn(['approve', 'deny'])
  answer!: 'approve' | 'deny';

  @ApiPropertyOptional({
    maxLength: 32,
    description: 'the code the new device shows (K7M-42P); needed to approve',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  check_code?: string;
}

/** The page's form: the same fields, and the browser's session token (RFC 6750 §2.2). */
export class QrPageAnswerDto extends QrAnswerDto {
  @ApiPropertyOptional({
    maxLength: 2048,
    description: "the browser's session or access token, when no Authorization header is sent",
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  access_token?: string;
}
