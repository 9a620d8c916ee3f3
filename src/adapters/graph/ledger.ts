import { Client, type GraphError, HTTPMessageHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { FluxoError, TransientError, ValidationError } from '../../shared/errors.js';
import { matchesFilter } from '../../domain/assistant/ledger.js';
import type { Ledger, LedgerFilter, LedgerRow, RowFields, StoredRow } from '../../ports/ledger.js';
import type { RefreshTokenAuth } from './auth.js';

/** Workbook sessions expire after about 5 minutes idle; renew before. */
const SESSION_TTL_MS = 4 * 60_000;

export interface GraphLedgerSettings {
  /** Path of the workbook in the user's OneDrive, e.g. `Financas/gastos.xlsx`. */
  workbookPath: string;
  tableName: string;
  /** https://graph.microsoft.com/v1.0 by default (a fake in tests). */
  baseUrl?: string;
  /** Retries of a throttled (429/503/504) request, each after its Retry-After. */
  maxRetries?: number;
}

/**
 * Adds the access token to every request. The SDK's AuthenticationHandler only
 * does so for https Graph hosts; this client only ever talks to its base URL
 * (Graph, a national cloud, or the tests' fake).
 */
class BearerHandler implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly auth: RefreshTokenAuth) {}
  async execute(context: Context): Promise<void> {
    const token = await this.auth.getAccessToken();
    const headers = new Headers(context.options?.headers as HeadersInit | undefined);
    headers.set('authorization', `Bearer ${token}`);
    context.options = { ...context.options, headers: Object.fromEntries(headers) };
    await this.next?.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Excel keeps dates as serial days since 1899-12-30. */
function toIsoDate(value: unknown): string {
  if (typeof value === 'number') return new Date(Date.UTC(1899, 11, 30) + Math.round(value) * 86_400_000).toISOString().slice(0, 10);
  const text = String(value ?? '').trim();
  const br = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (br) return `${br[3]}-${br[2]?.padStart(2, '0')}-${br[1]?.padStart(2, '0')}`;
  return text.slice(0, 10);
}

/**
 * A string cell as text, never a formula. Graph reads a table value starting with `=`, `+`,
 * `-` or `@` as a formula, so a description like `=HYPERLINK(...TEXTJOIN(A2:F50)...)` would
 * run in the owner's workbook and read every sender's rows. Excel's quote prefix (a leading
 * apostrophe, not part of the value: Graph reads the cell back without it) keeps it text, as
 * Microsoft and OWASP document for formula injection; tab and CR lead such payloads too, and a
 * value that starts with an apostrophe gets one more so its own survives.
 * https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-ranges-set-get-values
 * https://owasp.org/www-community/attacks/CSV_Injection
 */
export const asText = (value: string): string => (/^[=+\-@\t\r']/.test(value) ? `'${value}` : value);

/**
 * The ledger on OneDrive: rows of an Excel table through Microsoft Graph, in a
 * workbook session. Throttling (429 / 503 / 504) is retried after the
 * Retry-After the service sends; what is left surfaces as TransientError for
 * the machine's Retry.
 */
export class GraphLedger implements Ledger {
  private readonly client: Client;
  private session: { id: string; expiresAt: number } | undefined;

  constructor(
    private readonly auth: RefreshTokenAuth,
    private readonly settings: GraphLedgerSettings,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    // Throttling is retried here (call), not also by the SDK's RetryHandler: one retry policy, one count.
    const authentication = new BearerHandler(auth);
    authentication.setNext(new HTTPMessageHandler());
    this.client = Client.initWithMiddleware({ middleware: authentication, baseUrl: settings.baseUrl ?? 'https://graph.microsoft.com', defaultVersion: 'v1.0' });
  }

  private get workbook(): string {
    const path = this.settings.workbookPath.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
    return `/me/drive/root:/${path}:/workbook`;
  }

  private get rows(): string {
    return `${this.workbook}/tables/${encodeURIComponent(this.settings.tableName)}/rows`;
  }

  /** One Graph call, retried on throttling after Retry-After (seconds), at most maxRetries times. */
  private async call<T>(send: (sessionId?: string) => Promise<T>, withSession = true): Promise<T> {
    const retries = this.settings.maxRetries ?? 3;
    for (let attempt = 0; ; attempt += 1) {
      // The token first, outside the SDK, so a refused refresh surfaces as the ConfigError it is.
      await this.auth.getAccessToken();
      try {
        return await send(withSession ? await this.sessionId() : undefined);
      } catch (error) {
        // Duck-typed: a GraphError carries the HTTP status (instanceof fails across realms).
        if (error instanceof FluxoError || (error as Error).name === 'ConfigError' || (error as Error).name === 'ValidationError' || (error as Error).name === 'TransientError') throw error;
        if (typeof (error as GraphError).statusCode !== 'number' || (error as GraphError).statusCode <= 0) throw new TransientError(`Microsoft Graph unreachable: ${(error as Error).name}`);
        if (!(error instanceof Error)) throw error;
        const graphError = error as GraphError;
        if ([429, 503, 504].includes(graphError.statusCode) && attempt < retries) {
          const after = Number(graphError.headers?.get('retry-after') ?? '');
          await this.sleep(Math.min(Number.isFinite(after) && after > 0 ? after * 1000 : 2 ** attempt * 1000, 60_000));
          continue;
        }
        if (graphError.statusCode === 404 && withSession && /session/i.test(graphError.code ?? '')) {
          this.session = undefined;
          if (attempt < retries) continue;
        }
        if (graphError.statusCode === 429 || graphError.statusCode >= 500) throw new TransientError(`Microsoft Graph answered ${graphError.statusCode} (${graphError.code ?? 'no code'})`);
        throw new ValidationError(`Microsoft Graph answered ${graphError.statusCode} (${graphError.code ?? 'no code'}) for the workbook ${this.settings.workbookPath}, table ${this.settings.tableName}`);
      }
    }
  }

  private async sessionId(): Promise<string> {
    if (this.session && this.session.expiresAt > Date.now()) return this.session.id;
    const created = (await this.call(() => this.client.api(`${this.workbook}/createSession`).post({ persistChanges: true }), false)) as { id: string };
    this.session = { id: created.id, expiresAt: Date.now() + SESSION_TTL_MS };
    return created.id;
  }

  private static cells(row: LedgerRow): (string | number)[] {
    return [row.date, row.category, asText(row.description), row.amount, asText(row.notes ?? ''), asText(row.sender ?? '')];
  }

  async add(row: LedgerRow): Promise<boolean> {
    if (row.notes && (await this.all()).some((existing) => existing.notes === row.notes)) return false;
    await this.call((session) =>
      this.client
        .api(this.rows)
        .header('workbook-session-id', session ?? '')
        .post({ values: [GraphLedger.cells(row)] }),
    );
    return true;
  }

  /** Every row with its position in the table (positions shift when a row is deleted: read just before use). */
  private async all(): Promise<(StoredRow & { index: number })[]> {
    const rows: (StoredRow & { index: number })[] = [];
    let next: string | undefined = this.rows;
    while (next) {
      const url: string = next;
      const page = (await this.call((session) => this.client.api(url).header('workbook-session-id', session ?? '').get())) as { value: { index?: number; values: unknown[][] }[]; '@odata.nextLink'?: string };
      for (const item of page.value) {
        const [date, category, description, amount, notes, sender] = item.values[0] ?? [];
        rows.push({ index: item.index ?? rows.length, id: String(notes ?? ''), date: toIsoDate(date), category: String(category ?? ''), description: String(description ?? ''), amount: Number(amount ?? 0), notes: String(notes ?? ''), sender: String(sender ?? '') });
      }
      const link = page['@odata.nextLink'];
      // The SDK takes a path: keep what follows the version segment of the absolute nextLink.
      next = link ? (() => {
        const parsed = new URL(link);
        return `${parsed.pathname.replace(/^\/(v1\.0|beta)/, '')}${parsed.search}`;
      })() : undefined;
    }
    return rows;
  }

  private async find(sender: string, id: string): Promise<(StoredRow & { index: number }) | undefined> {
    if (!id) return undefined;
    return (await this.all()).findLast((row) => row.id === id && row.sender === sender);
  }

  private itemAt(index: number): string {
    return `${this.rows}/itemAt(index=${index})`;
  }

  async remove(sender: string, id: string): Promise<StoredRow | undefined> {
    const found = await this.find(sender, id);
    if (!found) return undefined;
    await this.call((session) => this.client.api(this.itemAt(found.index)).header('workbook-session-id', session ?? '').delete());
    const { index: _index, ...row } = found;
    return row;
  }

  async update(sender: string, id: string, fields: RowFields): Promise<StoredRow | undefined> {
    const found = await this.find(sender, id);
    if (!found) return undefined;
    const { index, ...current } = found;
    const updated: StoredRow = { ...current, ...fields };
    await this.call((session) => this.client.api(this.itemAt(index)).header('workbook-session-id', session ?? '').patch({ values: [GraphLedger.cells(updated)] }));
    return updated;
  }

  async list(filter: LedgerFilter = {}): Promise<StoredRow[]> {
    return (await this.all()).filter((row) => matchesFilter(row, filter)).map(({ index: _index, ...row }) => row);
  }
}
