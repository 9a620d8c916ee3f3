export interface LedgerRow {
  date: string;
  category: string;
  description: string;
  amount: number;
  notes?: string;
}

/** An Excel table on OneDrive (Microsoft Graph) on AWS, an xlsx file locally. */
export interface Ledger {
  add(row: LedgerRow): Promise<void>;
  list(filter?: { category?: string; from?: string; to?: string }): Promise<LedgerRow[]>;
}
