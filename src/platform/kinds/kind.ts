/**
 * What kind of Lambda a built handler is, so that a process outside Lambda (`fluxo
 * service`, `consume`, `serve`, `work`) can tell how to run it: poll a queue, serve HTTP,
 * run once. Each kind's wrapper tags the handler it returns.
 */
export type HandlerKind = 'sqs' | 'http' | 'task' | 'scheduled';

const KIND = Symbol.for('fluxo.handlerKind');

export function withKind<T extends object>(handler: T, kind: HandlerKind): T {
  Object.defineProperty(handler, KIND, { value: kind, enumerable: false });
  return handler;
}

export function kindOf(handler: unknown): HandlerKind | undefined {
  return typeof handler === 'function' || (typeof handler === 'object' && handler !== null) ? ((handler as Record<symbol, HandlerKind | undefined>)[KIND] ?? undefined) : undefined;
}
