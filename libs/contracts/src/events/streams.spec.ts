import { STREAM_CATEGORIES, Streams, categoryOf, isOwnStream } from './streams';

describe('stream categories', () => {
  it('lists the category of every stream the service writes', () => {
    const written = Object.values(Streams).map((streamOf) =>
      categoryOf((streamOf as (...keys: string[]) => string)('k1', 'k2')),
    );

    expect([...new Set(written)].sort()).toEqual([...STREAM_CATEGORIES].sort());
  });

  it("tells this service's streams from others in a shared $all", () => {
    expect(isOwnStream(Streams.account('u1'))).toBe(true);
    expect(isOwnStream(Streams.target('user', 'u1'))).toBe(true);
    expect(isOwnStream('orders-1')).toBe(false);
    expect(isOwnStream('account')).toBe(false);
    expect(isOwnStream('-account')).toBe(false);
    expect(isOwnStream('$ce-account')).toBe(false);
  });
});
