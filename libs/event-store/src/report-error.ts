import type { AllSubscriptionOptions } from '@tangle/application';

/** Hands a subscription's fatal error to onError; a throwing onError must not escape the loop. */
export function reportError(options: AllSubscriptionOptions, error: unknown): void {
  try {
    options.onError?.(error instanceof Error ? error : new Error(String(error)));
  } catch {
    // Nothing sensible is left to do with an error raised while reporting an error.
  }
}
