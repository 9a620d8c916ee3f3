/** The dev server's JSON API (src/local/devserver/). */
export interface HistoryEvent {
  id: number;
  timestamp: string;
  type: string;
  stateName?: string;
  stateType?: string;
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  index?: number;
  attempt?: number;
}

export interface Execution {
  executionArn: string;
  machine: string;
  name: string;
  status: string;
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  startDate: string;
  stopDate?: string;
  redriveFrom?: string;
  /** A Distributed Map's child: its parent execution and Map state. */
  parent?: { machine: string; name: string; state: string };
  /** The child executions this execution's Distributed Maps ran. */
  children?: { name: string; state: string; status: string }[];
  events: HistoryEvent[];
}

export interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: { Next: string }[];
  Catch?: { Next: string; ErrorEquals: string[] }[];
  ItemProcessor?: AslDefinition;
  Iterator?: AslDefinition;
  Comment?: string;
}

export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  Comment?: string;
}

export async function get<T>(path: string): Promise<T> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(((await response.json().catch(() => ({}))) as { message?: string }).message ?? `${response.status}`);
  return (await response.json()) as T;
}

export async function post<T>(path: string, body: BodyInit | object, type = 'application/json'): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'object' && !(body instanceof Blob) && !(body instanceof ArrayBuffer) ? JSON.stringify(body) : (body as BodyInit),
  });
  const data = (await response.json().catch(() => ({}))) as T & { message?: string };
  if (!response.ok) throw new Error(data.message ?? `${response.status}`);
  return data;
}
