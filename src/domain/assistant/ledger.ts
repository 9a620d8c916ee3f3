/** What a ledger filter looks at in a row. */
interface Filterable {
  date: string;
  category: string;
  sender?: string;
}

/** The ledger filter as every adapter applies it: a sender sees only their own rows. */
export const matchesFilter = (row: Filterable, filter: { sender?: string; category?: string; from?: string; to?: string } = {}): boolean =>
  (filter.sender === undefined || (row.sender ?? '') === filter.sender) &&
  (!filter.category || row.category === filter.category) &&
  (!filter.from || row.date >= filter.from) &&
  (!filter.to || row.date <= filter.to);
