import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { NotFoundError } from '../../shared/errors.js';
import type { SecretStore } from '../../ports/secret-store.js';
import { clientConfig, type AwsClientSettings } from './clients.js';

export class SecretsManagerStore implements SecretStore {
  readonly client: SecretsManagerClient;
  constructor(settings: AwsClientSettings) {
    this.client = new SecretsManagerClient(clientConfig(settings));
  }

  async get(secretId: string): Promise<string> {
    try {
      const out = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }));
      if (out.SecretString === undefined) throw new NotFoundError(`secret ${secretId} has no string value`);
      return out.SecretString;
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') throw new NotFoundError(`secret ${secretId} not found`);
      throw error;
    }
  }

  async put(secretId: string, value: string): Promise<void> {
    await this.client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: value }));
  }
}
