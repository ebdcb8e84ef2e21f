import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { RecordTargetFactCommand } from '@tangle/application';
import { AuthError } from '@tangle/contracts';
import { targetChangedFromJson, toTargetChange } from '@tangle/messaging';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';

/**
 * `POST /internal/targets`: a community's or group's `TargetChanged` (protobuf JSON mapping) from
 * the service that owns it, for deployments without Kafka. Only callers holding
 * TARGETS_SERVICE_TOKEN get in; without the setting the route does not exist (404). Keep
 * `/internal` off the public proxy as well.
 */
@Controller('internal')
@ApiExcludeController()
export class InternalTargetsController {
  private readonly tokenDigest: Buffer | null;

  constructor(
    @Inject(AUTH_SERVICE_CONFIG) config: AuthServiceConfig,
    private readonly commands: CommandBus,
  ) {
    const token = config.invites.serviceToken;
    this.tokenDigest = token === null ? null : digest(token);
  }

  @Post('targets')
  @HttpCode(200)
  async record(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<{ recorded: boolean }> {
    this.checkToken(authorization);
    const change = toTargetChange(targetChangedFromJson(body));
    const recorded = await this.commands.execute<RecordTargetFactCommand, boolean>(
      new RecordTargetFactCommand(change.targetType, change.targetId, change.version, change.fact, {
        correlationId: randomUUID(),
        actorUserId: null,
        actorSessionId: null,
        clientIp: null,
      }),
    );
    return { recorded };
  }

  /** Digests of equal length compared in constant time: the answer's timing tells nothing. */
  private checkToken(authorization: string | undefined): void {
    if (this.tokenDigest === null) throw new AuthError('NOT_FOUND', 'no such route');
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new AuthError('UNAUTHORIZED', 'send Authorization: Bearer <service token>');
    if (!timingSafeEqual(digest(match[1]), this.tokenDigest)) {
      throw new AuthError('INVALID_TOKEN', 'not the service token');
    }
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
