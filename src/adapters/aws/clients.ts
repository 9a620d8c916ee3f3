/** Settings shared by every AWS SDK v3 client; `endpoint` points them at moto in tests. */
export interface AwsClientSettings {
  region: string;
  endpoint?: string;
}

export function clientConfig(settings: AwsClientSettings): { region: string; endpoint?: string; forcePathStyle?: boolean } {
  return settings.endpoint ? { region: settings.region, endpoint: settings.endpoint, forcePathStyle: true } : { region: settings.region };
}
