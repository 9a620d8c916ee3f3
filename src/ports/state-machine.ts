/**
 * An Amazon States Language definition as fluxo reads it: the local engine runs it, the
 * console draws it (web/ imports these types). Any field ASL allows may be present; the
 * ones named here are those fluxo reads.
 */
export interface AslState {
  Type: string;
  Comment?: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  Seconds?: number;
  Default?: string;
  Choices?: { Next: string }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Retry?: { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number; MaxDelaySeconds?: number; JitterStrategy?: string }[];
  Iterator?: AslDefinition;
  ItemProcessor?: AslDefinition;
  Branches?: AslDefinition[];
  [field: string]: unknown;
}

export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  Comment?: string;
  TimeoutSeconds?: number;
}
