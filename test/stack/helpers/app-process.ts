/**
 * A demo app (demo/dice, demo/forecast) run as a child process, the way its container runs it:
 * stdout is its JSON event log (kept line by line, across restarts, for the Loki replay server),
 * `app_start` says it is listening and on which port.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** How to run an app. */
export interface AppCommand {
  cmd: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** A stdout line of the app with the time it was read. */
export interface LoggedLine {
  text: string;
  json: Record<string, unknown> | undefined;
}

/** One running process of an app. */
export interface AppProcess {
  port: number;
  instance: string;
  child: ChildProcess;
  /** Resolves when the process has ended: its exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals>;
  /** SIGTERM, then SIGKILL after killAfterMs; resolves as `exited`. */
  stop(killAfterMs?: number): Promise<number | NodeJS.Signals>;
}

/** Starts the app with PORT=port (0 = a free one) and waits for its app_start line. */
export async function startApp(command: AppCommand, port: number, log: LoggedLine[], timeoutMs = 30_000): Promise<AppProcess> {
  const child = spawn(command.cmd, command.args, {
    cwd: command.cwd,
    env: { ...process.env, ...command.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolve(code ?? signal ?? -1);
    }),
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  let buffered = '';
  const started = new Promise<{ port: number; instance: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command.args.join(' ')}: no app_start within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${command.args.join(' ')} exited with ${code} before app_start\n${stderr}`));
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const text of lines) {
        let json: Record<string, unknown> | undefined;
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          json = undefined;
        }
        log.push({ text, json });
        if (json?.event === 'app_start') {
          clearTimeout(timer);
          const instance = String(json.instance);
          resolve({ port: Number(instance.split(':').pop()), instance });
        }
      }
    });
  });
  try {
    const info = await started;
    const stop = async (killAfterMs = 10_000): Promise<number | NodeJS.Signals> => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }
      return exited;
    };
    return { ...info, child, exited, stop };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
}
