import { readFileSync } from 'node:fs';
import { ROOT } from './server-process';

/** The parts of V8's .cpuprofile (as written by node --cpu-prof) this reads. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  /** Where it lives, relative to the repository (or node: / native). */
  location: string;
  selfMs: number;
  /** Share of the busy time (everything but idle). */
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleShare: number;
  top: ProfileEntry[];
  /** Busy time by package / library / runtime, largest first. */
  byArea: Array<{ area: string; share: number }>;
}

/**
 * Self time per function (functionName + url) from the samples: each sample owns the time up to
 * the next one, as Chrome's profiler view counts it. With `windowUs` (monotonic clock, which is
 * what the profile's timestamps use) only samples inside it count, e.g. not the server's start.
 */
export function summariseCpuProfile(
  file: string,
  windowUs?: [number, number],
  topCount = 10,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byNode = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfUs = new Map<string, { name: string; location: string; us: number }>();
  const areaUs = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;

  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i];
    if (windowUs && (at < windowUs[0] || at >= windowUs[1])) continue;
    const us = profile.timeDeltas[i + 1] ?? 0;
    const frame = byNode.get(profile.samples[i]);
    if (!frame || us <= 0) continue;
    totalUs += us;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const name = frame.functionName || '(anonymous)';
    const key = `${name}\u0000${frame.url}`;
    const entry = selfUs.get(key) ?? {
      name,
      location: locate(frame.url, frame.lineNumber),
      us: 0,
    };
    entry.us += us;
    selfUs.set(key, entry);
    const area = areaOf(frame.url, name);
    areaUs.set(area, (areaUs.get(area) ?? 0) + us);
  }

  // A window the profile does not overlap (it should not happen) falls back to all of it.
  if (totalUs === 0 && windowUs) return summariseCpuProfile(file, undefined, topCount);
  const busyUs = Math.max(1, totalUs - idleUs);
  const top = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, topCount)
    .map((entry) => ({
      name: entry.name,
      location: entry.location,
      selfMs: entry.us / 1000,
      share: entry.us / busyUs,
    }));
  const byArea = [...areaUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([area, us]) => ({ area, share: us / busyUs }));
  return { totalMs: totalUs / 1000, idleShare: totalUs > 0 ? idleUs / totalUs : 0, top, byArea };
}

function relative(url: string): string {
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  return path.startsWith(ROOT + '/') ? path.slice(ROOT.length + 1) : path;
}

function locate(url: string, line: number): string {
  if (url === '') return 'native';
  return line >= 0 ? `${relative(url)}:${line + 1}` : relative(url);
}

/** node_modules/<package>, dist/libs/<lib>, dist/apps/<app>, node internals, or V8 itself. */
function areaOf(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? `V8 ${name}` : 'native';
  if (url.startsWith('node:')) return 'node internals';
  const path = relative(url);
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (modules) return modules[1];
  const ours = /^dist\/(libs|apps)\/([^/]+)/.exec(path);
  if (ours) return `${ours[1]}/${ours[2]}`;
  return path;
}

/** A performance.now() reading on the monotonic clock in µs, as .cpuprofile timestamps are. */
export function monotonicUs(at: number): number {
  return Number(process.hrtime.bigint() / 1000n) - (performance.now() - at) * 1000;
}
