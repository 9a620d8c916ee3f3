/**
 * Settings that send a small test file down each path of the CsvSummary machine on the local engine:
 * the small-file path, the inline Map (chunks) and the Distributed Map (huge path).
 */
export const CSV_MACHINE_PATHS: Array<[string, Record<string, string>]> = [
  ['the small-file path', {}],
  ['the inline Map', { CSV_LARGE_BYTES: '20000', CSV_CHUNK_BYTES: '30001' }],
  ['the Distributed Map', { CSV_LARGE_BYTES: '10000', CSV_HUGE_BYTES: '20000', CSV_HUGE_CHUNK_BYTES: '40001', CSV_MAP_MAX_CONCURRENCY: '3' }],
];
