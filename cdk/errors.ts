/**
 * Raised while the app is built when a context setting is invalid. The
 * message names the context key, the rule it breaks and how to set it.
 */
export class StackConfigError extends Error {
  /** Context key that failed validation, such as `valuecast:stackName`. */
  readonly key: string;

  constructor(key: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StackConfigError";
    this.key = key;
  }
}
