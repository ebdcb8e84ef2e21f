/**
 * Runs tasks one after another per key, and tasks of different keys freely. Deciders guard
 * streams with the expected revision; for a stream many requests of one process hit at once
 * (200 uses of one invite), taking turns here spares them the conflicts and the re-reads, so
 * each gets an answer from the decider rather than CONFLICT. Other processes are still kept
 * honest by the expected revision.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with tasks queued or running. */
  get size(): number {
    return this.tails.size;
  }
}
