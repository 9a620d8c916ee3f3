import type { MetricsSink } from '../../ports/metrics.js';

/** Business metrics locally: totals per name (and dimensions), for tests and the curious. */
export class MemoryMetrics implements MetricsSink {
  readonly totals = new Map<string, number>();
  count(name: string, value = 1, dimensions: Record<string, string> = {}): void {
    const key = [name, ...Object.entries(dimensions).map(([dimension, item]) => `${dimension}=${item}`)].join(' ');
    this.totals.set(key, (this.totals.get(key) ?? 0) + value);
  }
}
