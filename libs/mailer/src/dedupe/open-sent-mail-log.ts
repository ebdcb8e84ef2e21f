import { MongoSentMailLog } from './mongo-sent-mail-log';
import type { SentMailLog, SentMailLogOptions } from './sent-mail-log';
import { SqliteSentMailLog } from './sqlite-sent-mail-log';

export interface SentMailLogConfig extends SentMailLogOptions {
  /** When set, the log lives in this MongoDB (production: every mailer instance shares it). */
  mongoUrl?: string | null;
  /** Otherwise, in this SQLite file. */
  sqliteFile: string;
}

export function openSentMailLog(config: SentMailLogConfig): Promise<SentMailLog> {
  const { mongoUrl, sqliteFile, ...options } = config;
  return mongoUrl
    ? MongoSentMailLog.open(mongoUrl, options)
    : SqliteSentMailLog.open(sqliteFile, options);
}
