/** One SQL row, keyed by column name. */
export type Row = Record<string, unknown>;

/**
 * PostgreSQL on AWS (RDS) and locally (a server or PGlite). SQL uses `$1`
 * placeholders; both adapters speak the same dialect.
 */
export interface RelationalStore {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `work` in one transaction; rolls back when it throws. */
  transaction<T>(work: (tx: RelationalStore) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
