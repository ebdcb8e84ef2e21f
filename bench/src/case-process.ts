import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { CaseName, CaseParams } from './cases';
import type { CaseOutput } from './rows';

export interface CaseProcessOptions {
  /** Extra node flags for the case process, e.g. --cpu-prof. */
  nodeArgs?: string[];
  timeoutMs?: number;
}

/**
 * Runs one case in a fresh node process: its own heap and JIT state, its own peak RSS, and,
 * for end-to-end cases, a load generator that does not share a thread with anything else.
 */
export function runCase<N extends CaseName>(
  name: N,
  params: CaseParams<N>,
  options: CaseProcessOptions = {},
): Promise<CaseOutput> {
  const child = fork(join(__dirname, 'case-main.js'), [name, JSON.stringify(params)], {
    execArgv: ['--expose-gc', ...(options.nodeArgs ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((done, fail) => {
    let output: CaseOutput | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`bench case ${name} did not finish within ${options.timeoutMs} ms`));
    }, options.timeoutMs ?? 180_000);
    child.on('message', (message) => (output = message as CaseOutput));
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (output && code === 0) done(output);
      else fail(new Error(`bench case ${name} failed (exit ${code ?? signal})`));
    });
  });
}
