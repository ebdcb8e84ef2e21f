import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { printable } from './printable';

/**
 * Nest's console logger with every message made `printable` once, here, whatever logged it:
 * no caller has to remember, and user-typed text (names, addresses, error messages) never
 * reaches the terminal or the log file raw. JSON output gets the same escaped text.
 */
export class PrintableConsoleLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    super.printMessages(
      messages.map((message) => (typeof message === 'string' ? printable(message) : message)),
      context === undefined ? undefined : printable(context),
      logLevel,
      writeStreamType,
      typeof errorStack === 'string' ? printableLines(errorStack) : errorStack,
    );
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(typeof stack === 'string' ? printableLines(stack) : stack);
  }
}

/** A stack trace keeps the line breaks before its `at` frames; everything else is escaped. */
function printableLines(text: string): string {
  return text
    .split(/\n(?=\s+at )/)
    .map(printable)
    .join('\n');
}
