import { matchesFilter } from '../../src/domain/assistant/ledger.js';
import type { Ledger, LedgerFilter, LedgerRow, RowFields, StoredRow } from '../../src/ports/ledger.js';

/** The ledger port in memory, for unit tests of the tools (the adapters have their own tests). */
export class MemoryLedger implements Ledger {
  rows: StoredRow[] = [];
  async add(row: LedgerRow) {
    if (row.notes && this.rows.some((existing) => existing.notes === row.notes)) return false;
    this.rows.push({ ...row, id: row.notes ?? '' });
    return true;
  }
  async list(filter: LedgerFilter = {}) {
    return this.rows.filter((row) => matchesFilter(row, filter));
  }
  async remove(sender: string, id: string) {
    const index = this.rows.findLastIndex((row) => row.id === id && row.sender === sender);
    return index < 0 ? undefined : this.rows.splice(index, 1)[0];
  }
  async update(sender: string, id: string, fields: RowFields) {
    const row = this.rows.findLast((candidate) => candidate.id === id && candidate.sender === sender);
    if (row) Object.assign(row, fields);
    return row ? { ...row } : undefined;
  }
}
