/**
 * Named errors shared by every layer. The `name` of each class is what an ASL
 * `Retry` / `Catch` `ErrorEquals` matches, so never rename one without the machines.
 */
export class FluxoError extends Error {
  /** A permanent error will fail again if retried with the same input. */
  readonly permanent: boolean = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input: retrying cannot help. SQS consumers record and acknowledge it. */
export class ValidationError extends FluxoError {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
  }
}

/** A request or upload past its size cap (HTTP 413): bad input, counted as it arrived. */
export class PayloadTooLargeError extends ValidationError {}

/** A dependency hiccup (network, throttling, lock). Safe and useful to retry. */
export class TransientError extends FluxoError {
  override readonly permanent: boolean = false;
}

export class NotFoundError extends FluxoError {}

/** A function's Lambda timeout was about to end: the message names the function, the timeout and what to change. */
export class FunctionTimeoutError extends FluxoError {}

/** The effect already happened (duplicate execution name, unique key). */
export class ConflictError extends FluxoError {}

/** Configuration is missing or invalid: names keys, never values. */
export class ConfigError extends FluxoError {
  constructor(
    readonly keys: string[],
    detail?: string,
    message = `invalid configuration: ${keys.join(', ')}${detail ? ` (${detail})` : ''}`,
  ) {
    super(message);
  }

  /**
   * Keys that are not set: `missing configuration: A, B (set them in <where>)`, the one format
   * every check uses (build it with `requireKeys` / `missingKeys` of src/shared/config.ts).
   */
  static missing(keys: string[], where: string): ConfigError {
    return new ConfigError(keys, undefined, `missing configuration: ${keys.join(', ')} (set them in ${where})`);
  }
}

/** The CLI was called wrongly; exits with code 2. */
export class UsageError extends FluxoError {}

/**
 * An adapter method nobody has written yet (the AWS skeleton `fluxo generate function` writes):
 * permanent, so a queue dead-letters the message and a state machine fails at once, with a
 * message naming the file to fill in.
 */
export class NotImplementedError extends FluxoError {}

/** Is retrying this error pointless? Unknown errors count as transient, so nothing is lost. */
export function isPermanent(error: unknown): boolean {
  return error instanceof FluxoError && error.permanent;
}

/** One line for a human: never a stack, never a value from config. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? '';
}

function isErrorLike(value: unknown): value is Error {
  return value instanceof Error || (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string' && typeof (value as { name?: unknown }).name === 'string');
}

/** The caller is not allowed (bad webhook signature): HTTP 403. */
export class ForbiddenError extends FluxoError {}

// Sockets and DNS; PostgreSQL SQLSTATEs: 08xxx connection exceptions, 57P01-57P03 admin/crash shutdown
// and cannot-connect-now (failover, restart), 53300 too many connections, 40001/40P01 serialization and deadlock.
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300', '40001', '40P01']);
/**
 * `pg` reports a lost or timed-out connection with no code at all, only these messages
 * (pg/lib/client.js, pg-pool): the server went away mid-query, or never answered in time.
 */
const TRANSIENT_MESSAGES = /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout expired|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Query read timeout|Connection timeout)$/;
const TRANSIENT_NAMES = new Set(['ThrottlingException', 'TooManyRequestsException', 'ServiceUnavailable', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'TimeoutError', 'DatabaseResumingException', 'StatementTimeoutException']);

/**
 * Maps an error from a driver or SDK to fluxo's vocabulary: network and
 * throttling faults become {@link TransientError}; fluxo errors pass as they are;
 * anything else (a bug) keeps its own name so it is neither retried forever nor hidden.
 */
export function classify(error: unknown): Error {
  if (error instanceof FluxoError) return error;
  // Errors from another realm (Node core seen from a vm context) fail `instanceof Error`: duck-type them.
  if (!isErrorLike(error)) return new Error(String(error));
  const code = (error as { code?: unknown }).code;
  const retryable = (error as { $retryable?: unknown }).$retryable;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const lostConnection = code === undefined && TRANSIENT_MESSAGES.test(oneLine(error).trim());
  if ((typeof code === 'string' && TRANSIENT_CODES.has(code)) || TRANSIENT_NAMES.has(error.name) || retryable || lostConnection || (status !== undefined && status >= 500)) {
    return new TransientError(`${error.name}: ${oneLine(error)}`, { cause: error });
  }
  if (error instanceof AggregateError && error.errors.length > 0) return classify(error.errors[0]);
  return error;
}

/** An error named as AWS names a failed service integration (`DynamoDB.ConditionalCheckFailedException`, `Transcribe.ConflictException`), which ASL Retry / Catch match. */
export function serviceError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
