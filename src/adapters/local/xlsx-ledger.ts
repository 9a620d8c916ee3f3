import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { matchesFilter } from '../../domain/assistant/ledger.js';
import type { Ledger, LedgerFilter, LedgerRow, RowFields, StoredRow } from '../../ports/ledger.js';

export const LEDGER_COLUMNS = ['Data', 'Categoria', 'Descrição', 'Valor', 'Observações', 'Remetente'] as const;
const SHEET = 'Gastos';

type Sheet = ExcelJS.Worksheet;

function rowAt(sheet: Sheet, index: number): StoredRow {
  const row = sheet.getRow(index);
  const value = (column: number) => row.getCell(column).value;
  const raw = value(1);
  const date = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw ?? '').slice(0, 10);
  const notes = String(value(5) ?? '');
  return { id: notes, date, category: String(value(2) ?? ''), description: String(value(3) ?? ''), amount: Number(value(4) ?? 0), notes, sender: String(value(6) ?? '') };
}

function write(target: ExcelJS.Row, row: LedgerRow): void {
  target.getCell(1).value = new Date(`${row.date}T12:00:00Z`);
  target.getCell(1).numFmt = 'dd/mm/yyyy';
  target.getCell(2).value = row.category;
  target.getCell(3).value = row.description;
  target.getCell(4).value = row.amount;
  target.getCell(4).numFmt = '"R$" #,##0.00';
  target.getCell(5).value = row.notes ?? '';
  target.getCell(6).value = row.sender ?? '';
}

/**
 * The ledger as an .xlsx workbook (sheet "Gastos", columns Data, Categoria,
 * Descrição, Valor, Observações, Remetente), the same shape as the OneDrive
 * workbook; it opens in Excel and LibreOffice. Writes are serialized and
 * atomic (temp file + rename). A workbook from before the Remetente column
 * gets its header on the next write; its old rows belong to nobody.
 */
export class XlsxLedger implements Ledger {
  private chain: Promise<unknown> = Promise.resolve();
  constructor(readonly file: string) {}

  private async open(): Promise<{ workbook: ExcelJS.Workbook; sheet: Sheet }> {
    const workbook = new ExcelJS.Workbook();
    if (existsSync(this.file)) await workbook.xlsx.readFile(this.file);
    let sheet = workbook.getWorksheet(SHEET);
    if (!sheet) {
      sheet = workbook.addWorksheet(SHEET);
      sheet.columns = LEDGER_COLUMNS.map((header) => ({ header, key: header, width: header === 'Descrição' || header === 'Observações' || header === 'Remetente' ? 32 : 14 }));
      sheet.getRow(1).font = { bold: true };
    }
    if (!sheet.getRow(1).getCell(6).value) sheet.getRow(1).getCell(6).value = LEDGER_COLUMNS[5];
    return { workbook, sheet };
  }

  /** One read-modify-write of the workbook at a time; `change` returns what to answer and whether to save. */
  private mutate<T>(change: (sheet: Sheet) => { result: T; save: boolean }): Promise<T> {
    const next = this.chain.then(async () => {
      const { workbook, sheet } = await this.open();
      const { result, save } = change(sheet);
      if (save) {
        await mkdir(path.dirname(this.file), { recursive: true });
        const temp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
        await workbook.xlsx.writeFile(temp);
        await rename(temp, this.file);
      }
      return result;
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private static find(sheet: Sheet, sender: string, id: string): number | undefined {
    for (let index = sheet.rowCount; index > 1; index -= 1) {
      const row = rowAt(sheet, index);
      if (id && row.id === id && row.sender === sender) return index;
    }
    return undefined;
  }

  async add(row: LedgerRow): Promise<boolean> {
    return this.mutate((sheet) => {
      if (row.notes) {
        for (let index = 2; index <= sheet.rowCount; index += 1) if (rowAt(sheet, index).notes === row.notes) return { result: false, save: false };
      }
      write(sheet.getRow(sheet.rowCount + 1), row);
      return { result: true, save: true };
    });
  }

  async remove(sender: string, id: string): Promise<StoredRow | undefined> {
    return this.mutate((sheet) => {
      const index = XlsxLedger.find(sheet, sender, id);
      if (index === undefined) return { result: undefined, save: false };
      const removed = rowAt(sheet, index);
      sheet.spliceRows(index, 1);
      return { result: removed, save: true };
    });
  }

  async update(sender: string, id: string, fields: RowFields): Promise<StoredRow | undefined> {
    return this.mutate((sheet) => {
      const index = XlsxLedger.find(sheet, sender, id);
      if (index === undefined) return { result: undefined, save: false };
      const updated = { ...rowAt(sheet, index), ...fields };
      write(sheet.getRow(index), updated);
      return { result: updated, save: true };
    });
  }

  async list(filter: LedgerFilter = {}): Promise<StoredRow[]> {
    await this.chain;
    if (!existsSync(this.file)) return [];
    const { sheet } = await this.open();
    const rows: StoredRow[] = [];
    for (let index = 2; index <= sheet.rowCount; index += 1) {
      const row = rowAt(sheet, index);
      if (row.date && matchesFilter(row, filter)) rows.push(row);
    }
    return rows;
  }
}
