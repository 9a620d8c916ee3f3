export interface LedgerRow {
  date: string;
  category: string;
  description: string;
  amount: number;
  notes?: string;
}

/** An Excel table on OneDrive (Microsoft Graph) on AWS, an xlsx file locally. */
export interface Ledger {
  /** Adds a row; false when a row with the same non-empty `notes` exists (a retried tool call). */
  add(row: LedgerRow): Promise<boolean>;
  list(filter?: { category?: string; from?: string; to?: string }): Promise<LedgerRow[]>;
}
