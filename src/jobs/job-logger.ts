/** The slice of a pino logger the job layer uses; job code logs through `child({ jobId })`. */
export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>, options?: { level?: string }): JobLogger;
}
