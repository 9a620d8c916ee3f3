import { existsSync } from 'node:fs';
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { environment, type ConfigSource } from '../../shared/config.js';

/** Reads `.env` (without overriding the environment) and returns the local settings. */
export function localSettings(env: ConfigSource = environment()): { home: string; databaseUrl?: string; waitScale: number } {
  if (existsSync('.env')) loadDotenv({ quiet: true });
  const waitScale = env.FLUXO_WAIT_SCALE === undefined ? 1 : Number(env.FLUXO_WAIT_SCALE);
  return {
    home: path.resolve(env.FLUXO_HOME ?? '.fluxo'),
    databaseUrl: env.DATABASE_URL || undefined,
    waitScale: Number.isFinite(waitScale) && waitScale >= 0 ? waitScale : 1,
  };
}
