import { readFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem, type as osType } from 'node:os';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  os: string;
  /** Filesystem of the temp directory, where the SQLite files and server data live. */
  tmpFilesystem: string;
}

export function describeMachine(): Machine {
  const all = cpus();
  return {
    cpuModel: all[0]?.model.trim() ?? 'unknown',
    cores: all.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${osType()} ${release()}`,
    tmpFilesystem: filesystemOf(tmpdir()),
  };
}

/** The longest mount point containing `path`, from /proc/mounts: "ext4 on /". */
function filesystemOf(path: string): string {
  try {
    let best: { mountPoint: string; type: string } | null = null;
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [, mountPoint, type] = line.split(' ');
      if (!mountPoint || !type) continue;
      const contains =
        path === mountPoint ||
        path.startsWith(mountPoint.endsWith('/') ? mountPoint : `${mountPoint}/`);
      if (contains && (!best || mountPoint.length > best.mountPoint.length)) {
        best = { mountPoint, type };
      }
    }
    return best ? `${best.type} on ${best.mountPoint}` : 'unknown';
  } catch {
    return 'unknown';
  }
}
