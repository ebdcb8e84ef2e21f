import { AuthError, InviteUsed, TargetSnapshotted } from '@tangle/contracts';
import { defaultRateLimitRules } from '../limits/rate-limit-rules';
import { RateLimits } from '../limits/rate-limits';
import type { Clock, SecretGenerator } from '../ports';
import type { RequestContext } from '../shared/request-context';
import { InMemoryEventStore } from '../testing/in-memory-event-store';
import { InMemoryRateLimitStore } from '../testing/in-memory-rate-limit-store';
import { CreateInviteCommand, RecordTargetFactCommand, UseInviteCommand } from './invite.commands';
import { CreateInviteHandler, RecordTargetFactHandler, UseInviteHandler } from './invite.handlers';
import { InviteStream, TargetStream } from './invite-streams';

const NOW = Date.UTC(2026, 5, 1);
const clock: Clock = { now: () => NOW };
const context = (): RequestContext => ({
  correlationId: `c${Math.random()}`,
  actorUserId: null,
  actorSessionId: null,
  clientIp: '127.0.0.1',
});

/** Draws the given codes in order, then fails the test if asked for more. */
function codes(...drawn: string[]): SecretGenerator {
  return {
    numericCode: () => '0',
    urlToken: () => 't',
    uuid: () => 'u',
    fromAlphabet: () => {
      const next = drawn.shift();
      if (next === undefined) throw new Error('no more codes');
      return next;
    },
  };
}

function setup(secrets: SecretGenerator) {
  const store = new InMemoryEventStore();
  const limits = new RateLimits(
    new InMemoryRateLimitStore(),
    { enabled: false, rules: defaultRateLimitRules() },
    clock,
  );
  const invites = new InviteStream(store);
  const targets = new TargetStream(store);
  const settings = { maxLifetimeMs: 86_400_000, maxUses: 1_000 };
  return {
    store,
    create: new CreateInviteHandler(clock, secrets, settings, invites, targets, limits),
    use: new UseInviteHandler(clock, invites, limits),
    record: new RecordTargetFactHandler(clock, targets),
  };
}

describe('invite handlers', () => {
  it('draws another code when the first is taken, appending with no stream', async () => {
    const app = setup(codes('Taken00002', 'Taken00002', 'Fresh00003'));
    const first = await app.create.execute(
      new CreateInviteCommand('11', 'user', '11', null, null, context()),
    );
    const second = await app.create.execute(
      new CreateInviteCommand('12', 'user', '12', null, 3, context()),
    );
    expect(first.code).toBe('Taken00002');
    expect(second.code).toBe('Fresh00003');
    const created = app.store.all.filter((e) => e.streamId === 'invite-Taken00002');
    expect(created).toHaveLength(1);
    expect(created[0].data).toMatchObject({ creatorId: '11' });
  });

  it('gives up with UNAVAILABLE after five taken codes', async () => {
    const app = setup(codes(...Array<string>(6).fill('Taken00002')));
    await app.create.execute(new CreateInviteCommand('11', 'user', '11', null, null, context()));
    await expect(
      app.create.execute(new CreateInviteCommand('12', 'user', '12', null, null, context())),
    ).rejects.toMatchObject({ errorName: 'UNAVAILABLE' });
  });

  it('checks membership on the target stream, recorded from the owner facts', async () => {
    const app = setup(codes('Group22222', 'Group33333', 'Group44444'));
    const createFor = (userId: string) =>
      app.create.execute(new CreateInviteCommand(userId, 'group', '77', null, null, context()));
    // Refused for the unknown target after drawing its code (Group22222), which stays unused.
    await expect(createFor('21')).rejects.toMatchObject({ errorName: 'NOT_FOUND' });
    const recorded = await app.record.execute(
      new RecordTargetFactCommand(
        'group',
        '77',
        '5',
        { kind: 'snapshot', name: '  Climbers ', photo: null, ownerId: '20', memberIds: ['21'] },
        context(),
      ),
    );
    expect(recorded).toBe(true);
    expect(app.store.all.find((e) => e.type === TargetSnapshotted)?.data).toMatchObject({
      name: 'Climbers',
    });
    await expect(createFor('21')).resolves.toMatchObject({ code: 'Group33333' });
    await expect(createFor('22')).rejects.toMatchObject({ errorName: 'PERMISSION_DENIED' });
  });

  it('refuses target facts it would not store', async () => {
    const app = setup(codes());
    const fact = (name: string, version = '1') =>
      app.record.execute(
        new RecordTargetFactCommand(
          'group',
          '77',
          version,
          { kind: 'snapshot', name, photo: null, ownerId: '20', memberIds: [] },
          context(),
        ),
      );
    await expect(fact('')).rejects.toMatchObject({ errorName: 'INVALID_ARGUMENT' });
    await expect(fact('a\u202eb')).rejects.toThrow(/bidirectional/);
    await expect(fact('ok', '18446744073709551616')).rejects.toThrow(/64-bit/);
  });

  it('counts exactly max_uses of 200 concurrent uses, answering every other one EXHAUSTED', async () => {
    const app = setup(codes('RacedCode2'));
    const { code } = await app.create.execute(
      new CreateInviteCommand('11', 'user', '11', null, 5, context()),
    );
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        app.use.execute(new UseInviteCommand(String(100 + i), code, context())),
      ),
    );
    const refusals = outcomes
      .filter((o): o is PromiseRejectedResult => o.status === 'rejected')
      .map((o) => (o.reason as AuthError).errorName);
    expect(refusals).toHaveLength(195);
    expect(new Set(refusals)).toEqual(new Set(['INVITE_EXHAUSTED']));
    const used = app.store.all.filter((e) => e.type === InviteUsed);
    expect(used.map((e) => (e.data as { useCount: number }).useCount)).toEqual([1, 2, 3, 4, 5]);
  });

  it('answers a malformed code as unknown without reading a stream', async () => {
    const app = setup(codes());
    const read = jest.spyOn(app.store, 'readStream');
    await expect(
      app.use.execute(new UseInviteCommand('11', '../../etc', context())),
    ).rejects.toMatchObject({ errorName: 'INVITE_NOT_FOUND' });
    expect(read).not.toHaveBeenCalled();
  });
});
