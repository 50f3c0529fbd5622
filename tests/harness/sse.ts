/** Reads a Server-Sent Events stream the way EventSource does, collecting parsed events. */

export interface SseEvent {
  event: string;
  data: any;
}

export class SseReader {
  readonly events: SseEvent[] = [];
  private controller = new AbortController();
  private waiters: (() => void)[] = [];
  opened!: Promise<void>;

  constructor(url: string, headers: Record<string, string>) {
    this.opened = this.run(url, headers);
  }

  private async run(url: string, headers: Record<string, string>): Promise<void> {
    const response = await fetch(url, { headers, signal: this.controller.signal });
    if (response.status !== 200) throw new Error(`event stream answered ${response.status}`);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = "message";
            let data = "";
            for (const line of block.split("\n")) {
              if (line.startsWith("event:")) event = line.slice(6).trim();
              else if (line.startsWith("data:")) data += line.slice(5).trim();
            }
            if (data) {
              this.events.push({ event, data: JSON.parse(data) });
              this.waiters.splice(0).forEach((w) => w());
            }
          }
        }
      } catch {
        // aborted by close()
      }
    })();
  }

  /** Waits for the first event matching `predicate`. */
  async waitFor(predicate: (e: SseEvent) => boolean, timeoutMs = 60_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no matching event within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => e.event))}`,
        );
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 500);
      });
    }
  }

  close(): void {
    this.controller.abort();
  }
}
