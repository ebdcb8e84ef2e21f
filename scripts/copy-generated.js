#!/usr/bin/env node
/**
 * tsc does not emit the generated protobufjs modules (plain .js): copy them, with their
 * declarations, next to the compiled libs so `require('./generated/…')` resolves in dist/.
 * Data files the libs read at run time (the common-password list) are copied the same way.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const MODULES = [
  { lib: 'protocol', files: ['tangle.js', 'tangle.d.ts', 'tangle.json'] },
  { lib: 'messaging', files: ['events.js', 'events.d.ts'] },
];
const DATA = [{ lib: 'platform', files: ['common-passwords.txt.gz', 'NOTICE.md'] }];

try {
  for (const { lib, files } of MODULES) {
    const from = path.join(ROOT, 'libs', lib, 'src', 'generated');
    const to = path.join(ROOT, 'dist', 'libs', lib, 'src', 'generated');
    fs.mkdirSync(to, { recursive: true });
    for (const file of files) {
      const source = path.join(from, file);
      if (!fs.existsSync(source)) {
        throw new Error(`${path.relative(ROOT, source)} is missing: run \`npm run proto\` first`);
      }
      fs.copyFileSync(source, path.join(to, file));
    }
    console.log(`copied ${files.join(', ')} to ${path.relative(ROOT, to)}`);
  }
  for (const { lib, files } of DATA) {
    const from = path.join(ROOT, 'libs', lib, 'data');
    const to = path.join(ROOT, 'dist', 'libs', lib, 'data');
    fs.mkdirSync(to, { recursive: true });
    for (const file of files) fs.copyFileSync(path.join(from, file), path.join(to, file));
    console.log(`copied ${files.join(', ')} to ${path.relative(ROOT, to)}`);
  }
} catch (err) {
  console.error(`copy-generated: ${err && err.message ? err.message : err}`);
  process.exit(1);
}
