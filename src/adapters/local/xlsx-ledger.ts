import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Ledger, LedgerRow } from '../../ports/ledger.js';

export const LEDGER_COLUMNS = ['Data', 'Categoria', 'Descrição', 'Valor', 'Observações'] as const;
const SHEET = 'Gastos';

/**
 * The ledger as an .xlsx workbook (sheet "Gastos", columns Data, Categoria,
 * Descrição, Valor, Observações), the same shape as the OneDrive workbook; it
 * opens in Excel and LibreOffice. Writes are serialized and atomic (temp file + rename).
 */
export class XlsxLedger implements Ledger {
  private chain: Promise<unknown> = Promise.resolve();
  constructor(readonly file: string) {}

  private async open(): Promise<{ workbook: ExcelJS.Workbook; sheet: ExcelJS.Worksheet }> {
    const workbook = new ExcelJS.Workbook();
    if (existsSync(this.file)) await workbook.xlsx.readFile(this.file);
    let sheet = workbook.getWorksheet(SHEET);
    if (!sheet) {
      sheet = workbook.addWorksheet(SHEET);
      sheet.columns = LEDGER_COLUMNS.map((header) => ({ header, key: header, width: header === 'Descrição' || header === 'Observações' ? 32 : 14 }));
      sheet.getRow(1).font = { bold: true };
    }
    return { workbook, sheet };
  }

  async add(row: LedgerRow): Promise<boolean> {
    const next = this.chain.then(async () => {
      const { workbook, sheet } = await this.open();
      if (row.notes) {
        let seen = false;
        sheet.eachRow((existing, index) => {
          if (index > 1 && String(existing.getCell(5).value ?? '') === row.notes) seen = true;
        });
        if (seen) return false;
      }
      const added = sheet.addRow([new Date(`${row.date}T12:00:00Z`), row.category, row.description, row.amount, row.notes ?? '']);
      added.getCell(1).numFmt = 'dd/mm/yyyy';
      added.getCell(4).numFmt = '"R$" #,##0.00';
      await mkdir(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      await workbook.xlsx.writeFile(temp);
      await rename(temp, this.file);
      return true;
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  async list(filter: { category?: string; from?: string; to?: string } = {}): Promise<LedgerRow[]> {
    await this.chain;
    if (!existsSync(this.file)) return [];
    const { sheet } = await this.open();
    const rows: LedgerRow[] = [];
    sheet.eachRow((row, index) => {
      if (index === 1) return;
      const value = (column: number) => row.getCell(column).value;
      const raw = value(1);
      const date = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw ?? '').slice(0, 10);
      const entry: LedgerRow = { date, category: String(value(2) ?? ''), description: String(value(3) ?? ''), amount: Number(value(4) ?? 0), notes: String(value(5) ?? '') };
      if (filter.category && entry.category !== filter.category) return;
      if (filter.from && entry.date < filter.from) return;
      if (filter.to && entry.date > filter.to) return;
      rows.push(entry);
    });
    return rows;
  }
}
