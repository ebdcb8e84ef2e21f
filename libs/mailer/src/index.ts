export { composeMail } from './compose-mail';
export {
  createMailTransport,
  createMailWorker,
  describeMailTransport,
  type MailWorkerDependencies,
  type MailerRuntime,
} from './create-mail-worker';
export { MongoSentMailLog } from './dedupe/mongo-sent-mail-log';
export { openSentMailLog, type SentMailLogConfig } from './dedupe/open-sent-mail-log';
export {
  DEFAULT_CLAIM_LEASE_MS,
  DEFAULT_SENT_RETENTION_MS,
  type ClaimResult,
  type SentMailLog,
  type SentMailLogOptions,
} from './dedupe/sent-mail-log';
export { SqliteSentMailLog } from './dedupe/sqlite-sent-mail-log';
export { MAIL_KEY_FILE, loadOrCreateMailKey } from './mail-key';
export {
  MailWorker,
  MailWorkerStoppedError,
  type MailOutcome,
  type MailWorkerOptions,
  type MailWorkerSettings,
} from './mail-worker';
export {
  MailerConfigError,
  loadMailerConfig,
  redactSmtpUrl,
  type MailerConfig,
} from './mailer.config';
export type { MailerLogger } from './mailer-logger';
export { CATALOGUES, DEFAULT_LOCALE, stringsFor } from './templates/catalogue/catalogue';
export type { MailStrings, PartialMailStrings } from './templates/catalogue/mail-strings';
export { escapeHtml } from './templates/html-escape';
export { loginLinkUrl } from './templates/login-link-url';
export { MalformedMailError } from './templates/malformed-mail-error';
export {
  renderMail,
  type MailContent,
  type RenderedMail,
  type TemplateSettings,
} from './templates/render-mail';
export { FileMailTransport, type FileMailTransportOptions } from './transports/file-mail-transport';
export {
  messageIdFor,
  type MailTransport,
  type OutgoingMail,
  type SendResult,
} from './transports/mail-transport';
export { SmtpMailTransport, type SmtpMailTransportOptions } from './transports/smtp-mail-transport';
export { eraseOutboxMailTo } from './transports/mail-outbox-eraser';
