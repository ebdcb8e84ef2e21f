import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, tempDataDir } from '../support/app-process';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS build script
const stamp = require('../../scripts/build-stamp.js') as {
  begin(root: string): void;
  end(root: string): void;
  isCurrent(root: string): boolean;
  ensure(root: string, build: (root: string) => number): number;
};

/** `npm start` builds only when dist/ is older than the sources. */
describe('scripts/build-stamp.js', () => {
  let root: string;

  const write = (file: string, text = 'x') => {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  /** Moves a file's modification time forward, as an editor saving it later would. */
  const touch = (file: string, secondsLater = 10) => {
    const later = new Date(Date.now() + secondsLater * 1000);
    utimesSync(join(root, file), later, later);
  };
  const build = () => {
    stamp.begin(root);
    write('dist/apps/auth-service/src/main.js');
    stamp.end(root);
  };

  beforeEach(() => {
    root = tempDataDir('tangle-build-stamp-');
    write('apps/auth-service/src/main.ts');
    write('apps/auth-service/src/main.spec.ts');
    write('libs/protocol/src/index.ts');
    write('libs/protocol/src/generated/tangle.js');
    write('proto/tangle/client/core.proto');
    write('bench/results/latest.json');
    write('tsconfig.build.json');
    write('package-lock.json');
  });

  afterEach(() => removeDir(root));

  it('is stale before any build and current after one', () => {
    expect(stamp.isCurrent(root)).toBe(false);
    build();
    expect(stamp.isCurrent(root)).toBe(true);
  });

  it.each([
    'apps/auth-service/src/main.ts',
    'proto/tangle/client/core.proto',
    'tsconfig.build.json',
    'package-lock.json',
  ])('is stale once %s changes', (file) => {
    build();
    touch(file);
    expect(stamp.isCurrent(root)).toBe(false);
  });

  it('is stale once a source is added or deleted', () => {
    build();
    write('libs/protocol/src/more.ts');
    expect(stamp.isCurrent(root)).toBe(false);
    build();
    rmSync(join(root, 'libs/protocol/src/more.ts'));
    expect(stamp.isCurrent(root)).toBe(false);
  });

  it('ignores tests, generated code and benchmark results', () => {
    build();
    touch('apps/auth-service/src/main.spec.ts');
    touch('libs/protocol/src/generated/tangle.js');
    touch('bench/results/latest.json');
    expect(stamp.isCurrent(root)).toBe(true);
  });

  it('is stale after a failed build, a source saved during a build, or without dist/', () => {
    build();
    stamp.begin(root); // a build that never ends
    expect(stamp.isCurrent(root)).toBe(false);

    stamp.begin(root);
    touch('libs/protocol/src/index.ts'); // saved while tsc runs
    stamp.end(root);
    expect(stamp.isCurrent(root)).toBe(false);

    build();
    rmSync(join(root, 'dist/apps'), { recursive: true });
    expect(stamp.isCurrent(root)).toBe(false);
  });

  it('ensure builds only when stale and passes on the build status', () => {
    const builds: string[] = [];
    const fakeBuild = (dir: string) => {
      builds.push(dir);
      build();
      return 0;
    };
    expect(stamp.ensure(root, fakeBuild)).toBe(0);
    expect(stamp.ensure(root, fakeBuild)).toBe(0);
    expect(builds).toEqual([root]);
    touch('apps/auth-service/src/main.ts');
    expect(stamp.ensure(root, () => 2)).toBe(2);
  });
});
