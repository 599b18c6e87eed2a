// `isla check … | head`: once the reader has gone, the rest of the report has
// nowhere to go. Writing stops and the run ends with its own exit code, as `grep`
// does, instead of an EPIPE stack trace. Tiny on purpose: main() loads it first.

let closed = false;

export function endQuietlyOnClosedPipe(): void {
  // Other write errors (a full disk under `> report.csv`) reach writeStdout's callback.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') closed = true;
  });
  process.stderr.on('error', () => undefined);
}

export function stdoutClosed(): boolean {
  return closed;
}
