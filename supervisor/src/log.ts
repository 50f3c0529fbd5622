/** One line per event on stdout, each with a timestamp and where it came from. */
export function log(source: string, message: string): void {
  process.stdout.write(`${new Date().toISOString()} [${source}] ${message}\n`);
}

/** Prefixes each line a child process prints with its name. */
export function pipeLines(source: string, stream: NodeJS.ReadableStream | null): void {
  if (!stream) return;
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) log(source, line.trimEnd());
  });
  stream.on("end", () => {
    if (pending.trim()) log(source, pending.trimEnd());
  });
}
