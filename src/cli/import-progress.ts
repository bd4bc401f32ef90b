import type { ImportPlan } from '../domain/importing/records.ts';

/** Redraws at most this often: a terminal repainted per record would cost more than the import. */
const REDRAW_MS = 200;
const BAR_WIDTH = 28;

/**
 * The progress line of a long import, on a terminal only: a bar by bytes read, the posts saved,
 * their rate and the time left. Piped or in CI it stays silent, and the summary says it all.
 */
export class Progress {
  private plan: ImportPlan | null = null;
  private read = 0;
  private saved = 0;
  private startedAt = 0;
  private drawnAt = 0;
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  private get live(): boolean {
    return this.stream.isTTY === true;
  }

  phase(text: string): void {
    if (!this.live) return;
    this.stream.write(`${text}…`);
    this.shown = true;
  }

  start(plan: ImportPlan): void {
    this.plan = plan;
    this.startedAt = performance.now();
  }

  bytes(read: number): void {
    this.read = read;
    this.draw();
  }

  committed(entries: number): void {
    this.saved = entries;
    this.draw();
  }

  /** The bar of pictures brought home, one file at a time. */
  pictures(done: number, total: number): void {
    if (!this.live || total === 0) return;
    const now = performance.now();
    if (done < total && now - this.drawnAt < REDRAW_MS) return;
    this.drawnAt = now;
    const filled = Math.round((done / total) * BAR_WIDTH);
    this.stream.write(
      `\r\x1b[2K${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${done.toLocaleString('en')} of ${total.toLocaleString('en')} pictures`,
    );
    this.shown = true;
  }

  /** Clears the line, so what is printed next starts at the left. */
  done(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }

  private draw(): void {
    if (!this.live || !this.plan) return;
    const now = performance.now();
    if (now - this.drawnAt < REDRAW_MS) return;
    this.drawnAt = now;
    const share = this.plan.totalBytes > 0 ? Math.min(this.read / this.plan.totalBytes, 1) : 0;
    const filled = Math.round(share * BAR_WIDTH);
    const seconds = (now - this.startedAt) / 1000;
    const rate = seconds > 0 ? Math.round(this.saved / seconds) : 0;
    const left = share > 0.01 ? Math.round((seconds / share) * (1 - share)) : null;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    const posts = `${this.saved.toLocaleString('en')} of ${this.plan.entries.toLocaleString('en')} posts`;
    this.stream.write(
      `\r\x1b[2K${bar} ${Math.floor(share * 100)}%  ${posts}  ${rate.toLocaleString('en')}/s${left === null ? '' : `  ${left}s left`}`,
    );
    this.shown = true;
  }
}
