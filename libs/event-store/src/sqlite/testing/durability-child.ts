/**
 * Child process of the durability test. Appends to a few streams as fast as it can through the
 * real SqliteEventStore and prints one line per acknowledged append: `ack <stream> <revision>
 * <eventId>`. The test kills it with SIGKILL mid-flight. Usage: durability-child.ts <file> <prefix>
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../sqlite-event-store';

const WRITERS = 8;

async function writer(store: SqliteEventStore, streamId: string): Promise<never> {
  for (let revision = 0n; ; revision += 1n) {
    const eventId = randomUUID();
    await store.append(
      streamId,
      [
        {
          eventId,
          type: 'durability.probe.v1',
          data: { revision: revision.toString() },
          metadata: {
            correlationId: eventId,
            causationId: eventId,
            schemaVersion: 1,
            actorUserId: null,
            actorSessionId: null,
            serverTime: Date.now(),
          },
        },
      ],
      revision === 0n ? 'no_stream' : revision - 1n,
    );
    // Pipes are written synchronously on POSIX, so a printed ack has left this process.
    process.stdout.write(`ack ${streamId} ${revision} ${eventId}\n`);
  }
}

async function main(): Promise<void> {
  const [file, prefix] = process.argv.slice(2);
  const store = await SqliteEventStore.open({ file, synchronous: 'full' });
  process.stdout.write('ready\n');
  await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(store, `${prefix}-${i}`)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
