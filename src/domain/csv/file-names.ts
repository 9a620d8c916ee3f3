/**
 * The one rule for which uploaded files are summarized: by their name's extension, in any case
 * (Windows exports write `EXTRATO.CSV`). `.tsv` and `.txt` are Excel's "Text (Tab delimited)"
 * and "Unicode Text" saves (tab-separated, the latter UTF-16): the sniffer reads their
 * delimiter and encoding as it does a `.csv`'s. S3 notification filters are case-sensitive,
 * so the uploads bucket notifies every object under `incoming/` and csv_ingest applies this.
 */
export const SUMMARIZED_EXTENSIONS = ['.csv', '.tsv', '.txt'] as const;

/** `.csv, .tsv or .txt`, for messages. */
export const SUMMARIZED_EXTENSIONS_TEXT = `${SUMMARIZED_EXTENSIONS.slice(0, -1).join(', ')} or ${SUMMARIZED_EXTENSIONS[SUMMARIZED_EXTENSIONS.length - 1]}`;

/** Whether a file name (or an object key: its last part counts) is one the system summarizes. */
export function isSummarizedName(name: string): boolean {
  const base = (name.split('/').pop() ?? '').toLowerCase();
  return SUMMARIZED_EXTENSIONS.some((extension) => base.length > extension.length && base.endsWith(extension));
}

/** Why `name` is not summarized (one line), or undefined when it is. */
export function notSummarizedReason(name: string): string | undefined {
  return isSummarizedName(name) ? undefined : `${name}: not summarized: only ${SUMMARIZED_EXTENSIONS_TEXT} files are (any case)`;
}
