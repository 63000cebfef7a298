import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function capture(): NodeJS.WriteStream & { text: string } {
  const stream = {
    text: '',
    isTTY: false,
    write(chunk: string) {
      stream.text += chunk;
      return true;
    },
  };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

/** Runs the real CLI entry point in-process with its own environment and captured output. */
export async function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const stdout = capture();
  const stderr = capture();
  const code = await runCli(args, { stdout, stderr, env: { ...env } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
