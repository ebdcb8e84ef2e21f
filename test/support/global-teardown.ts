import { stopStartedServers } from './global-setup';

/** Stops the servers that global-setup.ts started for the run. */
export default async function globalTeardown(): Promise<void> {
  await stopStartedServers();
}
