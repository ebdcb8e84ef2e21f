import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { CommonPasswordList } from '@tangle/application';

const gunzipAsync = promisify(gunzip);

/**
 * The list the project ships: the 100,000 most common passwords of SecLists' 10-million
 * corpus and the lists after it, folded (NFKC, lower case), 4+ characters, one a line, gzip.
 * Made by scripts/build-common-passwords.js; source and licence in the NOTICE beside it.
 * The build copies libs/platform/data into dist, so the same relative path holds there.
 */
export const SHIPPED_COMMON_PASSWORDS_FILE = join(
  __dirname,
  '..',
  '..',
  'data',
  'common-passwords.txt.gz',
);

/** While the list loads, the event loop gets a turn after about this much work... */
const TURN_BUDGET_MS = 4;
/** ...checked every this many lines. */
const CHECK_EVERY = 256;

/** How the last load went, for the start-up log and the tests. */
export interface CommonPasswordListStats {
  entries: number;
  loadMs: number;
  /** The longest the load held the event loop in one go. */
  longestTurnMs: number;
  /** How many times the load gave the event loop a turn. */
  turns: number;
}

/**
 * The offline list of common and breached passwords, from a file (one password a line; gzip
 * when the name ends in `.gz`), held in a Set of folded entries (NFKC, lower case). The file
 * is read and inflated off the event loop, and the Set is filled in slices of about 4 ms with
 * a turn of the event loop between them, so loading never holds the loop for long; it
 * happens once, on the first `load` or lookup, and a lookup is then one or two Set probes.
 */
export class FileCommonPasswordList implements CommonPasswordList {
  private loading: Promise<ReadonlySet<string>> | null = null;
  private loadStats: CommonPasswordListStats | null = null;

  constructor(readonly file: string = SHIPPED_COMMON_PASSWORDS_FILE) {}

  /** Loads the list (once); rejects when the file cannot be read or holds no entry. */
  async load(): Promise<CommonPasswordListStats> {
    await this.entries();
    return this.loadStats!;
  }

  async includesAny(candidates: readonly string[]): Promise<boolean> {
    const entries = await this.entries();
    return candidates.some((candidate) => entries.has(candidate.toLowerCase()));
  }

  private entries(): Promise<ReadonlySet<string>> {
    this.loading ??= this.read();
    return this.loading;
  }

  private async read(): Promise<ReadonlySet<string>> {
    const started = performance.now();
    let raw = await readFile(this.file);
    if (this.file.endsWith('.gz')) raw = await gunzipAsync(raw);
    const text = raw.toString('utf8');
    const entries = new Set<string>();
    let longestTurnMs = 0;
    let turn = performance.now();
    let count = 0;
    let turns = 0;
    for (let start = 0; start < text.length;) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const entry = text.slice(start, end).trim().normalize('NFKC').toLowerCase();
      if (entry !== '') entries.add(entry);
      start = end + 1;
      if (++count % CHECK_EVERY === 0 && performance.now() - turn >= TURN_BUDGET_MS) {
        longestTurnMs = Math.max(longestTurnMs, performance.now() - turn);
        await nextTurn();
        turns++;
        turn = performance.now();
      }
    }
    longestTurnMs = Math.max(longestTurnMs, performance.now() - turn);
    if (entries.size === 0) throw new Error(`${this.file} holds no password`);
    this.loadStats = {
      entries: entries.size,
      loadMs: performance.now() - started,
      longestTurnMs,
      turns,
    };
    return entries;
  }
}
