export type Item = Record<string, unknown>;

/** DynamoDB on AWS, a JSON file locally. Items are plain objects (document model). */
export interface KeyValueStore {
  get(table: string, key: Item): Promise<Item | undefined>;
  /** With `ifAbsent`, throws ConflictError when an item with the key exists. */
  put(table: string, item: Item, options?: { ifAbsent?: boolean; keyAttribute?: string }): Promise<void>;
  delete(table: string, key: Item): Promise<void>;
}
