#!/usr/bin/env node
/**
 * Generates static protobufjs modules with protobufjs-cli, one per target:
 *   proto/tangle/client/**\/*.proto      -> libs/protocol/src/generated/tangle.{js,d.ts,json}
 *   proto/tangle/auth/events/**\/*.proto -> libs/messaging/src/generated/events.{js,d.ts}
 *
 * The client protocol also gets a JSON descriptor (`tangle.json`, field names as the .proto
 * writes them): the reflection that the HTTP transport's protobuf JSON mapping and the OpenAPI
 * schemas are derived from, without loading .proto files at run time.
 *
 * Each target has its own protobuf.roots name: two static modules on one root would overwrite
 * each other's `tangle` namespace.
 *
 * The output is git-ignored. A stamp file per target records a hash of its proto sources, this
 * script and the generator versions; when it matches, generation is skipped so `npm test` stays
 * fast. Any failure exits non-zero and leaves no stamp behind, so the next run regenerates.
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PROTO_DIR = path.join(ROOT, 'proto');

const TARGETS = [
  {
    sources: path.join(PROTO_DIR, 'tangle', 'client'),
    outDir: path.join(ROOT, 'libs', 'protocol', 'src', 'generated'),
    name: 'tangle',
    root: 'default',
    dtsBanner: '',
    jsonDescriptor: true,
  },
  {
    sources: path.join(PROTO_DIR, 'tangle', 'auth', 'events'),
    outDir: path.join(ROOT, 'libs', 'messaging', 'src', 'generated'),
    name: 'events',
    root: 'tangleAuthEvents',
    jsonDescriptor: false,
    // ESLint covers libs/messaging; generated declarations are not ours to lint.
    dtsBanner: '/* eslint-disable */\n',
  },
];

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
  if (!fs.existsSync(dir)) return [];
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

function outputsOf(target) {
  return {
    js: path.join(target.outDir, `${target.name}.js`),
    dts: path.join(target.outDir, `${target.name}.d.ts`),
    json: path.join(target.outDir, `${target.name}.json`),
    stamp: path.join(target.outDir, '.stamp'),
  };
}

function isUpToDate(target, hash) {
  const out = outputsOf(target);
  try {
    return (
      fs.readFileSync(out.stamp, 'utf8').trim() === hash &&
      fs.existsSync(out.js) &&
      fs.existsSync(out.dts) &&
      (!target.jsonDescriptor || fs.existsSync(out.json))
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

async function generate(target, files) {
  const { pbjs, pbts } = require(require.resolve('protobufjs-cli', { paths: [ROOT] }));
  const out = outputsOf(target);
  fs.mkdirSync(target.outDir, { recursive: true });
  fs.rmSync(out.stamp, { force: true });

  const tmpJs = `${out.js}.tmp.js`;
  const tmpDts = `${out.dts}.tmp`;
  const tmpJson = `${out.json}.tmp`;
  try {
    await run(pbjs.main, [...PBJS_ARGS, '--root', target.root, '--out', tmpJs, ...files]);
    if (target.jsonDescriptor) {
      await run(pbjs.main, ['--target', 'json', '--keep-case', '--out', tmpJson, ...files]);
      if (!fs.statSync(tmpJson).size)
        throw new Error('protobufjs-cli produced an empty descriptor');
    }
    await run(pbts.main, ['--out', tmpDts, tmpJs]);
    if (!fs.statSync(tmpJs).size || !fs.statSync(tmpDts).size) {
      throw new Error('protobufjs-cli produced an empty output');
    }
    if (target.dtsBanner) {
      fs.writeFileSync(tmpDts, target.dtsBanner + fs.readFileSync(tmpDts, 'utf8'));
    }
    fs.renameSync(tmpJs, out.js);
    fs.renameSync(tmpDts, out.dts);
    if (target.jsonDescriptor) fs.renameSync(tmpJson, out.json);
  } finally {
    fs.rmSync(tmpJson, { force: true });
    fs.rmSync(tmpJs, { force: true });
    fs.rmSync(tmpDts, { force: true });
  }
}

async function generateTarget(target) {
  const files = listProtoFiles(target.sources);
  if (files.length === 0) throw new Error(`no .proto files under ${target.sources}`);
  const out = outputsOf(target);

  const hash = sourceHash(files);
  if (isUpToDate(target, hash)) {
    console.log(`proto: ${path.relative(ROOT, out.js)} is up to date`);
    return;
  }
  await generate(
    target,
    files.map((file) => path.relative(process.cwd(), file)),
  );
  fs.writeFileSync(out.stamp, `${hash}\n`);
  console.log(
    `proto: generated ${path.relative(ROOT, out.js)} and ${target.name}.d.ts from ${files.length} files`,
  );
}

async function main() {
  for (const target of TARGETS) await generateTarget(target);
}

main().catch((err) => {
  console.error(`proto: generation failed: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
