/** The worker's log lines; the service logger's Nest adapter fits. Never given a code or a link. */
export interface MailerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
