import type { Admin } from 'kafkajs';
import { ensureTopics } from './ensure-topics';

/** An admin whose metadata answers come from `metadata`, one per call, the last repeated. */
function fakeAdmin(existing: string[], metadata: Array<() => unknown> = []) {
  const created: unknown[] = [];
  let calls = 0;
  const admin = {
    listTopics: async () => existing,
    createTopics: async (request: unknown) => {
      created.push(request);
      return true;
    },
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
      const answer = metadata[Math.min(calls++, metadata.length - 1)];
      if (answer) return answer();
      return { topics: topics.map((name) => ({ name, partitions: [{ leader: 1 }] })) };
    },
  } as unknown as Admin;
  return { admin, created, metadataCalls: () => calls };
}

/** What kafkajs throws for UNKNOWN_TOPIC_OR_PARTITION: a retriable protocol error. */
function unknownTopic(): never {
  throw Object.assign(new Error('This server does not host this topic-partition'), {
    retriable: true,
    type: 'UNKNOWN_TOPIC_OR_PARTITION',
  });
}

describe('ensureTopics', () => {
  it('creates only the topics that are missing, with the partition count asked for', async () => {
    const { admin, created } = fakeAdmin(['tangle.auth.events.v1']);

    const result = await ensureTopics(admin, ['tangle.auth.events.v1', 'tangle.auth.mail.v1'], {
      numPartitions: 12,
    });

    expect(result).toEqual(['tangle.auth.mail.v1']);
    expect(created).toEqual([
      {
        waitForLeaders: false,
        topics: [{ topic: 'tangle.auth.mail.v1', numPartitions: 12, replicationFactor: -1 }],
      },
    ]);
  });

  it('does nothing when every topic exists', async () => {
    const { admin, created } = fakeAdmin(['a', 'b']);

    expect(await ensureTopics(admin, ['a', 'b', 'a'])).toEqual([]);
    expect(created).toEqual([]);
  });

  it('waits out a broker that does not know the new topic yet, then a leaderless partition', async () => {
    const { admin, metadataCalls } = fakeAdmin(
      [],
      [
        unknownTopic,
        unknownTopic,
        () => ({ topics: [{ name: 't', partitions: [{ leader: -1 }] }] }),
        () => ({ topics: [{ name: 't', partitions: [{ leader: 3 }] }] }),
      ],
    );
    await expect(ensureTopics(admin, ['t'])).resolves.toEqual(['t']);
    expect(metadataCalls()).toBe(4);
  });

  it('gives up past its timeout, naming the topics', async () => {
    const { admin } = fakeAdmin([], [unknownTopic]);
    await expect(ensureTopics(admin, ['t'], { leaderTimeoutMs: 200 })).rejects.toThrow(
      /topics t not ready after 200 ms: This server does not host/,
    );
  });

  it('does not retry an error that is not retriable', async () => {
    const { admin, metadataCalls } = fakeAdmin(
      [],
      [
        () => {
          throw new Error('SASL authentication failed');
        },
      ],
    );
    await expect(ensureTopics(admin, ['t'])).rejects.toThrow('SASL authentication failed');
    expect(metadataCalls()).toBe(1);
  });
});
