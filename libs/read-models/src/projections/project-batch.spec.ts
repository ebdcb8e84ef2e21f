import { EventLog, T0, sessionSeen, sessionStarted } from '../contract/recorded-event.fixtures';
import { keysOf, lastPositionOf, projectBatch } from './project-batch';
import { sessionsProjection, type SessionDocument } from './sessions.projection';

describe('projectBatch', () => {
  it('loads each document once and returns only the final state of changed documents', () => {
    const log = new EventLog();
    const stored = sessionsProjection.project(null, log.record(sessionStarted('s0', 'u1')))!;
    const events = [
      log.record(sessionStarted('s1', 'u1')),
      log.record(sessionSeen('s1', 'u1', T0 + 5)),
      log.record(sessionSeen('s1', 'u1', T0 + 9)),
      log.record(sessionSeen('missing', 'u1', T0)),
    ];
    const loads: string[] = [];

    const changed = projectBatch(sessionsProjection, events, (key): SessionDocument | null => {
      loads.push(key);
      return key === 's0' ? stored : null;
    });

    expect(loads).toEqual(['s1', 'missing']);
    expect([...changed.keys()]).toEqual(['s1']);
    expect(changed.get('s1')?.lastActive).toBe(T0 + 9);
    expect(changed.get('s1')?.lastPosition).toEqual(events[2].position);
    expect(keysOf(sessionsProjection, events)).toEqual(['s1', 'missing']);
  });

  it('finds the highest position of a batch, commit first, then prepare', () => {
    const log = new EventLog();
    const events = [
      log.record(sessionStarted('a', 'u'), { commit: 5n, prepare: 7n }),
      log.record(sessionStarted('b', 'u'), { commit: 5n, prepare: 9n }),
      log.record(sessionStarted('c', 'u'), { commit: 4n, prepare: 99n }),
    ];

    expect(lastPositionOf(events)).toEqual({ commit: 5n, prepare: 9n });
    expect(lastPositionOf([])).toBeNull();
  });
});
