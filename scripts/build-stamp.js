#!/usr/bin/env node
/**
 * Lets `npm start` skip the build when dist/ already matches the sources.
 *
 *   node scripts/build-stamp.js begin    first step of `npm run build`
 *   node scripts/build-stamp.js end      last step of `npm run build`, after everything is emitted
 *   node scripts/build-stamp.js ensure   `npm start`: runs `npm run build` unless dist/ is current
 *
 * The stamp is a fingerprint of the sources (path, size and modification time of every file
 * under apps/, libs/, bench/src/, proto/, plus the tsconfig files, package files and build scripts),
 * taken when a build begins and kept only once it ends: a failed build leaves no stamp, and a
 * source saved during a build no longer matches it, so the next start builds again. Deleted and
 * renamed files change the fingerprint too. Tests and generated protobuf code are left out: the
 * build does not compile the first and regenerates the second from proto/.
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const SOURCE_DIRS = ['apps', 'libs', 'bench/src', 'proto'];
const SOURCE_FILES = [
  'package.json',
  'package-lock.json',
  'scripts/generate-proto.js',
  'scripts/copy-generated.js',
  'scripts/build-stamp.js',
];
const SKIPPED_DIRS = new Set(['node_modules', 'generated']);
const SKIPPED_FILE = /\.(spec|contract)\.ts$/;
const ENTRY = path.join('dist', 'apps', 'auth-service', 'src', 'main.js');

function stampPath(root) {
  return path.join(root, 'dist', '.build-stamp');
}

function listFiles(dir, found) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) listFiles(full, found);
    } else if (entry.isFile() && !SKIPPED_FILE.test(entry.name)) {
      found.push(full);
    }
  }
  return found;
}

/** A hash of every source file's path, size and modification time. */
function fingerprint(root = ROOT) {
  const files = [];
  for (const dir of SOURCE_DIRS) listFiles(path.join(root, dir), files);
  for (const name of fs.readdirSync(root)) {
    if (/^tsconfig.*\.json$/.test(name)) files.push(path.join(root, name));
  }
  for (const file of SOURCE_FILES) files.push(path.join(root, file));
  const hash = crypto.createHash('sha256');
  for (const file of [...new Set(files)].sort()) {
    let line = 'missing';
    try {
      const stat = fs.statSync(file);
      line = `${stat.size}\t${stat.mtimeMs}`;
    } catch {
      // a listed file that does not exist (e.g. no package-lock.json) is part of the fingerprint too
    }
    hash.update(`${path.relative(root, file)}\t${line}\n`);
  }
  return hash.digest('hex');
}

/** Before a build: note the sources as they are now; until `end`, dist/ counts as stale. */
function begin(root = ROOT) {
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  fs.rmSync(stampPath(root), { force: true });
  fs.writeFileSync(`${stampPath(root)}.pending`, `${fingerprint(root)}\n`);
}

/** After a successful build: dist/ matches the sources noted by `begin`. */
function end(root = ROOT) {
  fs.renameSync(`${stampPath(root)}.pending`, stampPath(root));
}

function isCurrent(root = ROOT) {
  try {
    const stamped = fs.readFileSync(stampPath(root), 'utf8').trim();
    return fs.existsSync(path.join(root, ENTRY)) && stamped === fingerprint(root);
  } catch {
    return false;
  }
}

/** Builds unless dist/ is current; returns the build's exit status (0 when skipped). */
function ensure(root = ROOT, build = runBuild) {
  if (isCurrent(root)) {
    console.log('build: dist/ is current, not rebuilding (npm run build forces a build)');
    return 0;
  }
  return build(root);
}

function runBuild(root) {
  // Under npm, npm_execpath is npm's own CLI script: run it with this node, on every platform.
  const npm = process.env.npm_execpath;
  const [command, args] =
    npm && npm.endsWith('.js')
      ? [process.execPath, [npm, 'run', 'build']]
      : [process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build']];
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) console.error(`build: ${result.error.message}`);
  return result.status ?? 1;
}

module.exports = { fingerprint, begin, end, isCurrent, ensure };

if (require.main === module) {
  const step = { begin, end, ensure }[process.argv[2]];
  if (!step) {
    console.error('usage: node scripts/build-stamp.js begin|end|ensure');
    process.exit(2);
  }
  try {
    const status = step();
    process.exit(typeof status === 'number' ? status : 0);
  } catch (err) {
    console.error(`build-stamp: ${err && err.message ? err.message : err}`);
    process.exit(1);
  }
}
