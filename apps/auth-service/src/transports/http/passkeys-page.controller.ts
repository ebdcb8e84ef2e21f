import { Controller, Get, Inject, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';
import { HttpAnswer, HttpAnswers } from './http-answer';
import {
  PASSKEYS_PAGE_HEADERS,
  PASSKEYS_SCRIPT,
  PASSKEYS_SCRIPT_HEADERS,
  passkeysPage,
} from './passkeys-page';

/** The passkeys page and its script (the API is PasskeysController's). */
@Controller('account/passkeys')
@ApiExcludeController()
@UseInterceptors(HttpAnswers)
export class PasskeysPageController {
  private readonly page: string;

  constructor(@Inject(AUTH_SERVICE_CONFIG) config: AuthServiceConfig) {
    this.page = passkeysPage(config.defaultAppName);
  }

  @Get()
  show(): HttpAnswer {
    return new HttpAnswer(200, this.page, PASSKEYS_PAGE_HEADERS);
  }

  @Get('passkeys.js')
  script(): HttpAnswer {
    return new HttpAnswer(200, PASSKEYS_SCRIPT, PASSKEYS_SCRIPT_HEADERS);
  }
}
