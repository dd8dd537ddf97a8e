/**
 * Printing for the CLI: one place that writes results in the requested format, and the progress bar.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';
import type { Command } from 'commander';
import { parseLang, type Lang } from '../i18n/messages.js';

/** An error the user can act on: printed without a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function langOf(cmd: Command): Lang {
  return parseLang(cmd.optsWithGlobals<{ lang?: string }>().lang);
}

/** Writes text to a file, or to stdout (respecting back-pressure for large outputs). */
export async function writeOut(text: string | Uint8Array, out?: string): Promise<void> {
  if (out) {
    const ws = createWriteStream(out);
    ws.end(text);
    await once(ws, 'finish');
    return;
  }
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

/** A progress bar on stderr when it is a terminal; silent otherwise. */
export function progress(label: string): {
  update(done: number, total: number, note?: string): void;
  stop(): void;
} {
  if (!process.stderr.isTTY || process.env.CI) return { update() {}, stop() {} };
  // Loaded only for a terminal: a piped `mujun evaluate` does not pay for it.
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% {value}/{total} {note}`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, note = '') {
      if (!started) {
        bar.start(total, 0, { note });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { note });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Writes a status line to stderr (keeps stdout clean for CSV/JSON). */
export function info(line: string): void {
  process.stderr.write(line + '\n');
}
