import { cpSync, chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { cachedBuild, requireCommand, runStep } from './server-cache';
import { freePort, startRestartable, startServerProcess } from './server-process';

/** FerretDB 1.x: the MongoDB wire protocol over SQLite, one Go binary. */
export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';

export interface FerretDbServer {
  /** `mongodb://…`, for MONGO_URL. */
  readonly url: string;
  stop(): Promise<void>;
  /** Starts it again after stop(), on the same port and files: a server restart. */
  restart(): Promise<void>;
}

/**
 * The ferretdb binary, built once into the cache from the Go module. `go install module@version`
 * builds a binary that refuses to start: the release's build/version/version.txt is generated
 * by its release tooling and is not in the module. So the module's source is copied, the file
 * written, and cmd/ferretdb built from the copy. Go's module and build caches for it are kept
 * in the scratch folder and dropped afterwards: only the binary stays.
 */
export function ferretDbBinary(): Promise<string> {
  return cachedBuild(`ferretdb-${FERRETDB_VERSION}`, async (into) => {
    requireCommand('go', 'version', `Building FerretDB ${FERRETDB_VERSION} needs Go 1.24+`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GOMODCACHE: join(into, 'go-mod'),
      GOCACHE: join(into, 'go-build'),
      GOFLAGS: '-modcacherw -buildvcs=false',
      CGO_ENABLED: '0',
    };
    const download = JSON.parse(
      await runStep('go', ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], { env }),
    ) as { Dir?: string; Error?: string };
    if (!download.Dir) throw new Error(`go mod download ${MODULE}: ${download.Error}`);
    const source = join(into, 'source');
    cpSync(download.Dir, source, { recursive: true });
    chmodSync(join(source, 'build', 'version'), 0o755);
    writeFileSync(join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    mkdirSync(join(into, 'bin'));
    await runStep(
      'go',
      ['build', '-trimpath', '-o', join(into, 'bin', 'ferretdb'), './cmd/ferretdb'],
      { cwd: source, env },
    );
    for (const scratch of ['source', 'go-mod', 'go-build']) {
      rmSync(join(into, scratch), { recursive: true, force: true });
    }
  }).then((dir) => join(dir, 'bin', 'ferretdb'));
}

/**
 * FerretDB on a free loopback port with its SQLite files in `dataDir`; resolves once a
 * MongoDB client gets an answer to ping.
 */
export async function startFerretDb(dataDir: string): Promise<FerretDbServer> {
  const binary = await ferretDbBinary();
  const port = await freePort();
  const sqliteDir = join(dataDir, 'sqlite');
  mkdirSync(sqliteDir, { recursive: true });
  const url = `mongodb://127.0.0.1:${port}`;
  const server = await startRestartable(
    `FerretDB ${FERRETDB_VERSION}`,
    () =>
      startServerProcess(
        binary,
        [
          '--handler=sqlite',
          `--sqlite-url=file:${sqliteDir}/`,
          `--listen-addr=127.0.0.1:${port}`,
          `--state-dir=${dataDir}`,
          '--debug-addr=-',
          '--telemetry=disable',
          '--log-level=WARN',
        ],
        { logFile: join(dataDir, 'ferretdb.log'), graceMs: 5_000 },
      ),
    () => answersPing(url),
    30_000,
  );
  return { url, ...server };
}

async function answersPing(url: string): Promise<boolean> {
  const connection = mongoose.createConnection(url, { serverSelectionTimeoutMS: 1_000 });
  try {
    await connection.asPromise();
    const answer = await connection.db!.admin().ping();
    return answer.ok === 1;
  } finally {
    await connection.close().catch(() => undefined);
  }
}
