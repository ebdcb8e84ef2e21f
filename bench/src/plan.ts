import type { CaseParams } from './cases';

/** Bench parameters: counts and durations; everything is bounded by them. */
export const PLAN = {
  signIn: {
    connections: 32,
    warmupMs: 500,
    rounds: 4,
    roundMs: 2_500,
    referenceSliceMs: 1_500,
    http: true,
  } satisfies CaseParams<'sign-in'>,
  authorize: {
    accounts: 32,
    sweep: [4, 8, 16, 32, 64].map((connections) => ({ connections, depth: 8 })),
    probeMs: 2_000,
    warmupMs: 300,
    rounds: 4,
    roundMs: 2_500,
    p99BudgetMs: 5,
    accessTokens: true,
  } satisfies CaseParams<'authorize'>,
  httpAuthorize: {
    accounts: 32,
    connections: 32,
    warmupMs: 500,
    serverWarmupMs: 2_000,
    rounds: 5,
    roundMs: 2_000,
    refresh: true,
  } satisfies CaseParams<'http-authorize'>,
  accessTokenVerify: {
    rounds: 4,
    roundMs: 1_000,
  } satisfies CaseParams<'access-token-verify'>,
  rateLimits: {
    rounds: 4,
    roundMs: 1_000,
    subjects: 1_000,
  } satisfies CaseParams<'rate-limits'>,
  sqliteAppend: {
    sequentialMs: 3_000,
    concurrentMs: 3_000,
    batchMs: 3_000,
    referenceSliceMs: 1_500,
    inFlight: 1_000,
    batchSize: 100,
    rowsPerTransaction: 1_000,
  } satisfies CaseParams<'sqlite-append'>,
  projectionReplay: {
    sessions: 10_000,
    eventsPerSession: 10,
    users: 2_500,
    batchSize: 500,
    repeats: 2,
  } satisfies CaseParams<'projection-replay'>,
  mail: {
    warmupSignUps: 20,
    steadyPerSecond: 20,
    steadyMs: 10_000,
    steadyConnections: 4,
    burstSignUps: 1_000,
    burstConnections: 16,
    mailTimeoutMs: 60_000,
  } satisfies CaseParams<'mail'>,
  revocation: {
    users: 400,
    warmupUsers: 20,
    perSecond: 50,
    pushTimeoutMs: 5_000,
    graceMs: 300,
  } satisfies CaseParams<'revocation'>,
  invites: {
    connections: 32,
    invites: 2_000,
    warmupMs: 500,
    lookupMs: 4_000,
    useMs: 4_000,
    racers: 200,
    raceMaxUses: 5,
  } satisfies CaseParams<'invites'>,
  /** How long the profiled re-run of the path furthest from its goal lasts. */
  profileMs: 6_000,
};

export type Plan = typeof PLAN;
