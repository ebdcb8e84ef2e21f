import type { CommonPasswordList, PwnedPasswords } from '../ports';

/** A few of the most common passwords, enough for handler tests (the real list has 100,000). */
export const TEST_COMMON_PASSWORDS = ['password', '123456', 'qwerty', 'letmein', 'dragon'];

/** The offline list over a small in-memory set, compared without case like the real one. */
export class InMemoryCommonPasswordList implements CommonPasswordList {
  private readonly entries: Set<string>;
  constructor(entries: readonly string[] = TEST_COMMON_PASSWORDS) {
    this.entries = new Set(entries.map((entry) => entry.toLowerCase()));
  }
  async includesAny(candidates: readonly string[]): Promise<boolean> {
    return candidates.some((candidate) => this.entries.has(candidate.toLowerCase()));
  }
}

/** A range service that knows the given passwords, or fails like an unreachable one. */
export class FakePwnedPasswords implements PwnedPasswords {
  /** The passwords asked about, in order. */
  readonly asked: string[] = [];
  constructor(
    private readonly seen: ReadonlyMap<string, number>,
    private readonly failure: Error | null = null,
  ) {}
  async timesSeen(password: string): Promise<number> {
    this.asked.push(password);
    if (this.failure) throw this.failure;
    return this.seen.get(password) ?? 0;
  }
}
