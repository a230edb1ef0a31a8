/** Upper bounds (seconds) of the latency histograms: from 0.5 ms to 5 s. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatLabels(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([key, value]) => `${key}="${escapeLabel(value)}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

/** Request and search figures of this process, in the Prometheus text format. */
export class Metrics {
  private readonly requestCounts = new Map<string, { labels: Record<string, string>; value: number }>();
  private readonly requestDurations = new Map<string, { labels: Record<string, string>; histogram: Histogram }>();
  private readonly searchDuration: Histogram = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
  private readonly gauges = new Map<string, { help: string; read: () => Promise<number> }>();
  private readonly rateLimits = new Map<string, { refused: number; clients: () => number }>();

  /** Counts one finished request and its duration. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    // Method and status hold no space, so this key is unambiguous; it is built on every request, the labels only once.
    const countKey = `${method} ${status} ${route}`;
    const count = this.requestCounts.get(countKey);
    if (count) count.value++;
    else this.requestCounts.set(countKey, { labels: { method, route, status: String(status) }, value: 1 });

    const durationKey = `${method} ${route}`;
    let duration = this.requestDurations.get(durationKey);
    if (!duration) {
      duration = { labels: { method, route }, histogram: { counts: BUCKETS.map(() => 0), sum: 0, count: 0 } };
      this.requestDurations.set(durationKey, duration);
    }
    observe(duration.histogram, seconds);
  }

  /** Records how long one search took inside the engine. */
  observeSearch(seconds: number): void {
    observe(this.searchDuration, seconds);
  }

  /** Declares a rate-limited route, so its series exist from the start; `clients` reads how many clients it tracks. */
  trackRateLimit(route: string, clients: () => number): void {
    if (!this.rateLimits.has(route)) this.rateLimits.set(route, { refused: 0, clients });
  }

  /** Counts one request a rate limit refused. */
  observeRateLimited(route: string): void {
    const limit = this.rateLimits.get(route);
    if (limit) limit.refused++;
    else this.rateLimits.set(route, { refused: 1, clients: () => 0 });
  }

  /** Adds a gauge read at scrape time (for example the outbox depth). */
  addGauge(name: string, help: string, read: () => Promise<number>): void {
    this.gauges.set(name, { help, read });
  }

  /** The exposition text. */
  async render(): Promise<string> {
    const lines: string[] = [
      '# HELP tillit_http_requests_total HTTP requests by method, route and status.',
      '# TYPE tillit_http_requests_total counter',
    ];
    for (const { labels, value } of this.requestCounts.values()) {
      lines.push(`tillit_http_requests_total${formatLabels(labels)} ${value}`);
    }
    lines.push(
      '# HELP tillit_http_request_duration_seconds HTTP request latency by method and route.',
      '# TYPE tillit_http_request_duration_seconds histogram',
    );
    for (const { labels, histogram } of this.requestDurations.values()) {
      lines.push(...formatHistogram('tillit_http_request_duration_seconds', labels, histogram));
    }
    lines.push(
      '# HELP tillit_search_duration_seconds Time spent in the search engine per query.',
      '# TYPE tillit_search_duration_seconds histogram',
      ...formatHistogram('tillit_search_duration_seconds', {}, this.searchDuration),
    );
    lines.push(
      '# HELP tillit_rate_limited_total Requests refused with 429 by the per-client rate limit, by route.',
      '# TYPE tillit_rate_limited_total counter',
    );
    for (const [route, limit] of this.rateLimits) {
      lines.push(`tillit_rate_limited_total${formatLabels({ route })} ${limit.refused}`);
    }
    lines.push(
      '# HELP tillit_rate_limit_clients Clients (IP addresses) the rate limit currently tracks, by route.',
      '# TYPE tillit_rate_limit_clients gauge',
    );
    for (const [route, limit] of this.rateLimits) {
      lines.push(`tillit_rate_limit_clients${formatLabels({ route })} ${limit.clients()}`);
    }
    for (const [name, gauge] of this.gauges) {
      const value = await gauge.read().catch(() => Number.NaN);
      lines.push(`# HELP ${name} ${gauge.help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

function observe(histogram: Histogram, seconds: number): void {
  histogram.sum += seconds;
  histogram.count++;
  BUCKETS.forEach((bound, index) => {
    if (seconds <= bound) histogram.counts[index] = (histogram.counts[index] ?? 0) + 1;
  });
}

function formatHistogram(name: string, labels: Record<string, string>, histogram: Histogram): string[] {
  const lines = BUCKETS.map(
    (bound, index) => `${name}_bucket${formatLabels({ ...labels, le: String(bound) })} ${histogram.counts[index] ?? 0}`,
  );
  lines.push(`${name}_bucket${formatLabels({ ...labels, le: '+Inf' })} ${histogram.count}`);
  lines.push(`${name}_sum${formatLabels(labels)} ${histogram.sum}`);
  lines.push(`${name}_count${formatLabels(labels)} ${histogram.count}`);
  return lines;
}
