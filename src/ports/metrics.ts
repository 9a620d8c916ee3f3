/** Business metrics: CloudWatch EMF (Powertools Metrics) on AWS, kept in memory locally. */
export interface MetricsSink {
  count(name: string, value?: number, dimensions?: Record<string, string>): void;
}
