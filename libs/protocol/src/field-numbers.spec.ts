import { auth, chats, core, refs, settings, types, updates } from './generated';
import { longFromDecimal } from './long';

/**
 * Every field number of shared/protocol/WIRE.md (and the seed's auth.proto), checked on the bytes
 * the generated encoders produce. Each case sets one field and spells out the exact frame: tag
 * byte(s), then the value. Expected bytes are written here by hand, never derived from the protos.
 */

interface Encodable<T> {
  encode(message: T): { finish(): Uint8Array };
}

type Case = [name: string, bytes: Uint8Array, expectedHex: string];

function enc<T>(type: Encodable<T>, message: T): Uint8Array {
  return type.encode(message).finish();
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const norm = (spaced: string) => spaced.replace(/\s+/g, '');
const L = longFromDecimal;

/** fixed64 little-endian bodies used below. */
const U64_1 = '01 00 00 00 00 00 00 00';
const U64_2 = '02 00 00 00 00 00 00 00';
const U64_MAX = 'ff ff ff ff ff ff ff ff';
const U64_2POW53_PLUS_1 = '01 00 00 00 00 00 20 00';

function check(cases: Case[]) {
  it.each(cases)('%s', (_name, bytes, expectedHex) => {
    expect(hex(bytes)).toBe(norm(expectedHex));
  });
}

describe('core.ClientMessage', () => {
  const CM = core.ClientMessage;
  check([
    ['id = 1 (uint32)', enc(CM, { id: 1 }), '08 01'],
    ['id = 300 (uint32 varint)', enc(CM, { id: 300 }), '08 ac 02'],
    ['auth_sign_in = 2', enc(CM, { authSignIn: {} }), '12 00'],
    ['auth_sign_up = 3', enc(CM, { authSignUp: {} }), '1a 00'],
    ['chats_create_chat_invite = 14', enc(CM, { chatsCreateChatInvite: {} }), '72 00'],
    ['auth_lookup_invite = 15', enc(CM, { authLookupInvite: {} }), '7a 00'],
    ['auth_use_invite = 16', enc(CM, { authUseInvite: {} }), '82 01 00'],
    ['core_initialize = 19', enc(CM, { coreInitialize: {} }), '9a 01 00'],
    ['auth_authorize = 20', enc(CM, { authAuthorize: {} }), 'a2 01 00'],
    ['auth_get_sessions = 41', enc(CM, { authGetSessions: {} }), 'ca 02 00'],
    ['auth_revoke_sessions = 42', enc(CM, { authRevokeSessions: {} }), 'd2 02 00'],
    ['auth_reset_password = 45', enc(CM, { authResetPassword: {} }), 'ea 02 00'],
    ['auth_verify_email = 46', enc(CM, { authVerifyEmail: {} }), 'f2 02 00'],
    [
      'auth_resend_email_verification = 47',
      enc(CM, { authResendEmailVerification: {} }),
      'fa 02 00',
    ],
    ['chats_delete_chat_invite = 59', enc(CM, { chatsDeleteChatInvite: {} }), 'da 03 00'],
    ['chats_list_chat_invites = 61', enc(CM, { chatsListChatInvites: {} }), 'ea 03 00'],
    ['settings_get_account = 75', enc(CM, { settingsGetAccount: {} }), 'da 04 00'],
    ['settings_change_password = 76', enc(CM, { settingsChangePassword: {} }), 'e2 04 00'],
    ['settings_change_email = 77', enc(CM, { settingsChangeEmail: {} }), 'ea 04 00'],
    ['settings_setup_totp = 83', enc(CM, { settingsSetupTotp: {} }), '9a 05 00'],
    ['settings_request_takeout = 84', enc(CM, { settingsRequestTakeout: {} }), 'a2 05 00'],
    ['settings_delete_account = 85', enc(CM, { settingsDeleteAccount: {} }), 'aa 05 00'],
    [
      'id then a method',
      enc(CM, { id: 7, authAuthorize: { token: 't' } }),
      '08 07  a2 01 03  2a 01 74',
    ],
  ]);
});

describe('core.ServerMessage', () => {
  const SM = core.ServerMessage;
  check([
    ['id = 1 (uint32)', enc(SM, { id: 1 }), '08 01'],
    ['update = 2', enc(SM, { update: {} }), '12 00'],
    ['result = 3', enc(SM, { result: {} }), '1a 00'],
  ]);
});

describe('core.RPCResult', () => {
  const R = core.RPCResult;
  check([
    ['req_id = 1 (uint32)', enc(R, { reqId: 1 }), '08 01'],
    ['trace_id = 37 (optional string)', enc(R, { traceId: 't' }), 'aa 02 01 74'],
    ['trace_id = 37 present even when empty', enc(R, { traceId: '' }), 'aa 02 00'],
    ['error = 2', enc(R, { error: {} }), '12 00'],
    ['authorization = 4', enc(R, { authorization: {} }), '22 00'],
    ['created_invite = 11', enc(R, { createdInvite: {} }), '5a 00'],
    ['initialized = 14', enc(R, { initialized: {} }), '72 00'],
    ['sessions = 19', enc(R, { sessions: {} }), '9a 01 00'],
    ['invite_preview = 23', enc(R, { invitePreview: {} }), 'ba 01 00'],
    ['invite_list = 27', enc(R, { inviteList: {} }), 'da 01 00'],
    ['account = 32', enc(R, { account: {} }), '82 02 00'],
    ['totp = 36', enc(R, { totp: {} }), 'a2 02 00'],
  ]);

  it('keeps 12 free: a field 12 on the wire sets no result', () => {
    const decoded = R.decode(Buffer.from(norm('08 01 62 00'), 'hex'));
    expect(decoded.reqId).toBe(1);
    expect(decoded.result).toBeUndefined();
  });
});

describe('core.RPCError / Initialize / Initialized / Entrypoints', () => {
  check([
    ['RPCError.error_code = 1', enc(core.RPCError, { errorCode: 7 }), '08 07'],
    ['RPCError.error_message = 2', enc(core.RPCError, { errorMessage: 'm' }), '12 01 6d'],
    ['Initialize.client_id = 1', enc(core.Initialize, { clientId: 1 }), '08 01'],
    ['Initialize.device_type = 2', enc(core.Initialize, { deviceType: 'a' }), '12 01 61'],
    ['Initialize.device_version = 3', enc(core.Initialize, { deviceVersion: 'a' }), '1a 01 61'],
    ['Initialize.app_version = 4', enc(core.Initialize, { appVersion: 'a' }), '22 01 61'],
    ['Initialize.no_subscribe = 5', enc(core.Initialize, { noSubscribe: true }), '28 01'],
    [
      'Initialized.entrypoints = 1 (Entrypoints wrapper)',
      enc(core.Initialized, { entrypoints: { entrypoints: [{ port: 1 }] } }),
      '0a 04  0a 02 18 01',
    ],
    [
      'Initialized.vapid_public_key = 2 (optional string)',
      enc(core.Initialized, { vapidPublicKey: '' }),
      '12 00',
    ],
    [
      'Entrypoints.entrypoints = 1 (repeated)',
      enc(core.Entrypoints, { entrypoints: [{}, {}] }),
      '0a 00 0a 00',
    ],
  ]);
});

describe('updates', () => {
  check([
    ['Update.session_deleted = 14', enc(updates.Update, { sessionDeleted: {} }), '72 00'],
    [
      'UpdateSessionDeleted.session_id = 1 (fixed64)',
      enc(updates.UpdateSessionDeleted, { sessionId: L('1') }),
      `09 ${U64_1}`,
    ],
  ]);
});

describe('types', () => {
  const U = types.User;
  check([
    ['User.id = 1 (fixed64)', enc(U, { id: L('18446744073709551615') }), `09 ${U64_MAX}`],
    ['User.name = 2', enc(U, { name: 'n' }), '12 01 6e'],
    ['User.username = 3 (optional)', enc(U, { username: '' }), '1a 00'],
    ['User.photo = 5 (optional)', enc(U, { photo: {} }), '2a 00'],
    ['User.bot = 6', enc(U, { bot: true }), '30 01'],
    ['User.icon = 7 (optional fixed64)', enc(U, { icon: L('2') }), `39 ${U64_2}`],
    ['User.icon = 7 present when zero', enc(U, { icon: L('0') }), '39 00 00 00 00 00 00 00 00'],
    ['User.color = 8 (optional uint32)', enc(U, { color: 0 }), '40 00'],
    ['ChatPhoto.file_id = 1 (fixed64)', enc(types.ChatPhoto, { fileId: L('1') }), `09 ${U64_1}`],
    [
      'ChatPhoto.preview = 2 (bytes)',
      enc(types.ChatPhoto, { preview: Uint8Array.of(5) }),
      '12 01 05',
    ],
    ['Group.id = 1 (fixed64)', enc(types.Group, { id: L('1') }), `09 ${U64_1}`],
    ['Group.name = 2', enc(types.Group, { name: 'g' }), '12 01 67'],
    ['Group.owner = 3', enc(types.Group, { owner: true }), '18 01'],
    [
      'Group.participant_ids = 4 (repeated fixed64, packed)',
      enc(types.Group, { participantIds: [L('1'), L('2')] }),
      `22 10 ${U64_1} ${U64_2}`,
    ],
    ['Group.photo = 5 (optional)', enc(types.Group, { photo: {} }), '2a 00'],
    ['Community.id = 1 (fixed64)', enc(types.Community, { id: L('1') }), `09 ${U64_1}`],
    ['Community.owner = 2', enc(types.Community, { owner: true }), '10 01'],
    ['Community.name = 3', enc(types.Community, { name: 'c' }), '1a 01 63'],
    ['Community.photo = 4 (optional)', enc(types.Community, { photo: {} }), '22 00'],
    [
      'Community.permissions = 5 (fixed64)',
      enc(types.Community, { permissions: L('2') }),
      `29 ${U64_2}`,
    ],
    [
      'Community.notif_prefs = 6 (NotifPrefs.DEFAULT = 3)',
      enc(types.Community, { notifPrefs: types.NotifPrefs.DEFAULT }),
      '30 03',
    ],
    ['Community.username = 7 (optional)', enc(types.Community, { username: '' }), '3a 00'],
    ['Entrypoint.hostname = 1', enc(types.Entrypoint, { hostname: 'h' }), '0a 01 68'],
    ['Entrypoint.ip_address = 2 (optional)', enc(types.Entrypoint, { ipAddress: '' }), '12 00'],
    ['Entrypoint.port = 3', enc(types.Entrypoint, { port: 443 }), '18 bb 03'],
    ['Entrypoint.region = 4', enc(types.Entrypoint, { region: 2 }), '20 02'],
  ]);

  it('NotifPrefs values', () => {
    expect({ ...types.NotifPrefs }).toMatchObject({ ALL: 0, MENTIONS: 1, NONE: 2, DEFAULT: 3 });
  });
});

describe('auth', () => {
  check([
    ['SignIn.email = 1', enc(auth.SignIn, { email: 'e' }), '0a 01 65'],
    ['SignIn.password = 2', enc(auth.SignIn, { password: 'p' }), '12 01 70'],
    ['SignIn.totp = 3 (optional)', enc(auth.SignIn, { totp: '1' }), '1a 01 31'],
    ['SignUp.email = 1 (optional)', enc(auth.SignUp, { email: '' }), '0a 00'],
    ['SignUp.password = 2 (optional)', enc(auth.SignUp, { password: '' }), '12 00'],
    ['SignUp.name = 3', enc(auth.SignUp, { name: 'n' }), '1a 01 6e'],
    ['Authorize.token = 5', enc(auth.Authorize, { token: 't' }), '2a 01 74'],
    ['Authorization.token = 1', enc(auth.Authorization, { token: 't' }), '0a 01 74'],
    ['Authorization.user = 2', enc(auth.Authorization, { user: {} }), '12 00'],
    [
      'Authorization.session_id = 3 (fixed64)',
      enc(auth.Authorization, { sessionId: L('9007199254740993') }),
      `19 ${U64_2POW53_PLUS_1}`,
    ],
    ['Sessions.sessions = 1', enc(auth.Sessions, { sessions: [{}] }), '0a 00'],
    ['Sessions.current = 2 (fixed64)', enc(auth.Sessions, { current: L('1') }), `11 ${U64_1}`],
    ['Session.id = 1 (fixed64)', enc(auth.Session, { id: L('1') }), `09 ${U64_1}`],
    ['Session.client_id = 2', enc(auth.Session, { clientId: 1 }), '10 01'],
    ['Session.device_type = 3', enc(auth.Session, { deviceType: 'a' }), '1a 01 61'],
    ['Session.device_version = 4', enc(auth.Session, { deviceVersion: 'a' }), '22 01 61'],
    ['Session.app_name = 5', enc(auth.Session, { appName: 'a' }), '2a 01 61'],
    ['Session.app_version = 6', enc(auth.Session, { appVersion: 'a' }), '32 01 61'],
    ['Session.last_active = 7 (fixed64)', enc(auth.Session, { lastActive: L('2') }), `39 ${U64_2}`],
    ['Session.country = 8 (optional)', enc(auth.Session, { country: '' }), '42 00'],
    ['Session.region = 9 (optional)', enc(auth.Session, { region: '' }), '4a 00'],
    [
      'RevokeSessions.session_ids = 1 (repeated fixed64, packed)',
      enc(auth.RevokeSessions, { sessionIds: [L('1'), L('18446744073709551615')] }),
      `0a 10 ${U64_1} ${U64_MAX}`,
    ],
    ['ResetPassword.email = 1', enc(auth.ResetPassword, { email: 'e' }), '0a 01 65'],
    [
      'ResetPassword.confirm = 2 (ResetPasswordConfirm code = 1, new_password = 2)',
      enc(auth.ResetPassword, { confirm: { code: 'c', newPassword: 'p' } }),
      '12 06  0a 01 63  12 01 70',
    ],
    ['VerifyEmail.email = 1', enc(auth.VerifyEmail, { email: 'e' }), '0a 01 65'],
    ['VerifyEmail.code = 2', enc(auth.VerifyEmail, { code: 'c' }), '12 01 63'],
    [
      'ResendEmailVerification.email = 1 (optional)',
      enc(auth.ResendEmailVerification, { email: '' }),
      '0a 00',
    ],
    ['LookupInvite.code = 1', enc(auth.LookupInvite, { code: 'c' }), '0a 01 63'],
    ['CreatedInvite.code = 1', enc(auth.CreatedInvite, { code: 'c' }), '0a 01 63'],
    ['UseInvite.code = 1', enc(auth.UseInvite, { code: 'c' }), '0a 01 63'],
    ['InvitePreview.code = 1', enc(auth.InvitePreview, { code: 'c' }), '0a 01 63'],
    [
      'InvitePreview.creator_id = 2 (fixed64)',
      enc(auth.InvitePreview, { creatorId: L('1') }),
      `11 ${U64_1}`,
    ],
    [
      'InvitePreview.target_id = 3 (fixed64)',
      enc(auth.InvitePreview, { targetId: L('1') }),
      `19 ${U64_1}`,
    ],
    [
      'InvitePreview.target_type = 4 (InviteType.USER = 3)',
      enc(auth.InvitePreview, { targetType: auth.InviteType.USER }),
      '20 03',
    ],
    [
      'InvitePreview.expires_at = 5 (optional fixed64)',
      enc(auth.InvitePreview, { expiresAt: L('0') }),
      '29 00 00 00 00 00 00 00 00',
    ],
    ['InvitePreview.creator = 6 (optional)', enc(auth.InvitePreview, { creator: {} }), '32 00'],
    ['InvitePreview.community = 7 (oneof)', enc(auth.InvitePreview, { community: {} }), '3a 00'],
    ['InvitePreview.chat = 8 (oneof)', enc(auth.InvitePreview, { chat: {} }), '42 00'],
    ['InvitePreview.user = 9 (oneof)', enc(auth.InvitePreview, { user: {} }), '4a 00'],
    ['InviteList.invites = 1', enc(auth.InviteList, { invites: [{}, {}] }), '0a 00 0a 00'],
  ]);

  it('InviteType values', () => {
    expect({ ...auth.InviteType }).toMatchObject({ UNKNOWN: 0, COMMUNITY: 1, GROUP: 2, USER: 3 });
  });

  it('InvitePreview.target_info is a oneof of 7, 8, 9', () => {
    const decoded = auth.InvitePreview.decode(Buffer.from(norm('3a 00 4a 00'), 'hex'));
    expect(decoded.targetInfo).toBe('user');
    expect(decoded.community).toBeNull();
  });
});

describe('refs and chats', () => {
  check([
    [
      'ChatRef.user = 1 (UserRef.user_id = 1, fixed64)',
      enc(refs.ChatRef, { user: { userId: L('1') } }),
      `0a 09 09 ${U64_1}`,
    ],
    [
      'ChatRef.channel = 2 (ChannelRef.community_id = 1, channel_id = 2)',
      enc(refs.ChatRef, { channel: { communityId: L('1'), channelId: L('2') } }),
      `12 12 09 ${U64_1} 11 ${U64_2}`,
    ],
    [
      'ChatRef.group = 3 (GroupRef.group_id = 1, fixed64)',
      enc(refs.ChatRef, { group: { groupId: L('2') } }),
      `1a 09 09 ${U64_2}`,
    ],
    ['ChatRef.self = 4 (RefSelf)', enc(refs.ChatRef, { self: {} }), '22 00'],
    [
      'CreateChatInvite.chat_ref = 1',
      enc(chats.CreateChatInvite, { chatRef: { self: {} } }),
      '0a 02 22 00',
    ],
    [
      'CreateChatInvite.expires_at = 2 (optional fixed64)',
      enc(chats.CreateChatInvite, { expiresAt: L('1') }),
      `11 ${U64_1}`,
    ],
    [
      'CreateChatInvite.max_uses = 3 (optional uint32)',
      enc(chats.CreateChatInvite, { maxUses: 0 }),
      '18 00',
    ],
    [
      'ListChatInvites.chat_ref = 1',
      enc(chats.ListChatInvites, { chatRef: { self: {} } }),
      '0a 02 22 00',
    ],
    ['DeleteChatInvite.code = 1', enc(chats.DeleteChatInvite, { code: 'c' }), '0a 01 63'],
  ]);
});

describe('settings', () => {
  check([
    ['GetAccount has no fields', enc(settings.GetAccount, {}), ''],
    ['Account.email = 1 (optional)', enc(settings.Account, { email: '' }), '0a 00'],
    ['Account.confirmed = 2', enc(settings.Account, { confirmed: true }), '10 01'],
    ['Account.has_password = 3', enc(settings.Account, { hasPassword: true }), '18 01'],
    ['Account.totp_enabled = 4', enc(settings.Account, { totpEnabled: true }), '20 01'],
    ['Account.pending_delete = 5', enc(settings.Account, { pendingDelete: true }), '28 01'],
    [
      'ChangePassword.current_password = 1',
      enc(settings.ChangePassword, { currentPassword: 'a' }),
      '0a 01 61',
    ],
    [
      'ChangePassword.new_password = 2',
      enc(settings.ChangePassword, { newPassword: 'a' }),
      '12 01 61',
    ],
    [
      'ChangePassword.revoke_sessions = 3',
      enc(settings.ChangePassword, { revokeSessions: true }),
      '18 01',
    ],
    ['ChangeEmail.new_email = 1', enc(settings.ChangeEmail, { newEmail: 'a' }), '0a 01 61'],
    ['SetupTotp.enabled = 1', enc(settings.SetupTotp, { enabled: true }), '08 01'],
    ['SetupTotp.code = 2 (optional)', enc(settings.SetupTotp, { code: '' }), '12 00'],
    ['Totp.enabled = 1', enc(settings.Totp, { enabled: true }), '08 01'],
    ['Totp.url = 2 (optional)', enc(settings.Totp, { url: '' }), '12 00'],
    [
      'Totp.backup_codes = 3 (BackupCode code = 1, used = 2)',
      enc(settings.Totp, { backupCodes: [{ code: 'c', used: true }] }),
      '1a 05  0a 01 63  10 01',
    ],
    [
      'DeleteAccount.cancel = 1 (optional bool)',
      enc(settings.DeleteAccount, { cancel: true }),
      '08 01',
    ],
    [
      'DeleteAccount.cancel = 1 present when false',
      enc(settings.DeleteAccount, { cancel: false }),
      '08 00',
    ],
    ['DeleteAccount without cancel', enc(settings.DeleteAccount, {}), ''],
  ]);
});

describe('fixed64 decoding', () => {
  it('decodes User.id and User.icon with wire type 1 exactly above 2^53', () => {
    const user = types.User.decode(
      Buffer.from(norm(`09 ${U64_2POW53_PLUS_1} 39 ${U64_MAX}`), 'hex'),
    );
    expect(user.id.toString()).toBe('9007199254740993');
    expect(user.icon?.toString()).toBe('18446744073709551615');
  });
});
