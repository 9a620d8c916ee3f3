/**
 * The stop signals an orchestrator sends (SIGTERM from ECS and Kubernetes, SIGINT from a
 * terminal) turned into an AbortSignal; `release` removes the listeners.
 */
export function stopSignal(onStop?: (signal: string) => void): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const stop = (name: string) => {
    if (controller.signal.aborted) return;
    onStop?.(name);
    controller.abort();
  };
  const onTerm = () => stop('SIGTERM');
  const onInt = () => stop('SIGINT');
  process.once('SIGTERM', onTerm);
  process.once('SIGINT', onInt);
  return {
    signal: controller.signal,
    release() {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
    },
  };
}
