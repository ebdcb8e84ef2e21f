import { join } from 'node:path';
import { openSigningKeyStore } from '@tangle/access-tokens';
import { ConfigError, loadConfig } from './config/auth-service.config';
import { runSigningKeysCommand } from './signing-keys-command';

/** `npm run signing-keys -- list | revoke <kid>`, with the service's environment. */
async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openSigningKeyStore({
    mongoUrl: config.mongoUrl ?? undefined,
    sqliteFile: join(config.dataDir, 'signing-keys.sqlite'),
  });
  try {
    process.exitCode = await runSigningKeysCommand(
      process.argv.slice(2),
      store,
      Date.now(),
      (line) => process.stdout.write(`${line}\n`),
    );
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigError
      ? `configuration error: ${error.message}\n`
      : `signing-keys failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(error instanceof ConfigError ? 78 : 1);
});
