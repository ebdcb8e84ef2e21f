import { tangle } from './generated/events';

/** The generated integration-event messages (proto/tangle/auth/events/v1/events.proto). */
export import v1 = tangle.auth.events.v1;
