import type { Clock } from '@tangle/application';

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}
