#!/usr/bin/env node
/**
 * Generates libs/protocol/src/generated/tangle.{js,d.ts} from proto/**\/*.proto with protobufjs-cli.
 *
 * The output is git-ignored. A stamp file records a hash of the proto sources, this script and the
 * generator versions; when it matches, generation is skipped so `npm test` stays fast.
 * Any failure exits non-zero and leaves no stamp behind, so the next run regenerates.
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PROTO_DIR = path.join(ROOT, 'proto');
const OUT_DIR = path.join(ROOT, 'libs', 'protocol', 'src', 'generated');
const OUT_JS = path.join(OUT_DIR, 'tangle.js');
const OUT_DTS = path.join(OUT_DIR, 'tangle.d.ts');
const STAMP = path.join(OUT_DIR, '.stamp');

const PBJS_ARGS = [
  '--target',
  'static-module',
  '--wrap',
  'commonjs',
  '--force-long',
  '--no-delimited',
  '--no-typeurl',
  '--no-service',
];

function listProtoFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listProtoFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.proto')) found.push(full);
  }
  return found.sort();
}

function packageVersion(name) {
  return require(require.resolve(`${name}/package.json`, { paths: [ROOT] })).version;
}

function sourceHash(files) {
  const hash = crypto.createHash('sha256');
  hash.update(`protobufjs-cli@${packageVersion('protobufjs-cli')}\n`);
  hash.update(`protobufjs@${packageVersion('protobufjs')}\n`);
  hash.update(fs.readFileSync(__filename));
  for (const file of files) {
    hash.update(`\n${path.relative(ROOT, file)}\n`);
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

function isUpToDate(hash) {
  try {
    return (
      fs.readFileSync(STAMP, 'utf8').trim() === hash &&
      fs.existsSync(OUT_JS) &&
      fs.existsSync(OUT_DTS)
    );
  } catch {
    return false;
  }
}

function run(main, args) {
  return new Promise((resolve, reject) => {
    try {
      main(args, (err, output) => (err ? reject(err) : resolve(output)));
    } catch (err) {
      reject(err);
    }
  });
}

async function generate(files) {
  const { pbjs, pbts } = require(require.resolve('protobufjs-cli', { paths: [ROOT] }));
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.rmSync(STAMP, { force: true });

  const tmpJs = `${OUT_JS}.tmp.js`;
  const tmpDts = `${OUT_DTS}.tmp`;
  try {
    await run(pbjs.main, [...PBJS_ARGS, '--out', tmpJs, ...files]);
    await run(pbts.main, ['--out', tmpDts, tmpJs]);
    if (!fs.statSync(tmpJs).size || !fs.statSync(tmpDts).size) {
      throw new Error('protobufjs-cli produced an empty output');
    }
    fs.renameSync(tmpJs, OUT_JS);
    fs.renameSync(tmpDts, OUT_DTS);
  } finally {
    fs.rmSync(tmpJs, { force: true });
    fs.rmSync(tmpDts, { force: true });
  }
}

async function main() {
  const files = listProtoFiles(PROTO_DIR);
  if (files.length === 0) throw new Error(`no .proto files under ${PROTO_DIR}`);

  const hash = sourceHash(files);
  if (isUpToDate(hash)) {
    console.log('proto: generated code is up to date');
    return;
  }
  await generate(files.map((file) => path.relative(process.cwd(), file)));
  fs.writeFileSync(STAMP, `${hash}\n`);
  console.log(
    `proto: generated ${path.relative(ROOT, OUT_JS)} and tangle.d.ts from ${files.length} files`,
  );
}

main().catch((err) => {
  console.error(`proto: generation failed: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
