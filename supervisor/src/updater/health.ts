/** The app is healthy when /health answers 200 naming the expected version and the web app's shell loads. */
export async function waitHealthy(
  appUrl: string,
  version: string | undefined,
  timeoutMs: number,
  say: (line: string) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const health = await fetch(`${appUrl}/health`, { signal: AbortSignal.timeout(5000) });
      const body = (await health.json().catch(() => ({}))) as { version?: string };
      if (health.status !== 200) last = `/health answered ${health.status}`;
      else if (version && version !== "unknown" && body.version !== version)
        last = `/health reports ${body.version}, not ${version}`;
      else {
        const shell = await fetch(`${appUrl}/`, { signal: AbortSignal.timeout(5000) });
        const html = await shell.text();
        if (shell.status === 200 && /<html/i.test(html)) {
          say(`healthy: /health 200 (version ${body.version}), database reachable, web app loads`);
          return;
        }
        last = `the web app's page answered ${shell.status}`;
      }
    } catch (error) {
      last = `no answer from ${appUrl} (${(error as Error).message})`;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`not healthy within ${Math.round(timeoutMs / 1000)} s: ${last}`);
}
