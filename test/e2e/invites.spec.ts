import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { auth, longFromDecimal, longToDecimal, type refs } from '@tangle/protocol';
import { CODES, OsmiumClient, rpcFailure, type Authorization } from '../support/osmium-client';
import { removeDir, startApp, type AppProcess } from '../support/app-process';

const SERVICE_TOKEN = 'service-token-for-the-invites-suite-0123456789';
const COMMUNITY = '700000000000000001';
const GROUP = '700000000000000002';

/**
 * Invites end to end: the real service in a child process, targets posted by "their" services
 * to the internal endpoint, real WebSocket clients. The child's clock can be frozen through a
 * file (test/support/controlled-clock.js) for the expiry boundary.
 */
describe('invites over the Osmium WebSocket', () => {
  let app: AppProcess;
  let clockFile: string;
  const clients: OsmiumClient[] = [];
  let alice: { client: OsmiumClient; auth: Authorization };
  let bob: { client: OsmiumClient; auth: Authorization };
  let carol: { client: OsmiumClient; auth: Authorization };

  async function connect(): Promise<OsmiumClient> {
    const c = await OsmiumClient.connect(app.url);
    clients.push(c);
    await c.initialize();
    return c;
  }

  async function user(name: string) {
    const client = await connect();
    return { client, auth: await client.signUp({ name }) };
  }

  const setClock = (ms: number | null) => writeFileSync(clockFile, ms === null ? '' : String(ms));

  async function postTarget(body: unknown, token: string | null = SERVICE_TOKEN) {
    const response = await fetch(`${app.httpUrl}/internal/targets`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function create(
    client: OsmiumClient,
    chatRef: refs.IChatRef,
    options: { expiresAt?: number; maxUses?: number } = {},
  ): Promise<string> {
    const result = await client.call({
      chatsCreateChatInvite: {
        chatRef,
        ...(options.expiresAt === undefined
          ? {}
          : { expiresAt: longFromDecimal(String(options.expiresAt)) }),
        ...(options.maxUses === undefined ? {} : { maxUses: options.maxUses }),
      },
    });
    return result.createdInvite!.code!;
  }

  async function lookup(client: OsmiumClient, code: string): Promise<auth.IInvitePreview> {
    return (await client.call({ authLookupInvite: { code } })).invitePreview!;
  }

  const use = (client: OsmiumClient, code: string) => client.call({ authUseInvite: { code } });
  const id = (value: unknown) => longToDecimal(value as never);

  beforeAll(async () => {
    const dataDir = (await import('../support/app-process')).tempDataDir();
    clockFile = join(dataDir, 'clock');
    writeFileSync(clockFile, '');
    app = await startApp({
      dataDir,
      preload: ['test/support/controlled-clock.js'],
      env: {
        TEST_CLOCK_FILE: clockFile,
        TARGETS_SERVICE_TOKEN: SERVICE_TOKEN,
        WS_MAX_CONNECTIONS_PER_ADDRESS: '1000',
        APP_NAME: 'Tangle <Test>',
      },
    });
    alice = await user('Alice');
    bob = await user('Bob');
    carol = await user('Carol');
    const community = await postTarget({
      type: 'TARGET_TYPE_COMMUNITY',
      targetId: COMMUNITY,
      version: '1',
      snapshot: {
        name: 'Hikers <b>&</b> "friends"',
        ownerId: alice.auth.userId,
        memberIds: [bob.auth.userId],
        photo: { fileId: '42', preview: 'AQID' },
      },
    });
    expect(community).toEqual({ status: 200, body: { recorded: true } });
    const group = await postTarget({
      type: 'TARGET_TYPE_GROUP',
      targetId: GROUP,
      version: '1',
      snapshot: { name: 'Climbers', ownerId: alice.auth.userId, memberIds: [bob.auth.userId] },
    });
    expect(group.body).toEqual({ recorded: true });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    const exit = await app.stop();
    removeDir(app.dataDir);
    expect(exit).toBe(0);
  });

  it('creates each type, previews it signed out, lets another account use it, lists and deletes', async () => {
    const communityCode = await create(bob.client, {
      channel: { communityId: longFromDecimal(COMMUNITY), channelId: longFromDecimal('5') },
    });
    const groupCode = await create(alice.client, { group: { groupId: longFromDecimal(GROUP) } });
    const friendCode = await create(bob.client, { self: {} });
    for (const code of [communityCode, groupCode, friendCode]) {
      expect(code).toMatch(/^[A-HJ-NP-Za-km-z2-9]{10}$/);
    }

    const stranger = await connect();
    const community = await lookup(stranger, communityCode);
    expect(community.code).toBe(communityCode);
    expect(community.targetType).toBe(auth.InviteType.COMMUNITY);
    expect(id(community.creatorId)).toBe(bob.auth.userId);
    expect(id(community.targetId)).toBe(COMMUNITY);
    expect(community.creator).toMatchObject({ name: 'Bob' });
    expect(community.community).toMatchObject({ name: 'Hikers <b>&</b> "friends"', owner: false });
    expect(Buffer.from(community.community!.photo!.preview!)).toEqual(Buffer.from([1, 2, 3]));
    expect(community.chat ?? null).toBeNull();

    const group = await lookup(stranger, groupCode);
    expect(group.targetType).toBe(auth.InviteType.GROUP);
    expect(group.chat).toMatchObject({ name: 'Climbers' });
    expect(group.chat!.participantIds!.map(id).sort()).toEqual(
      [alice.auth.userId, bob.auth.userId].sort(),
    );
    // Signed in as its owner, the group says so.
    expect((await lookup(alice.client, groupCode)).chat!.owner).toBe(true);

    const friend = await lookup(stranger, friendCode);
    expect(friend.targetType).toBe(auth.InviteType.USER);
    expect(friend.user).toMatchObject({ name: 'Bob' });
    expect(id(friend.user!.id)).toBe(bob.auth.userId);
    expect(Number(id(friend.expiresAt))).toBeGreaterThan(Date.now() / 1000);

    // Carol uses all three; a second use is idempotent; Bob cannot befriend himself.
    for (const code of [communityCode, groupCode, friendCode]) await use(carol.client, code);
    await use(carol.client, groupCode);
    expect((await rpcFailure(use(bob.client, friendCode))).code).toBe(CODES.INVITE_OWN);
    expect((await rpcFailure(use(carol.client, 'Abcdefgh23'))).code).toBe(CODES.INVITE_NOT_FOUND);

    // Lists: the owner sees every invite of the community, a member their own, a stranger none.
    const ownersList = (
      await alice.client.call({
        chatsListChatInvites: { chatRef: { channel: { communityId: longFromDecimal(COMMUNITY) } } },
      })
    ).inviteList!.invites!;
    expect(ownersList.map((i) => i.code)).toEqual([communityCode]);
    expect(ownersList[0].community).toMatchObject({ owner: true });
    const bobsFriends = (await bob.client.call({ chatsListChatInvites: { chatRef: { self: {} } } }))
      .inviteList!.invites!;
    expect(bobsFriends.map((i) => i.code)).toEqual([friendCode]);
    const carolsView =
      (
        await carol.client.call({
          chatsListChatInvites: {
            chatRef: { channel: { communityId: longFromDecimal(COMMUNITY) } },
          },
        })
      ).inviteList!.invites ?? [];
    expect(carolsView).toEqual([]);
    const othersFriends = await rpcFailure(
      carol.client.call({
        chatsListChatInvites: { chatRef: { user: { userId: longFromDecimal(bob.auth.userId) } } },
      }),
    );
    expect(othersFriends.code).toBe(CODES.PERMISSION_DENIED);

    // Deleting: not Carol's to delete; the community's owner may delete Bob's invite.
    const refused = await rpcFailure(
      carol.client.call({ chatsDeleteChatInvite: { code: communityCode } }),
    );
    expect(refused.code).toBe(CODES.PERMISSION_DENIED);
    await alice.client.call({ chatsDeleteChatInvite: { code: communityCode } });
    const dave = await user('Dave');
    expect((await rpcFailure(use(dave.client, communityCode))).code).toBe(CODES.INVITE_DELETED);
    // A deleted code looks up like one that never existed.
    const deletedLookup = await rpcFailure(lookup(stranger, communityCode));
    const unknownLookup = await rpcFailure(lookup(stranger, 'Zzzzzzzzzz'));
    expect(deletedLookup.code).toBe(CODES.INVITE_NOT_FOUND);
    expect(deletedLookup.errorMessage).toBe(unknownLookup.errorMessage);
    const list =
      (
        await alice.client.call({
          chatsListChatInvites: {
            chatRef: { channel: { communityId: longFromDecimal(COMMUNITY) } },
          },
        })
      ).inviteList!.invites ?? [];
    expect(list).toEqual([]);
  });

  it('refuses invites to unknown targets, by strangers, and beyond the configured bounds', async () => {
    const unknown = await rpcFailure(
      bob.client.call({
        chatsCreateChatInvite: { chatRef: { group: { groupId: longFromDecimal('999') } } },
      }),
    );
    expect(unknown.code).toBe(CODES.NOT_FOUND);
    const stranger = await rpcFailure(
      carol.client.call({
        chatsCreateChatInvite: { chatRef: { group: { groupId: longFromDecimal(GROUP) } } },
      }),
    );
    expect(stranger.code).toBe(CODES.PERMISSION_DENIED);
    const forSomeoneElse = await rpcFailure(
      carol.client.call({
        chatsCreateChatInvite: { chatRef: { user: { userId: longFromDecimal(bob.auth.userId) } } },
      }),
    );
    expect(forSomeoneElse.code).toBe(CODES.PERMISSION_DENIED);
    const past = await rpcFailure(
      create(bob.client, { self: {} }, { expiresAt: Math.floor(Date.now() / 1000) - 1 }),
    );
    expect(past.code).toBe(CODES.INVALID_ARGUMENT);
    const tooFar = await rpcFailure(
      create(bob.client, { self: {} }, { expiresAt: Math.floor(Date.now() / 1000) + 400 * 86_400 }),
    );
    expect(tooFar.errorMessage).toMatch(/expires_at must be within/);
    const tooMany = await rpcFailure(create(bob.client, { self: {} }, { maxUses: 1_001 }));
    expect(tooMany.errorMessage).toMatch(/max_uses must be 1 to 1000/);
    const signedOut = await connect();
    expect((await rpcFailure(use(signedOut, 'Abcdefgh23'))).code).toBe(CODES.UNAUTHORIZED);
  });

  it('counts exactly five of 200 concurrent uses of an invite with max_uses = 5', async () => {
    const code = await create(
      alice.client,
      { group: { groupId: longFromDecimal(GROUP) } },
      { maxUses: 5 },
    );
    const racers = await Promise.all(Array.from({ length: 200 }, (_, i) => user(`Racer ${i}`)));
    const started = Date.now();
    const outcomes = await Promise.allSettled(racers.map((r) => use(r.client, code)));
    const wallMs = Date.now() - started;
    const used = outcomes.filter((o) => o.status === 'fulfilled').length;
    const refusals = outcomes
      .filter((o): o is PromiseRejectedResult => o.status === 'rejected')
      .map((o) => (o.reason as { code?: number }).code);
    expect(used).toBe(5);
    expect(refusals).toHaveLength(195);
    expect(new Set(refusals)).toEqual(new Set([CODES.INVITE_EXHAUSTED]));

    const db = new Database(join(app.dataDir, 'events.sqlite'), { readonly: true });
    try {
      const rows = db
        .prepare("SELECT data FROM events WHERE stream_id = ? AND type = 'invite.used.v1'")
        .all(`invite-${code}`) as { data: string }[];
      const counts = rows.map((row) => (JSON.parse(row.data) as { useCount: number }).useCount);
      expect(counts).toEqual([1, 2, 3, 4, 5]);
    } finally {
      db.close();
    }
    process.stdout.write(`invite race: 200 uses, max_uses 5, ${wallMs} ms\n`);
  }, 120_000);

  it('expires at the boundary by the server clock', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 3_600;
    const code = await create(
      alice.client,
      { group: { groupId: longFromDecimal(GROUP) } },
      { expiresAt },
    );
    const [early, late] = [await user('Early'), await user('Late')];
    const stranger = await connect();
    try {
      setClock(expiresAt * 1000 - 1);
      await use(early.client, code);
      expect((await lookup(stranger, code)).code).toBe(code);
      setClock(expiresAt * 1000);
      expect((await rpcFailure(use(late.client, code))).code).toBe(CODES.INVITE_EXPIRED);
      expect((await rpcFailure(lookup(stranger, code))).code).toBe(CODES.INVITE_NOT_FOUND);
      // The one who used it in time is not refused again.
      await use(early.client, code);
    } finally {
      setClock(null);
    }
  });

  it('serves /i/<code> with escaped Open Graph tags, and nothing for a dead code', async () => {
    const code = await create(bob.client, {
      channel: { communityId: longFromDecimal(COMMUNITY), channelId: longFromDecimal('5') },
    });
    const page = await fetch(`${app.httpUrl}/i/${code}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain(
      '<meta property="og:title" content="Join Hikers &lt;b&gt;&amp;&lt;/b&gt; &quot;friends&quot; on Tangle &lt;Test&gt;">',
    );
    expect(html).toContain('Bob invites you to the community');
    expect(html).toContain(`<meta property="og:url" content="http://localhost:`);
    expect(html).not.toContain('<b>&</b>');

    await bob.client.call({ chatsDeleteChatInvite: { code } });
    const dead = await fetch(`${app.httpUrl}/i/${code}`);
    const unknown = await fetch(`${app.httpUrl}/i/Zzzzzzzzzz`);
    expect(dead.status).toBe(404);
    const deadHtml = await dead.text();
    expect(deadHtml).toBe(await unknown.text());
    expect(deadHtml).not.toContain('Hikers');
    expect(deadHtml).not.toContain(code);
    const odd = await fetch(`${app.httpUrl}/i/%3Cscript%3E`);
    expect(odd.status).toBe(404);
    expect(await odd.text()).not.toContain('<script>');
  });

  it('refuses the internal targets endpoint without the right service token', async () => {
    const body = {
      type: 'TARGET_TYPE_GROUP',
      targetId: '700000000000000099',
      version: '1',
      snapshot: { name: 'Sneaky', ownerId: carol.auth.userId },
    };
    const missing = await postTarget(body, null);
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({ code: 'UNAUTHORIZED' });
    const wrong = await postTarget(body, `${SERVICE_TOKEN}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 'INVALID_TOKEN' });
    // Nothing was recorded: Carol cannot invite to a group the service never heard of.
    const refused = await rpcFailure(
      carol.client.call({
        chatsCreateChatInvite: {
          chatRef: { group: { groupId: longFromDecimal('700000000000000099') } },
        },
      }),
    );
    expect(refused.code).toBe(CODES.NOT_FOUND);
    // A stale version changes nothing; a newer one does.
    expect((await postTarget({ ...body, targetId: GROUP })).body).toEqual({ recorded: false });
    const moved = await postTarget({
      type: 'TARGET_TYPE_GROUP',
      targetId: GROUP,
      version: '2',
      members: { added: [carol.auth.userId] },
    });
    expect(moved.body).toEqual({ recorded: true });
    await create(carol.client, { group: { groupId: longFromDecimal(GROUP) } });
    const bad = await postTarget({ type: 'TARGET_TYPE_GROUP', targetId: GROUP, version: '3' });
    expect(bad.status).toBe(400);
  });
});

/** Lookups and uses count against the address and the account, so codes cannot be enumerated. */
describe('invite rate limits', () => {
  let app: AppProcess;
  const clients: OsmiumClient[] = [];

  beforeAll(async () => {
    app = await startApp({
      env: {
        RATE_LIMITS: 'on',
        RATE_LIMIT_INVITE_LOOKUP_ADDR: '20/1m',
        RATE_LIMIT_INVITE_LOOKUP_ACCOUNT: '3/1m',
        RATE_LIMIT_INVITE_USE_ADDR: '1000/1m',
        RATE_LIMIT_INVITE_USE_ACCOUNT: '4/1m',
        RATE_LIMIT_SIGN_UP_ADDR: '100/1h',
      },
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await app.stop();
    removeDir(app.dataDir);
  });

  async function connect(): Promise<OsmiumClient> {
    const c = await OsmiumClient.connect(app.url);
    clients.push(c);
    await c.initialize();
    return c;
  }

  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (error: { code?: number }) => error.code,
    );

  it('limits lookups per account and per address, guessed codes included, on every transport', async () => {
    const guesser = await connect();
    await guesser.signUp({ name: 'Guesser' });
    const guesses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        outcome(guesser.call({ authLookupInvite: { code: `Guess0000${i}`.slice(0, 10) } })),
      ),
    );
    expect(guesses.filter((c) => c === CODES.INVITE_NOT_FOUND)).toHaveLength(3);
    expect(guesses.filter((c) => c === CODES.RATE_LIMIT_EXCEEDED)).toHaveLength(7);

    // Signed out, the address limit holds: 20 per minute in all, over the WebSocket and HTTP.
    const anonymous = await connect();
    const overWs = await Promise.all(
      Array.from({ length: 15 }, () =>
        outcome(anonymous.call({ authLookupInvite: { code: 'Zzzzzzzzzz' } })),
      ),
    );
    const overHttp = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${app.httpUrl}/v1/auth/lookupInvite`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: 'Zzzzzzzzzz' }),
        }).then((r) => r.status),
      ),
    );
    const page = await fetch(`${app.httpUrl}/i/Zzzzzzzzzz`);
    const allowed =
      overWs.filter((c) => c === CODES.INVITE_NOT_FOUND).length +
      overHttp.filter((s) => s === 404).length;
    // The account's 10 tries counted against the address too (3 allowed, 7 refused there).
    expect(allowed).toBe(20 - 10);
    expect(
      overHttp.filter((s) => s === 429).length +
        overWs.filter((c) => c === CODES.RATE_LIMIT_EXCEEDED).length,
    ).toBe(15);
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('limits uses per account', async () => {
    const user = await connect();
    await user.signUp({ name: 'Spender' });
    const tries = await Promise.all(
      Array.from({ length: 6 }, () =>
        outcome(user.call({ authUseInvite: { code: 'Zzzzzzzzzz' } })),
      ),
    );
    expect(tries.filter((c) => c === CODES.INVITE_NOT_FOUND)).toHaveLength(4);
    expect(tries.filter((c) => c === CODES.RATE_LIMIT_EXCEEDED)).toHaveLength(2);
  });
});
