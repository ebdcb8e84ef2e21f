import { core } from './generated';
import {
  METHOD_NAMES,
  METHOD_TABLE,
  methodCase,
  resolveMethod,
  type MethodCase,
} from './method-table';
import { forEachTopLevelField } from './wire-scan';

describe('method table', () => {
  it('names every method as the seeds write them', () => {
    expect([...METHOD_NAMES].sort()).toEqual(
      [
        'auth.signIn',
        'auth.signUp',
        'auth.authorize',
        'auth.getSessions',
        'auth.revokeSessions',
        'auth.resetPassword',
        'auth.verifyEmail',
        'auth.resendEmailVerification',
        'auth.lookupInvite',
        'auth.useInvite',
        'core.initialize',
        'chats.createChatInvite',
        'chats.listChatInvites',
        'chats.deleteChatInvite',
        'settings.getAccount',
        'settings.changePassword',
        'settings.changeEmail',
        'settings.setupTotp',
        'settings.requestTakeout',
        'settings.deleteAccount',
      ].sort(),
    );
  });

  it.each(Object.keys(METHOD_TABLE) as MethodCase[])(
    '%s: field number and resolution agree with the generated code',
    (which) => {
      const entry = METHOD_TABLE[which];
      const frame = core.ClientMessage.encode({ id: 9, [which]: {} }).finish();
      const fields: number[] = [];
      forEachTopLevelField(frame, (f) => {
        fields.push(f.field);
      });
      expect(fields).toEqual([1, entry.field]);
      const message = core.ClientMessage.decode(frame);
      expect(message.message).toBe(which);
      expect(resolveMethod(message, frame)).toMatchObject({ kind: 'call', method: entry.method });
      expect(methodCase(entry.method)).toBe(which);
    },
  );

  it('does not know methods of other services', () => {
    expect(methodCase('messages.sendMessage')).toBeUndefined();
  });
});
