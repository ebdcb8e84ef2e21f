/**
 * A require hook so a plain `node` child process can run the real TypeScript sources:
 * `node -r ./test/support/register-ts.js some-script.ts`.
 * It transpiles .ts files on load (no type checking) and resolves the @tangle/* path aliases
 * of tsconfig.base.json.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

function findRoot(dir) {
  for (let current = dir; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, 'tsconfig.base.json'))) return current;
    if (path.dirname(current) === current) throw new Error('tsconfig.base.json not found');
  }
}

const root = findRoot(__dirname);
const { config } = ts.readConfigFile(path.join(root, 'tsconfig.base.json'), ts.sys.readFile);
const paths = config.compilerOptions.paths;
const aliases = new Map(
  Object.entries(paths).map(([alias, [target]]) => [alias, path.join(root, target)]),
);

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  inlineSourceMap: true,
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const slash = request.indexOf('/', request.startsWith('@') ? request.indexOf('/') + 1 : 0);
  const alias = slash < 0 ? request : request.slice(0, slash);
  const target = aliases.get(alias);
  const mapped = target === undefined ? request : target + (slash < 0 ? '' : request.slice(slash));
  return resolveFilename.call(this, mapped, parent, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
