/** One drift flag: what changed in a column since the dataset's previous file (no imports: the console reads it too). */
export interface DriftFlag {
  column: string;
  kind: 'new_column' | 'missing_column' | 'type_change' | 'mean_shift' | 'missing_rate_jump';
  detail: string;
}

/** A flag as people read it, worded once: "obs: new column (string)", "valor: type string -> number". */
export function describeFlag(flag: DriftFlag): string {
  return `${flag.column}: ${flag.kind === 'type_change' ? `type ${flag.detail}` : flag.detail}`;
}
