import { Logger, type Provider } from '@nestjs/common';
import { COMMON_PASSWORD_LIST, PASSWORD_POLICY, PWNED_PASSWORDS } from '@tangle/application';
import { passwordPolicy } from '@tangle/domain';
import { FileCommonPasswordList, PwnedPasswordsRangeClient } from '@tangle/platform';
import type { PasswordPolicyConfig } from '../config/auth-service.config';

/**
 * The password policy's profile and its lists. The offline list loads while the service
 * starts, before it listens (read and inflated off the event loop, then folded in slices of
 * a few ms), so a missing or empty PASSWORD_COMMON_LIST_FILE stops the start rather than
 * failing every sign-up.
 */
export function passwordPolicyProviders(config: PasswordPolicyConfig): Provider[] {
  const logger = new Logger('PasswordPolicy');
  const providers: Provider[] = [
    { provide: PASSWORD_POLICY, useValue: passwordPolicy(config.profile, config.minLength) },
    {
      provide: COMMON_PASSWORD_LIST,
      useFactory: async () => {
        const list = new FileCommonPasswordList(config.commonPasswordsFile ?? undefined);
        const stats = await list.load();
        logger.log(
          `${config.profile} profile, ${config.minLength}+ characters; ${stats.entries} common passwords loaded in ${Math.round(stats.loadMs)} ms; range check ${config.pwnedUrl ? `at ${config.pwnedUrl}` : 'off'}`,
        );
        return list;
      },
    },
  ];
  if (config.pwnedUrl !== null) {
    providers.push({
      provide: PWNED_PASSWORDS,
      useValue: new PwnedPasswordsRangeClient({
        baseUrl: config.pwnedUrl,
        timeoutMs: config.pwnedTimeoutMs,
      }),
    });
  }
  return providers;
}
