import { describeFlag, detectDrift } from '../../../src/domain/csv/drift.js';
import type { Summary } from '../../../src/domain/csv/summary.js';

const column = (name: string, type: string, mean: number | null = null, std: number | null = null) => ({ name, type, count: 10, missing: 0, unique: null, top: null, freq: null, mean, std, min: null, p25: null, p50: null, p75: null, max: null });
const summary = (columns: ReturnType<typeof column>[]) => ({ rows: 10, delimiter: ',', encoding: 'utf-8', decimal: '.', columns, warnings: [] }) as unknown as Summary;

describe('drift flags in words', () => {
  it('says each change once, with no kind repeated inside its detail', () => {
    const before = summary([column('valor', 'string'), column('gone', 'string'), column('amount', 'number', 10, 1)]);
    const after = summary([column('valor', 'number'), column('obs', 'string'), column('amount', 'number', 100, 1)]);
    const words = detectDrift(after, before, 1).flags.map(describeFlag).sort();
    expect(words).toEqual(['amount: mean 10.0000 -> 100.000 (90.0 sigma)', 'gone: column no longer present', 'obs: new column (string)', 'valor: type string -> number']);
    for (const line of words) expect(line).not.toMatch(/(new column|missing|type|mean).*\b\1\b/);
  });
});
