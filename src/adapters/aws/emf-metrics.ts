import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricsSink } from '../../ports/metrics.js';

/**
 * CloudWatch metrics in the Embedded Metric Format through Powertools: one
 * log line per count, no API call, namespace `fluxo` and the stage as dimension.
 */
export class EmfMetrics implements MetricsSink {
  private readonly metrics: Metrics;
  constructor(stage: string, service: string) {
    this.metrics = new Metrics({ namespace: 'fluxo', serviceName: service, defaultDimensions: { stage } });
  }

  count(name: string, value = 1, dimensions: Record<string, string> = {}): void {
    const single = Object.keys(dimensions).length ? this.metrics.singleMetric() : this.metrics;
    for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
    single.addMetric(name, MetricUnit.Count, value);
    if (single === this.metrics) this.metrics.publishStoredMetrics();
  }
}
