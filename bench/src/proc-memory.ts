import { readFileSync, writeFileSync } from 'node:fs';

type Pid = number | 'self';

/** Peak resident set (VmHWM) of a process in MB, or null where /proc is not available. */
export function peakRssMb(pid: Pid = 'self'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Collects garbage first when the process runs with --expose-gc, so what an earlier phase left
 * behind counts less, then resets the peak. For in-process phases.
 */
export function startPeakRssWindow(): boolean {
  (globalThis as { gc?: () => void }).gc?.();
  return resetPeakRss();
}

/**
 * Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs), so the next reading covers
 * only what ran since. Returns false when the kernel or permissions do not allow it.
 */
export function resetPeakRss(pid: Pid = 'self'): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
