/** Metadata carried by every stored event. */
export interface EventMetadata {
  correlationId: string;
  causationId: string;
  schemaVersion: number;
  actorUserId: string | null;
  actorSessionId: string | null;
  /** Server time of the append, unix ms. */
  serverTime: number;
}
