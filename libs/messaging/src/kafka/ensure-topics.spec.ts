import type { Admin } from 'kafkajs';
import { ensureTopics } from './ensure-topics';

function fakeAdmin(existing: string[]) {
  const created: unknown[] = [];
  const admin = {
    listTopics: async () => existing,
    createTopics: async (request: unknown) => {
      created.push(request);
      return true;
    },
  } as unknown as Admin;
  return { admin, created };
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
        waitForLeaders: true,
        topics: [{ topic: 'tangle.auth.mail.v1', numPartitions: 12, replicationFactor: -1 }],
      },
    ]);
  });

  it('does nothing when every topic exists', async () => {
    const { admin, created } = fakeAdmin(['a', 'b']);

    expect(await ensureTopics(admin, ['a', 'b', 'a'])).toEqual([]);
    expect(created).toEqual([]);
  });
});
