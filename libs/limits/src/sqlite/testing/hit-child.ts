/**
 * Child process of the cross-process test: waits for the start time, then hits one key as
 * fast as it can through the real SqliteRateLimitStore and prints how many hits were allowed.
 * Usage: hit-child.ts <file> <key> <hits> <limit> <startAtMs>
 */
import { SqliteRateLimitStore } from '../sqlite-rate-limit-store';

async function main(): Promise<void> {
  const [file, key, hits, limit, startAt] = process.argv.slice(2);
  const store = await SqliteRateLimitStore.open(file);
  while (Date.now() < Number(startAt)) await new Promise((resolve) => setTimeout(resolve, 1));
  let allowed = 0;
  for (let i = 0; i < Number(hits); i++) {
    const { count } = await store.hit(key, Number(limit), 3_600_000, 1_800_000_000_000);
    if (count <= Number(limit)) allowed++;
  }
  await store.close();
  process.stdout.write(`allowed ${allowed}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
