import {
  activeSessionIds,
  isActiveSession,
  NO_ACTIVE_SESSIONS,
  sessionLinked,
  sessionUnlinked,
  withoutExpired,
} from './active-sessions';

describe('active sessions', () => {
  const two = sessionLinked(sessionLinked(NO_ACTIVE_SESSIONS, 'a', 0, 100), 'b', 10, 50);

  it('drops nothing before the earliest end, and keeps the same value', () => {
    expect(two.nextEnd).toBe(50);
    expect(withoutExpired(two, 49)).toBe(two);
    expect(activeSessionIds(two, 49)).toEqual(['a', 'b']);
  });

  it('drops a session at its end, which is exclusive', () => {
    expect(activeSessionIds(two, 50)).toEqual(['a']);
    expect(isActiveSession(two, 'b', 50)).toBe(false);
    expect(withoutExpired(two, 50).nextEnd).toBe(100);
  });

  it('keeps a link without an end until it is unlinked', () => {
    const legacy = sessionLinked(two, 'old', 20, null);
    expect(activeSessionIds(legacy, 1_000)).toEqual(['old']);
    expect(activeSessionIds(sessionUnlinked(legacy, 'old', 1_000), 1_000)).toEqual([]);
  });

  it('answers right after the session with the earliest end is unlinked', () => {
    const left = sessionUnlinked(two, 'b', 20);
    expect(activeSessionIds(left, 60)).toEqual(['a']);
    expect(activeSessionIds(left, 100)).toEqual([]);
  });

  it('never changes the value it was given', () => {
    sessionLinked(two, 'c', 60, 200);
    sessionUnlinked(two, 'a', 20);
    expect([...two.ends.keys()]).toEqual(['a', 'b']);
  });
});
