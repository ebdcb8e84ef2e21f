import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir } from '@tangle/platform';

/**
 * Bumped whenever what a history holds changes (its mix of commands, the manifest), so a
 * cached data directory of an older composition is never taken for a new one.
 */
export const HISTORY_FORMAT = 1;

/** Where built histories are kept between runs. */
export const HISTORY_CACHE = join(homedir(), '.cache/tangle-auth/bench');

/** The password of every account in a history (one real argon2id hash, shared). */
export const HISTORY_PASSWORD = 'History-bench-password-0';

/** Ordinary accounts written at once while building (commits group across them). */
export const HISTORY_WRITERS = 64;

/** Sign-ins (each revoked at once) of the account whose SignIn is measured against its past. */
export const HEAVY_PAST_SESSIONS = 10_000;

/** What a history holds that the bench needs: credentials of accounts and sessions in it. */
export interface HistoryManifest {
  format: number;
  /** Events in the log when the build stopped (at least the size asked for). */
  events: number;
  builtAt: string;
  buildSeconds: number;
  accounts: number;
  password: string;
  /** The account with HEAVY_PAST_SESSIONS revoked sessions, all written early in the log. */
  heavyEmail: string;
  /** An account with three active sessions; their tokens. */
  fewActiveEmail: string;
  fewActiveTokens: string[];
  /** One active session token of each ordinary account, in the order written. */
  oldTokens: string[];
}

export interface HistoryData {
  /** The cached directory: copy it before a server writes to it (see copyHistory). */
  dir: string;
  manifest: HistoryManifest;
  /** Bytes of its files. */
  bytes: number;
  /** True when this call built it. */
  built: boolean;
}

export function historyDirName(events: number): string {
  return `history-v${HISTORY_FORMAT}-${events}`;
}

/**
 * The data directory of an auth service whose log holds at least `events` events, from the
 * cache when an earlier run built it, else built now (in this process) and cached.
 */
export async function historyData(
  events: number,
  log: (line: string) => void,
): Promise<HistoryData> {
  const dir = join(HISTORY_CACHE, historyDirName(events));
  const manifestFile = join(dir, 'history.json');
  let built = false;
  if (!existsSync(manifestFile)) {
    const building = `${dir}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(HISTORY_CACHE, { recursive: true });
    // The service's modules load only when a history has to be built.
    const { buildHistory } = await import('./history-build');
    const manifest = await buildHistory(building, events, log);
    writeFileSync(join(building, 'history.json'), JSON.stringify(manifest));
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
    built = true;
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as HistoryManifest;
  return { dir, manifest, bytes: directoryBytes(dir), built };
}

/** A private copy of a history for one server to run on (the server writes to its data). */
export function copyHistory(from: string, to: string): void {
  ensurePrivateDir(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.name === 'history.json') continue;
    const source = join(from, entry.name);
    if (entry.isDirectory()) copyHistory(source, join(to, entry.name));
    else copyFileSync(source, join(to, entry.name));
  }
}

function directoryBytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    bytes += entry.isDirectory() ? directoryBytes(path) : statSync(path).size;
  }
  return bytes;
}
