import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConflictError } from '../../shared/errors.js';
import type { Item, KeyValueStore } from '../../ports/key-value-store.js';

/** DynamoDB stand-in: one JSON file per table under `root` (or memory when root is undefined). */
export class JsonKeyValueStore implements KeyValueStore {
  private readonly tables = new Map<string, Map<string, Item>>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly root?: string) {}

  private static keyOf(key: Item): string {
    return JSON.stringify(Object.entries(key).sort(([a], [b]) => a.localeCompare(b)));
  }

  private async table(name: string): Promise<Map<string, Item>> {
    let table = this.tables.get(name);
    if (table) return table;
    table = new Map();
    if (this.root) {
      const text = await readFile(path.join(this.root, `${name}.json`), 'utf8').catch(() => '[]');
      for (const entry of JSON.parse(text) as { key: string; item: Item }[]) table.set(entry.key, entry.item);
    }
    this.tables.set(name, table);
    return table;
  }

  private async save(name: string): Promise<void> {
    if (!this.root) return;
    const table = await this.table(name);
    await mkdir(this.root, { recursive: true });
    await writeFile(path.join(this.root, `${name}.json`), JSON.stringify([...table].map(([key, item]) => ({ key, item })), null, 1));
  }

  /** Serializes writes, as DynamoDB serializes writes to one item. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  async get(table: string, key: Item): Promise<Item | undefined> {
    const item = (await this.table(table)).get(JsonKeyValueStore.keyOf(key));
    return item ? structuredClone(item) : undefined;
  }

  /**
   * With `keyAttribute`, that attribute alone is the key; otherwise the first attribute of `item`.
   */
  async put(table: string, item: Item, options: { ifAbsent?: boolean; keyAttribute?: string } = {}): Promise<void> {
    return this.serial(async () => {
      const keyName = options.keyAttribute ?? Object.keys(item)[0] ?? 'id';
      const key = JsonKeyValueStore.keyOf({ [keyName]: item[keyName] });
      const rows = await this.table(table);
      if (options.ifAbsent && rows.has(key)) throw new ConflictError(`item already exists in ${table}`);
      rows.set(key, structuredClone(item));
      await this.save(table);
    });
  }

  /**
   * Read-modify-write of one item, serialized with every other write (what
   * DynamoDB's conditional UpdateItem guarantees). `mutate` returns the new item
   * or throws to leave it unchanged.
   */
  async update(table: string, key: Item, mutate: (current: Item | undefined) => Item): Promise<Item> {
    return this.serial(async () => {
      const rows = await this.table(table);
      const id = JsonKeyValueStore.keyOf(key);
      const current = rows.get(id);
      const next = mutate(current ? structuredClone(current) : undefined);
      rows.set(id, structuredClone(next));
      await this.save(table);
      return next;
    });
  }

  async delete(table: string, key: Item): Promise<void> {
    return this.serial(async () => {
      (await this.table(table)).delete(JsonKeyValueStore.keyOf(key));
      await this.save(table);
    });
  }
}
