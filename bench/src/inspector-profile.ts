import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((done, fail) =>
    session.post(method, params, (error, result) => (error ? fail(error) : done(result as T))),
  );
}

/**
 * Profiles this process's main thread while `run` runs (the same sampler as --cpu-prof, but
 * only around the phase that matters) and writes the .cpuprofile into `dir`.
 */
export async function profileWhile(
  dir: string,
  name: string,
  run: () => Promise<unknown>,
): Promise<string> {
  const session = new Session();
  session.connect();
  try {
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.start');
    const outcome = await run().then(
      () => ({ ok: true as const }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const { profile } = await post<{ profile: object }>(session, 'Profiler.stop');
    if (!outcome.ok) throw outcome.error;
    const file = join(dir, `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    return file;
  } finally {
    session.disconnect();
  }
}
