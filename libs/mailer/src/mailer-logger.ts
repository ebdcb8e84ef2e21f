/** The worker's log lines; Nest's ConsoleLogger fits. Never given a code or a link. */
export interface MailerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
