/** A progress line on the terminal (stderr, so stdout keeps only results); on a TTY it rewrites itself. */
export class Progress {
  private lastPercent = -1;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(private readonly label: string) {}

  /** Reports `done` of `total`, printing at most one line per 10 % off a terminal. */
  update(done: number, total: number, unit: string): void {
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    if (!this.tty && Math.floor(percent / 10) === Math.floor(this.lastPercent / 10)) return;
    this.lastPercent = percent;
    this.write(`${this.label}: ${percent}% (${done}/${total} ${unit})`);
  }

  /** A free-form step (pg_dump's and pg_restore's own account of what they are doing). */
  step(text: string): void {
    this.write(`${this.label}: ${text}`);
  }

  /** Ends a rewritten line so the next output starts on its own line. */
  done(): void {
    if (this.tty) process.stderr.write('\n');
  }

  private write(line: string): void {
    if (this.tty) process.stderr.write(`\r\u001b[2K${line}`);
    else process.stderr.write(`${line}\n`);
  }
}
