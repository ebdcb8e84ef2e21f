import { ConfigError } from './auth-service.config';

/** Invites and the targets they lead to: see the README's configuration table. */
export interface InviteConfig {
  /** Longest time from an invite's creation to its expiry (also the default expiry). */
  maxLifetimeMs: number;
  /** Highest max_uses (also the default). */
  maxUses: number;
  /** The token other services present to POST /internal/targets; null: the endpoint is off. */
  serviceToken: string | null;
  /** Kafka topics carrying TargetChanged from the services that own communities and groups. */
  targetTopics: string[];
  /** The consumer group reading them. */
  targetsGroup: string;
}

type Env = Record<string, string | undefined>;

const DAY_MS = 86_400_000;
export const SERVICE_TOKEN_MIN_LENGTH = 32;

export function inviteConfig(env: Env): InviteConfig {
  const serviceToken = env.TARGETS_SERVICE_TOKEN || null;
  if (
    serviceToken !== null &&
    (serviceToken.length < SERVICE_TOKEN_MIN_LENGTH || /\s/.test(serviceToken))
  ) {
    throw new ConfigError(
      `TARGETS_SERVICE_TOKEN must be at least ${SERVICE_TOKEN_MIN_LENGTH} characters without spaces (openssl rand -base64 32)`,
    );
  }
  const topics = (env.TARGET_TOPICS ?? 'tangle.chats.targets.v1')
    .split(',')
    .map((topic) => topic.trim())
    .filter(Boolean);
  for (const topic of topics) {
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic)) {
      throw new ConfigError(`TARGET_TOPICS: ${JSON.stringify(topic)} is not a Kafka topic name`);
    }
  }
  return {
    maxLifetimeMs: int(env, 'INVITE_MAX_LIFETIME_MS', 30 * DAY_MS, 60_000, 365 * DAY_MS),
    maxUses: int(env, 'INVITE_MAX_USES', 1_000, 1, 10_000),
    serviceToken,
    targetTopics: topics,
    targetsGroup: env.TARGETS_GROUP || 'tangle-auth-targets',
  };
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}
