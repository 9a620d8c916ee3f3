/** Secrets Manager on AWS, env / `.env` locally. */
export interface SecretStore {
  get(secretId: string): Promise<string>;
  /** Writes a new version (for example a rotated OAuth refresh token). */
  put(secretId: string, value: string): Promise<void>;
}
