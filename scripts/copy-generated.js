#!/usr/bin/env node
/**
 * tsc does not emit the generated protobufjs module (plain .js): copy it, with its declarations,
 * next to the compiled libs/protocol so `require('./generated/tangle')` resolves in dist/.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const FROM = path.join(ROOT, 'libs', 'protocol', 'src', 'generated');
const TO = path.join(ROOT, 'dist', 'libs', 'protocol', 'src', 'generated');
const FILES = ['tangle.js', 'tangle.d.ts'];

try {
  fs.mkdirSync(TO, { recursive: true });
  for (const file of FILES) {
    const source = path.join(FROM, file);
    if (!fs.existsSync(source)) {
      throw new Error(`${path.relative(ROOT, source)} is missing: run \`npm run proto\` first`);
    }
    fs.copyFileSync(source, path.join(TO, file));
  }
  console.log(`copied ${FILES.join(', ')} to ${path.relative(ROOT, TO)}`);
} catch (err) {
  console.error(`copy-generated: ${err && err.message ? err.message : err}`);
  process.exit(1);
}
