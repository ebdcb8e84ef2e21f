import Long from 'long';
import { auth } from './generated';
import {
  ProtoJsonError,
  fromProtoJson,
  methodRequestType,
  protocolType,
  resultType,
  toProtoJson,
} from './proto-json';

const signUp = protocolType('tangle.client.auth.SignUp');
const revoke = protocolType('tangle.client.auth.RevokeSessions');
const reset = protocolType('tangle.client.auth.ResetPassword');
const session = protocolType('tangle.client.auth.Session');
const sessions = protocolType('tangle.client.auth.Sessions');
const invitePreview = protocolType('tangle.client.auth.InvitePreview');

function refusal(run: () => unknown): ProtoJsonError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProtoJsonError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('protobuf JSON mapping: reading', () => {
  it('accepts lowerCamelCase and proto field names alike', () => {
    const camel = fromProtoJson(reset, {
      email: 'a@b.c',
      confirm: { code: '1', newPassword: 'x' },
    });
    const snake = fromProtoJson(reset, {
      email: 'a@b.c',
      confirm: { code: '1', new_password: 'x' },
    });
    expect(camel).toEqual({ email: 'a@b.c', confirm: { code: '1', newPassword: 'x' } });
    expect(snake).toEqual(camel);
  });

  it('reads 64-bit integers from decimal strings (and safe numbers) into unsigned Longs', () => {
    const read = fromProtoJson(revoke, { session_ids: ['18446744073709551615', 42] });
    const ids = read.sessionIds as Long[];
    expect(ids.map((id) => id.toString())).toEqual(['18446744073709551615', '42']);
    expect(ids[0].unsigned).toBe(true);
    // What the static module encodes from it decodes to the same values.
    const bytes = auth.RevokeSessions.encode(read).finish();
    expect(auth.RevokeSessions.decode(bytes).sessionIds.map(String)).toEqual([
      '18446744073709551615',
      '42',
    ]);
  });

  it('refuses 64-bit integers out of range, signed where unsigned, or not integers', () => {
    expect(
      refusal(() => fromProtoJson(revoke, { sessionIds: ['18446744073709551616'] })).message,
    ).toBe('sessionIds[0] must be between 0 and 18446744073709551615');
    expect(refusal(() => fromProtoJson(revoke, { sessionIds: ['-1'] })).path).toBe('sessionIds[0]');
    expect(refusal(() => fromProtoJson(revoke, { sessionIds: ['1e3'] })).message).toMatch(
      /sessionIds\[0\] must be an integer/,
    );
    expect(refusal(() => fromProtoJson(revoke, { sessionIds: [1.5] })).path).toBe('sessionIds[0]');
  });

  it('refuses an unknown field, naming it (nested fields by their path)', () => {
    const error = refusal(() => fromProtoJson(signUp, { name: 'Ada', nickname: 'ada' }));
    expect(error.path).toBe('nickname');
    expect(error.message).toBe('unknown field "nickname" in SignUp');
    expect(refusal(() => fromProtoJson(reset, { confirm: { pin: '1' } })).path).toBe('confirm.pin');
  });

  it('refuses values of the wrong type with a message, never a crash', () => {
    expect(refusal(() => fromProtoJson(signUp, { name: 42 })).message).toBe(
      'name must be a string, not a number',
    );
    expect(refusal(() => fromProtoJson(revoke, { sessionIds: '1' })).message).toBe(
      'sessionIds must be an array, not a string',
    );
    expect(refusal(() => fromProtoJson(reset, { confirm: 'x' })).message).toMatch(
      /^confirm must be a JSON object/,
    );
    expect(refusal(() => fromProtoJson(signUp, [])).message).toMatch(
      /^the body must be a JSON object/,
    );
    expect(refusal(() => fromProtoJson(signUp, null)).path).toBe('');
    const uint32 = protocolType('tangle.client.core.Initialize');
    expect(refusal(() => fromProtoJson(uint32, { client_id: -1 })).path).toBe('client_id');
    expect(refusal(() => fromProtoJson(uint32, { noSubscribe: 'yes' })).message).toBe(
      'noSubscribe must be true or false, not a string',
    );
  });

  it('refuses one field given in both spellings', () => {
    expect(
      refusal(() => fromProtoJson(reset, { confirm: { newPassword: 'a', new_password: 'b' } }))
        .path,
    ).toBe('confirm.new_password');
  });

  it('takes null as absent and enums by name or number', () => {
    expect(fromProtoJson(signUp, { name: 'Ada', email: null })).toEqual({ name: 'Ada' });
    expect(fromProtoJson(invitePreview, { targetType: 'GROUP' }).targetType).toBe(2);
    expect(fromProtoJson(invitePreview, { target_type: 3 }).targetType).toBe(3);
    expect(refusal(() => fromProtoJson(invitePreview, { targetType: 'NOPE' })).message).toBe(
      'targetType must be one of UNKNOWN, COMMUNITY, GROUP, USER, not "NOPE"',
    );
  });

  it('refuses two members of one oneof', () => {
    const error = refusal(() => fromProtoJson(invitePreview, { community: {}, user: {} }));
    expect(error.message).toBe('"user" and "community" are one of target_info: give one');
  });
});

describe('protobuf JSON mapping: writing', () => {
  it('writes JSON names, 64-bit integers as decimal strings, defaults of fields without presence', () => {
    const value: auth.ISession = {
      id: Long.fromString('386015309011615744', true),
      clientId: 0,
      deviceType: 'web',
      lastActive: Long.fromNumber(1796100421, true),
      country: 'FR',
    };
    expect(toProtoJson(session, value)).toEqual({
      id: '386015309011615744',
      clientId: 0,
      deviceType: 'web',
      deviceVersion: '',
      appName: '',
      appVersion: '',
      lastActive: '1796100421',
      country: 'FR',
    });
    expect(toProtoJson(sessions, { sessions: [] })).toEqual({ sessions: [], current: '0' });
  });

  it('writes what it reads', () => {
    const json = { email: 'a@b.c', confirm: { code: '123456', newPassword: 'Correct-Horse-1' } };
    expect(toProtoJson(reset, fromProtoJson(reset, json))).toEqual(json);
  });

  it('writes decoded static-module messages', () => {
    const bytes = auth.Authorization.encode({
      token: 'tgl_x',
      user: { id: Long.fromString('18446744073709551615', true), name: 'Ada' },
      sessionId: Long.fromNumber(7, true),
    }).finish();
    expect(toProtoJson(resultType('authorization'), auth.Authorization.decode(bytes))).toEqual({
      token: 'tgl_x',
      user: { id: '18446744073709551615', name: 'Ada', bot: false },
      sessionId: '7',
    });
  });
});

describe('method and result types', () => {
  it('finds the request message of a method and the message of a result case', () => {
    expect(methodRequestType('auth.signUp').fullName).toBe('.tangle.client.auth.SignUp');
    expect(methodRequestType('auth.resendEmailVerification').name).toBe('ResendEmailVerification');
    expect(resultType('sessions').fullName).toBe('.tangle.client.auth.Sessions');
  });
});
