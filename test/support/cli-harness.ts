import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function capture(isTTY = false): NodeJS.WriteStream & { text: string } {
  const stream = {
    text: '',
    isTTY,
    write(chunk: string) {
      stream.text += chunk;
      return true;
    },
  };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

/**
 * Runs the real CLI entry point in-process with its own environment and captured output; `tty`
 * makes stdout say it is a terminal.
 */
export async function cli(
  args: string[],
  env: Record<string, string>,
  options: { tty?: boolean } = {},
): Promise<CliRun> {
  const stdout = capture(options.tty);
  const stderr = capture();
  const code = await runCli(args, { stdout, stderr, env: { ...env } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
