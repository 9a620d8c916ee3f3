import { NotFoundError } from '../../shared/errors.js';
import type { SecretStore } from '../../ports/secret-store.js';

/**
 * Secrets locally: kept in memory, seeded from the environment (`FLUXO_SECRET_<ID>`). Reading
 * the environment is this adapter's job (the local stand-in for Secrets Manager), so it may
 * default to process.env itself (test/unit/process-env.test.ts allows it).
 */
export class EnvSecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  constructor(private readonly env: Record<string, string | undefined> = process.env) {}

  async get(secretId: string): Promise<string> {
    const value = this.values.get(secretId) ?? this.env[`FLUXO_SECRET_${secretId.replace(/\W/g, '_').toUpperCase()}`];
    if (value === undefined) throw new NotFoundError(`secret ${secretId} not found`);
    return value;
  }

  async put(secretId: string, value: string): Promise<void> {
    this.values.set(secretId, value);
  }
}
