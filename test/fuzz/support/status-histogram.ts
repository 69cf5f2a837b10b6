interface Refusal {
  count: number;
  /** The first body refused for this field, to show in the report. */
  example: string;
}

/**
 * How often each operation answered each status, and which fields the service refused in bodies that the
 * document calls valid (where the document may be too loose, or the code too strict): the report
 * `npm run fuzz` prints.
 */
export class StatusHistogram {
  private readonly counts = new Map<string, Map<number, number>>();
  private readonly refusals = new Map<string, Map<string, Refusal>>();

  count(operation: string, status: number): void {
    const statuses = this.counts.get(operation) ?? new Map<number, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    this.counts.set(operation, statuses);
  }

  refused(operation: string, fields: string[], body: string): void {
    const byField = this.refusals.get(operation) ?? new Map<string, Refusal>();
    for (const field of fields) {
      const refusal = byField.get(field) ?? { count: 0, example: body.slice(0, 160) };
      refusal.count += 1;
      byField.set(field, refusal);
    }
    this.refusals.set(operation, byField);
  }

  get total(): number {
    return [...this.overall().values()].reduce((sum, n) => sum + n, 0);
  }

  overall(): Map<number, number> {
    const overall = new Map<number, number>();
    for (const statuses of this.counts.values())
      for (const [status, n] of statuses) overall.set(status, (overall.get(status) ?? 0) + n);
    return overall;
  }

  serverErrors(): number {
    return [...this.overall()].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
  }

  report(): string {
    const line = (statuses: Map<number, number>) =>
      [...statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status}×${n}`)
        .join(' ');
    const width = Math.max(...[...this.counts.keys()].map((key) => key.length));
    const rows = [...this.counts.entries()].map(([operation, statuses]) => {
      const total = [...statuses.values()].reduce((a, b) => a + b, 0);
      return `  ${operation.padEnd(width)}  ${String(total).padStart(6)}  ${line(statuses)}`;
    });
    const refusals = [...this.refusals.entries()].flatMap(([operation, fields]) =>
      [...fields.entries()].map(([field, { count, example }]) => `  ${operation} ${field} ×${count}  e.g. ${example}`),
    );
    return [
      `${this.total} requests over ${this.counts.size} operations, ${this.serverErrors()} × 5xx`,
      `overall: ${line(this.overall())}`,
      ...rows,
      'fields refused (400) in bodies the document calls valid:',
      ...refusals,
    ].join('\n');
  }
}
