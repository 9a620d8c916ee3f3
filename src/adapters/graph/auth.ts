import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { ConfigError, TransientError } from '../../shared/errors.js';
import type { SecretStore } from '../../ports/secret-store.js';

export interface GraphOAuthSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The refresh token as configured; the token secret's current value wins when there is one. */
  refreshToken: string;
  /** The secret holding GRAPH_REFRESH_TOKEN (fluxo/<stage>/graph-token), where a rotated token is written back. */
  secretId?: string;
  /** https://login.microsoftonline.com by default (a fake in tests). */
  authority?: string;
  scope?: string;
}

interface TokenResponse {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

/**
 * Delegated access to the user's OneDrive with the OAuth refresh-token flow.
 * Microsoft rotates refresh tokens: each new one is written back to its own
 * secret (fluxo/<stage>/graph-token, key GRAPH_REFRESH_TOKEN), so the next container starts from it.
 * Tokens never reach a log line or an error message.
 */
export class RefreshTokenAuth implements AuthenticationProvider {
  private access: { token: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private refreshToken: string;

  constructor(
    private readonly settings: GraphOAuthSettings,
    private readonly secrets?: SecretStore,
    private readonly now: () => number = Date.now,
  ) {
    this.refreshToken = settings.refreshToken;
  }

  async getAccessToken(): Promise<string> {
    if (this.access && this.access.expiresAt > this.now() + 60_000) return this.access.token;
    this.pending ??= this.refresh().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async currentRefreshToken(): Promise<string> {
    if (!this.secrets || !this.settings.secretId) return this.refreshToken;
    const stored = JSON.parse(await this.secrets.get(this.settings.secretId)) as { GRAPH_REFRESH_TOKEN?: string };
    return stored.GRAPH_REFRESH_TOKEN ?? this.refreshToken;
  }

  private async refresh(): Promise<string> {
    const authority = this.settings.authority ?? 'https://login.microsoftonline.com';
    const refreshToken = await this.currentRefreshToken();
    let response: Response;
    try {
      response = await fetch(`${authority}/${encodeURIComponent(this.settings.tenantId)}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: this.settings.clientId,
          client_secret: this.settings.clientSecret,
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          scope: this.settings.scope ?? 'https://graph.microsoft.com/Files.ReadWrite offline_access',
        }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new TransientError(`Microsoft identity platform unreachable: ${(error as Error).name}`);
    }
    const body = (await response.json().catch(() => ({}))) as TokenResponse;
    if (response.status === 429 || response.status >= 500) throw new TransientError(`Microsoft identity platform answered ${response.status}`);
    if (!response.ok || !body.access_token) {
      // invalid_grant: the refresh token expired or was revoked; someone must sign in again (docs/operations.md).
      throw new ConfigError(['GRAPH_REFRESH_TOKEN'], `token refresh refused: ${body.error ?? response.status}`);
    }
    this.access = { token: body.access_token, expiresAt: this.now() + (body.expires_in ?? 3600) * 1000 };
    if (body.refresh_token && body.refresh_token !== refreshToken) {
      this.refreshToken = body.refresh_token;
      await this.writeBack(body.refresh_token);
    }
    return body.access_token;
  }

  private async writeBack(token: string): Promise<void> {
    if (!this.secrets || !this.settings.secretId) return;
    const current = JSON.parse(await this.secrets.get(this.settings.secretId)) as Record<string, unknown>;
    await this.secrets.put(this.settings.secretId, JSON.stringify({ ...current, GRAPH_REFRESH_TOKEN: token }));
  }
}
