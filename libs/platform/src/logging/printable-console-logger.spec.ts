import { PrintableConsoleLogger } from './printable-console-logger';

/** Captures what the logger writes to stdout and stderr. */
function capture(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }),
  );
  return { text: () => chunks.join(''), restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

const HOSTILE = 'Mallory\u001b[2J\u0000\u202eevil\nFAKE LOG LINE';
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000\u001b\u202e]|\nFAKE/;

describe('PrintableConsoleLogger', () => {
  it.each([
    ['text', false],
    ['JSON', true],
  ])('writes no control character raw in %s lines', (_format, json) => {
    const output = capture();
    try {
      const logger = new PrintableConsoleLogger('test', { json, colors: false });
      logger.log(`mail to ${HOSTILE}: email-verification`);
      logger.warn(`sign-up of ${HOSTILE} refused`);
      logger.error(`failed for ${HOSTILE}`, `Error: ${HOSTILE}\n    at somewhere (file.ts:1:2)`);
    } finally {
      output.restore();
    }
    const written = output.text();
    expect(written).toContain('Mallory');
    expect(written).not.toMatch(RAW);
    expect(written).toContain('\\x1B[2J');
    expect(written).toContain('\\u202E');
  });

  it('keeps a stack trace on its frame lines and escapes the rest', () => {
    const output = capture();
    try {
      new PrintableConsoleLogger('test', { colors: false }).error(
        'boom',
        'Error: boom\u001b[31m\n    at first (a.ts:1:2)\n    at second (b.ts:3:4)',
      );
    } finally {
      output.restore();
    }
    expect(output.text()).toContain(
      'Error: boom\\x1B[31m\n    at first (a.ts:1:2)\n    at second (b.ts:3:4)',
    );
    expect(output.text()).not.toContain('\u001b');
  });
});
