export interface LedgerRow {
  date: string;
  category: string;
  description: string;
  amount: number;
  /** The row's reference (`WhatsApp <call id>`): what makes an add idempotent, and the row's id for edits. */
  notes?: string;
  /** Whose expense it is (the WhatsApp sender, `whatsapp:+55...`); empty for rows typed in by hand. */
  sender?: string;
}

/** A row as read back: `id` is its reference, stable across edits and deletions of other rows. */
export interface StoredRow extends LedgerRow {
  id: string;
}

export type RowFields = Partial<Pick<LedgerRow, 'date' | 'category' | 'description' | 'amount'>>;

export interface LedgerFilter {
  /** Only this sender's rows (the assistant always sets it; the owner's views may leave it out). */
  sender?: string;
  category?: string;
  from?: string;
  to?: string;
}

/** An Excel table on OneDrive (Microsoft Graph) on AWS, an xlsx file locally. */
export interface Ledger {
  /** Adds a row; false when a row with the same non-empty `notes` exists (a retried tool call). */
  add(row: LedgerRow): Promise<boolean>;
  /** Rows in the order they were added. */
  list(filter?: LedgerFilter): Promise<StoredRow[]>;
  /** Removes the sender's row with this id; undefined when there is none (already removed, or not theirs). */
  remove(sender: string, id: string): Promise<StoredRow | undefined>;
  /** Changes fields of the sender's row with this id; undefined when there is none. */
  update(sender: string, id: string, fields: RowFields): Promise<StoredRow | undefined>;
}
