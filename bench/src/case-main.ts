/** Child-process entry: runs one bench case and posts its CaseOutput to the parent. */
import { CASES, type CaseName } from './cases';

async function main(): Promise<void> {
  const [name, params] = process.argv.slice(2);
  const run = CASES[name as CaseName] as ((params: unknown) => Promise<unknown>) | undefined;
  if (!run || !process.send) throw new Error(`unknown case ${name}, or not forked with IPC`);
  const output = await run(JSON.parse(params));
  process.send(output, () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
