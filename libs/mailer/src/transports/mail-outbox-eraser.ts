import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Deletes the `.eml` files of the embedded outbox (FileMailTransport's directory) that were
 * addressed to `address` (compared without case): what a deleted account leaves there. Returns
 * how many went. A missing directory has none.
 */
export async function eraseOutboxMailTo(dir: string, address: string): Promise<number> {
  const wanted = address.trim().toLowerCase();
  if (wanted === '') return 0;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let erased = 0;
  for (const name of names) {
    if (!name.endsWith('.eml') && !name.endsWith('.eml.tmp')) continue;
    const file = join(dir, name);
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null || !recipientsOf(text).includes(wanted)) continue;
    await unlink(file).catch(() => undefined);
    erased += 1;
  }
  return erased;
}

/** The To header of a message, lower-cased (folded lines joined). */
function recipientsOf(message: string): string {
  const head = message.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
  const to = /^to:(.*)$/im.exec(head);
  return (to?.[1] ?? '').toLowerCase();
}
