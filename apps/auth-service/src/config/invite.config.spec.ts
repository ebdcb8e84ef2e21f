import { ConfigError, loadConfig } from './auth-service.config';

describe('loadConfig: invites', () => {
  it('bounds invites at 30 days and 1000 uses, with the targets endpoint off and one topic', () => {
    expect(loadConfig({}).invites).toEqual({
      maxLifetimeMs: 30 * 86_400_000,
      maxUses: 1_000,
      serviceToken: null,
      targetTopics: ['tangle.chats.targets.v1'],
      targetsGroup: 'tangle-auth-targets',
    });
  });

  it('reads the bounds, the token, the topics and the group', () => {
    const token = 'x'.repeat(32);
    expect(
      loadConfig({
        INVITE_MAX_LIFETIME_MS: '3600000',
        INVITE_MAX_USES: '5',
        TARGETS_SERVICE_TOKEN: token,
        TARGET_TOPICS: 'communities.v1, groups.v1',
        TARGETS_GROUP: 'auth-targets',
      }).invites,
    ).toEqual({
      maxLifetimeMs: 3_600_000,
      maxUses: 5,
      serviceToken: token,
      targetTopics: ['communities.v1', 'groups.v1'],
      targetsGroup: 'auth-targets',
    });
  });

  it('refuses a short service token, bounds out of range and a bad topic name', () => {
    expect(() => loadConfig({ TARGETS_SERVICE_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ TARGETS_SERVICE_TOKEN: `${'x'.repeat(32)} y` })).toThrow(
      /without spaces/,
    );
    expect(() => loadConfig({ INVITE_MAX_USES: '10001' })).toThrow(
      /INVITE_MAX_USES must be an integer from 1 to 10000/,
    );
    expect(() => loadConfig({ INVITE_MAX_LIFETIME_MS: '1000' })).toThrow(/INVITE_MAX_LIFETIME_MS/);
    expect(() => loadConfig({ TARGET_TOPICS: 'a topic' })).toThrow(/TARGET_TOPICS/);
  });
});
