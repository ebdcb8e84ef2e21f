import {
  decodeClientFrame,
  encodeEmptyResult,
  encodeError,
  encodeResult,
  encodeUpdate,
  type ResultKind,
} from './frame-codec';
import { core, refs, type ClientMessage } from './generated';
import { longFromDecimal, longToDecimal } from './long';
import { resolveMethod } from './method-table';
import { forEachTopLevelField } from './wire-scan';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytesOf = (spaced: string) => Uint8Array.from(Buffer.from(spaced.replace(/\s+/g, ''), 'hex'));
const clientFrame = (message: core.ClientMessage.$Properties) =>
  core.ClientMessage.encode(message).finish();

function decodeOk(frame: Uint8Array): ClientMessage {
  const decoded = decodeClientFrame(frame);
  if (!decoded.ok) throw new Error(`expected a decodable frame: ${decoded.reason}`);
  return decoded.message;
}

function topLevelFields(frame: Uint8Array): number[] {
  const fields: number[] = [];
  forEachTopLevelField(frame, (f) => {
    fields.push(f.field);
  });
  return fields;
}

/** Deterministic PRNG so a failing fuzz case can be replayed. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('decodeClientFrame', () => {
  it('round-trips a request and resolves its method', () => {
    const frame = clientFrame({
      id: 42,
      authSignIn: { email: 'a@example.com', password: 'secret', totp: '123456' },
    });
    const message = decodeOk(frame);
    expect(message.id).toBe(42);
    const resolved = resolveMethod(message, frame);
    expect(resolved).toMatchObject({
      kind: 'call',
      method: 'auth.signIn',
      payload: { email: 'a@example.com', password: 'secret', totp: '123456' },
    });
  });

  it('keeps fixed64 ids above 2^53 exact', () => {
    const ids = ['18446744073709551615', '9007199254740993', '9223372036854775808', '1'];
    const frame = clientFrame({
      id: 1,
      authRevokeSessions: { sessionIds: ids.map(longFromDecimal) },
    });
    const message = decodeOk(frame);
    expect(message.authRevokeSessions?.sessionIds?.map(longToDecimal)).toEqual(ids);
  });

  it('keeps a chat ref and optional fields through a round trip', () => {
    const frame = clientFrame({
      id: 3,
      chatsCreateChatInvite: {
        chatRef: {
          channel: {
            communityId: longFromDecimal('1311768467463790320'),
            channelId: longFromDecimal('2'),
          },
        },
        expiresAt: longFromDecimal('1700000000'),
        maxUses: 0,
      },
    });
    const invite = decodeOk(frame).chatsCreateChatInvite;
    const ref = invite!.chatRef as refs.ChatRef;
    expect(ref.ref).toBe('channel');
    expect(longToDecimal(ref.channel!.communityId!)).toBe('1311768467463790320');
    expect(invite?.maxUses).toBe(0);
    expect(longToDecimal(invite!.expiresAt!)).toBe('1700000000');
  });

  it('accepts an empty keep-alive ClientMessage { id }', () => {
    const frame = bytesOf('08 01');
    const message = decodeOk(frame);
    expect(message.id).toBe(1);
    expect(resolveMethod(message, frame)).toEqual({ kind: 'keepAlive', method: null });
  });

  it('treats an empty frame as a keep-alive with id 0', () => {
    const frame = new Uint8Array(0);
    expect(resolveMethod(decodeOk(frame), frame)).toEqual({ kind: 'keepAlive', method: null });
  });

  it.each([
    ['another service method (field 4)', '08 05  22 03 0a 01 78', 4],
    ['another service method (field 100)', '08 05  a2 06 00', 100],
    ['an unknown varint field before the id', 'a0 06 01  08 05', 100],
    ['one of our methods with the wrong wire type', '08 05  10 01', 2],
  ])('reports %s as unknownField', (_name, spaced, field) => {
    const frame = bytesOf(spaced);
    const message = decodeOk(frame);
    expect(message.id).toBe(5);
    expect(resolveMethod(message, frame)).toEqual({
      kind: 'unknown',
      method: null,
      unknownField: field,
    });
  });

  it('fails a truncated frame and salvages the request id', () => {
    const frame = clientFrame({ id: 77, authAuthorize: { token: 'a-long-enough-token' } });
    const decoded = decodeClientFrame(frame.subarray(0, frame.length - 3));
    expect(decoded).toMatchObject({ ok: false, reqId: 77 });
    expect(decoded.ok === false && decoded.reason.length).toBeGreaterThan(0);
  });

  it('salvages the last id, as protobuf reads a repeated scalar', () => {
    expect(decodeClientFrame(bytesOf('08 01  08 02  12 05 0a'))).toMatchObject({
      ok: false,
      reqId: 2,
    });
  });

  it('omits reqId when none can be read', () => {
    const decoded = decodeClientFrame(bytesOf('12 05 0a'));
    expect(decoded.ok).toBe(false);
    expect(decoded).not.toHaveProperty('reqId');
  });

  it('survives a 100 MB length prefix', () => {
    // id = 9, then field 2 (auth_sign_in) claiming 104857600 bytes, followed by three.
    const frame = bytesOf('08 09  12 80 80 80 32  0a 01 61');
    expect(decodeClientFrame(frame)).toMatchObject({ ok: false, reqId: 9 });
  });

  it('survives a length prefix beyond 2^32', () => {
    const frame = bytesOf('08 09  12 ff ff ff ff ff ff ff ff 01  0a');
    expect(decodeClientFrame(frame)).toMatchObject({ ok: false, reqId: 9 });
  });

  it('survives 10,000-deep nested groups, closed and unclosed', () => {
    const depth = 10_000;
    const open = bytesOf('a3 06'); // field 100, start group
    const close = bytesOf('a4 06'); // field 100, end group
    const closed = new Uint8Array(2 + depth * 4);
    const unclosed = new Uint8Array(2 + depth * 2);
    closed.set(bytesOf('08 0b'));
    unclosed.set(bytesOf('08 0b'));
    for (let i = 0; i < depth; i++) {
      closed.set(open, 2 + i * 2);
      closed.set(close, 2 + depth * 2 + i * 2);
      unclosed.set(open, 2 + i * 2);
    }
    for (const frame of [closed, unclosed]) {
      const decoded = decodeClientFrame(frame);
      if (decoded.ok) {
        expect(resolveMethod(decoded.message, frame)).toMatchObject({ unknownField: 100 });
      } else {
        expect(decoded.reqId).toBe(11);
      }
    }
  });

  it('survives deep groups inside one of our methods', () => {
    const depth = 10_000;
    const body = new Uint8Array(depth).fill(0x1b); // field 3, start group, nested 10,000 deep
    const header = bytesOf('08 0c  a2 01'); // id 12, auth_authorize
    const len = Buffer.from([0x90, 0x4e]); // 10000
    const frame = new Uint8Array(header.length + len.length + body.length);
    frame.set(header);
    frame.set(len, header.length);
    frame.set(body, header.length + len.length);
    expect(decodeClientFrame(frame)).toMatchObject({ ok: false, reqId: 12 });
  });

  it('never throws on 10,000 random or truncated frames', () => {
    const random = mulberry32(0x7a9e1e);
    const valid = [
      clientFrame({ id: 1, authSignIn: { email: 'e@x.io', password: 'pw', totp: '1' } }),
      clientFrame({ id: 2, authRevokeSessions: { sessionIds: [longFromDecimal('99')] } }),
      clientFrame({
        id: 3,
        chatsCreateChatInvite: { chatRef: { group: { groupId: longFromDecimal('5') } } },
      }),
      clientFrame({ id: 4, coreInitialize: { clientId: 1, deviceType: 'web' } }),
      clientFrame({ id: 5, authResetPassword: { email: 'e', confirm: { code: 'c' } } }),
    ];
    let failures = 0;
    for (let i = 0; i < 10_000; i++) {
      let frame: Uint8Array;
      const mode = i % 4;
      const base = valid[i % valid.length];
      if (mode === 0) {
        frame = Uint8Array.from({ length: Math.floor(random() * 64) }, () => random() * 256);
      } else if (mode === 1) {
        frame = base.subarray(0, Math.floor(random() * base.length));
      } else {
        frame = Uint8Array.from(base);
        const flips = 1 + Math.floor(random() * 4);
        for (let f = 0; f < flips; f++) frame[Math.floor(random() * frame.length)] = random() * 256;
        if (mode === 3) frame = frame.subarray(0, Math.floor(random() * (frame.length + 1)));
      }
      const decoded = decodeClientFrame(frame);
      if (decoded.ok) {
        expect(() => resolveMethod(decoded.message, frame)).not.toThrow();
      } else {
        failures++;
        expect(typeof decoded.reason).toBe('string');
        if (decoded.reqId !== undefined) expect(decoded.reqId >>> 0).toBe(decoded.reqId);
      }
      if (mode === 1 && frame.length >= 2) {
        // The id is the first field, so any truncation after it keeps it readable.
        expect(decoded.ok ? decoded.message.id : decoded.reqId).toBe((i % valid.length) + 1);
      }
    }
    expect(failures).toBeGreaterThan(0);
  });
});

describe('encoders', () => {
  const sameAsCanonical = (bytes: Uint8Array, message: core.ServerMessage.$Properties) =>
    expect(hex(bytes)).toBe(hex(core.ServerMessage.encode(message).finish()));

  const results: { [K in ResultKind]: NonNullable<core.RPCResult.$Properties[K]> } = {
    authorization: {
      token: 'tok',
      sessionId: longFromDecimal('18446744073709551615'),
      user: { id: longFromDecimal('9007199254740993'), name: 'Zoë', bot: false },
    },
    createdInvite: { code: 'abc' },
    initialized: {
      entrypoints: { entrypoints: [{ hostname: 'h', port: 443, region: 1 }] },
      vapidPublicKey: 'k',
    },
    sessions: {
      sessions: [{ id: longFromDecimal('3'), appName: 'web' }],
      current: longFromDecimal('3'),
    },
    invitePreview: { code: 'x', targetType: 3, user: { name: 'u' } },
    inviteList: { invites: [{ code: 'a' }, { code: 'b' }] },
    account: { email: 'a@b.c', confirmed: true, hasPassword: true },
    totp: { enabled: false, url: 'otpauth://totp/x', backupCodes: [{ code: '1', used: false }] },
  };

  it.each(Object.keys(results) as ResultKind[])(
    'encodeResult(%s) matches canonical encoding',
    (kind) => {
      const value = results[kind];
      sameAsCanonical(encodeResult(5, kind, value as never), {
        result: { reqId: 5, [kind]: value },
      });
      sameAsCanonical(encodeResult(4_294_967_295, kind, value as never, 'trace-1'), {
        result: { reqId: 4_294_967_295, [kind]: value, traceId: 'trace-1' },
      });
    },
  );

  it('encodeResult keeps fixed64 exact', () => {
    const frame = encodeResult(1, 'authorization', results.authorization);
    const decoded = core.ServerMessage.decode(frame);
    expect(decoded.message).toBe('result');
    expect(decoded.result?.result).toBe('authorization');
    const authz = decoded.result!.authorization!;
    expect(longToDecimal(authz.sessionId!)).toBe('18446744073709551615');
    expect(longToDecimal(authz.user!.id!)).toBe('9007199254740993');
  });

  it('encodeResult rejects a case that is not a result', () => {
    expect(() => encodeResult(1, 'nope' as ResultKind, {} as never)).toThrow(TypeError);
  });

  it.each([
    [1, 5, 'NOT_SERVED', undefined],
    [0, 0, '', undefined],
    [300, 2 ** 32 - 1, 'ünïcødé ✓ 😀', 'trace'],
    [7, 128, 'x'.repeat(200), 't'.repeat(300)],
    [9, 1, 'lone \ud800 surrogate', ''],
  ] as const)('encodeError(%p, %p, ...) matches canonical encoding', (reqId, code, msg, trace) => {
    const bytes = encodeError(reqId, code, msg, trace);
    const result: core.RPCResult.$Properties = {
      reqId,
      error: { errorCode: code, errorMessage: msg },
    };
    if (trace !== undefined) result.traceId = trace;
    const decoded = core.ServerMessage.decode(bytes);
    expect(decoded.result?.error?.errorCode).toBe(code);
    expect(decoded.result?.error?.errorMessage).toBe(Buffer.from(msg, 'utf8').toString('utf8'));
    expect(decoded.result?.reqId).toBe(reqId);
    if (trace === undefined) expect(decoded.result?.traceId).toBeNull();
    else expect(decoded.result?.traceId).toBe(trace);
    if (!msg.includes('\ud800')) sameAsCanonical(bytes, { result });
  });

  it('encodeError writes an error case even when code and message are empty', () => {
    expect(hex(encodeError(1, 0, ''))).toBe('1a04080112' + '00');
  });

  it('encodeEmptyResult carries req_id and no result field', () => {
    const bytes = encodeEmptyResult(260);
    expect(hex(bytes)).toBe('1a03' + '088402');
    const decoded = core.ServerMessage.decode(bytes);
    expect(decoded.result?.reqId).toBe(260);
    expect(decoded.result?.result).toBeUndefined();
    const inner = decoded.result && core.RPCResult.encode(decoded.result).finish();
    expect(topLevelFields(inner!)).toEqual([1]);
  });

  it('encodeEmptyResult with a trace id', () => {
    const bytes = encodeEmptyResult(1, 'ab');
    expect(hex(bytes)).toBe('1a07' + '0801' + 'aa02026162');
    sameAsCanonical(bytes, { result: { reqId: 1, traceId: 'ab' } });
  });

  it('encodeUpdate wraps the update in ServerMessage.update', () => {
    const sessionId = longFromDecimal('12345678901234567890');
    const bytes = encodeUpdate({ sessionDeleted: { sessionId } });
    sameAsCanonical(bytes, { update: { sessionDeleted: { sessionId } } });
    const decoded = core.ServerMessage.decode(bytes);
    expect(decoded.message).toBe('update');
    expect(longToDecimal(decoded.update!.sessionDeleted!.sessionId!)).toBe('12345678901234567890');
  });

  it('matches canonical encoding for random errors', () => {
    const random = mulberry32(42);
    const alphabet = 'abcXYZ019 _-é€😀\n';
    for (let i = 0; i < 2_000; i++) {
      const reqId = Math.floor(random() * 2 ** 32);
      const code = Math.floor(random() * 2 ** (random() * 32));
      const chars = Array.from(alphabet);
      const text = Array.from(
        { length: Math.floor(random() * 80) },
        () => chars[Math.floor(random() * chars.length)],
      ).join('');
      const trace = random() < 0.5 ? undefined : Array.from(text).slice(0, 10).join('');
      const result: core.RPCResult.$Properties = {
        reqId,
        error: { errorCode: code, errorMessage: text },
      };
      if (trace !== undefined) result.traceId = trace;
      sameAsCanonical(encodeError(reqId, code, text, trace), { result });
    }
  });
});
