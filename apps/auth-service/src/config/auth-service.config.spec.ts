import { ConfigError, loadConfig } from './auth-service.config';

describe('loadConfig: HTTP_MAX_BODY_BYTES', () => {
  it('reads 64 KiB bodies unless told otherwise', () => {
    expect(loadConfig({}).httpMaxBodyBytes).toBe(65_536);
    expect(loadConfig({ HTTP_MAX_BODY_BYTES: '8192' }).httpMaxBodyBytes).toBe(8_192);
  });

  it('refuses a limit below 1 KiB or above 16 MiB, naming the variable', () => {
    expect(() => loadConfig({ HTTP_MAX_BODY_BYTES: '100' })).toThrow(ConfigError);
    expect(() => loadConfig({ HTTP_MAX_BODY_BYTES: String(32 * 1024 * 1024) })).toThrow(
      /HTTP_MAX_BODY_BYTES/,
    );
  });
});
