import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the test servers' downloads and builds are kept between runs, outside the clone:
 * `$XDG_CACHE_HOME/tangle-auth` (default `~/.cache/tangle-auth`). Deleting it only costs the
 * next run the first download and build again.
 */
export function serverCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'tangle-auth');
}

/**
 * `<cache>/<name>`, built by `build` into a scratch folder on the first call and moved into place
 * only once complete, so an interrupted build leaves nothing that looks usable and two runs that
 * build at once both end with one whole copy.
 */
export async function cachedBuild(
  name: string,
  build: (into: string) => Promise<void>,
): Promise<string> {
  const root = serverCacheDir();
  const target = join(root, name);
  if (existsSync(target)) return target;
  mkdirSync(root, { recursive: true });
  const scratch = join(root, `${name}.partial-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(scratch);
  const started = Date.now();
  process.stderr.write(`test servers: building ${target} (first run on this machine only)\n`);
  try {
    await build(scratch);
    try {
      renameSync(scratch, target);
    } catch (error) {
      // Another run finished the same build first: keep its copy.
      if (!existsSync(target)) throw error;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  process.stderr.write(
    `test servers: built ${name} in ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
  return target;
}

/** Throws a message naming what to install when `command` is not on PATH. */
export function requireCommand(command: string, versionFlag: string, needs: string): void {
  const result = spawnSync(command, [versionFlag], { stdio: 'ignore' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(
      `${needs}, but \`${command}\` is not on PATH. Install it, or give the suites a running ` +
        'server (MONGO_URL / KAFKA_BROKERS), or set TEST_SERVERS=off to skip the suites that need one.',
    );
  }
}

/** Runs a build step; rejects with the tail of its output when it fails. */
export function runStep(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else {
        const tail = output.trim().split('\n').slice(-30).join('\n');
        reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal}):\n${tail}`));
      }
    });
  });
}
