import { EventLog, accountRegistered, sessionStarted } from '../contract/recorded-event.fixtures';
import { projectSession } from '../projections/sessions.projection';
import { projectUser } from '../projections/users.projection';
import { sessionDocument, sessionRecord, userDocument, userRecord } from './mongo-records';

describe('mongo records', () => {
  const log = new EventLog(2n ** 63n + 5n);

  it('stores a session under its id with a position key, and reads it back exactly', () => {
    const doc = projectSession(null, log.record(sessionStarted('s1', 'u1', { country: null })))!;

    const record = sessionRecord(doc);

    expect(record._id).toBe('s1');
    expect(record.lastPosition).toBe('09223372036854775813:09223372036854775813');
    expect(record).not.toHaveProperty('sessionId');
    expect(record).not.toHaveProperty('tokenHash');
    expect(sessionDocument(record)).toEqual(doc);
  });

  it('stores a user under its id and reads it back exactly', () => {
    const doc = projectUser(null, log.record(accountRegistered('u1', { email: null })))!;

    const record = userRecord(doc);

    expect(record._id).toBe('u1');
    expect(record).not.toHaveProperty('passwordHash');
    expect(userDocument(record)).toEqual(doc);
  });

  it('reads a user stored before profiles as one without a profile', () => {
    const doc = projectUser(null, log.record(accountRegistered('u2', { firstName: 'Ahmed' })))!;
    const {
      firstName: _firstName,
      lastName: _lastName,
      phone: _phone,
      accountType: _accountType,
      referralCode: _referralCode,
      ...before
    } = userRecord(doc);

    expect(userDocument(before)).toEqual({
      ...doc,
      firstName: null,
      lastName: null,
      phone: null,
      accountType: 'individual',
      referralCode: null,
    });
  });
});
