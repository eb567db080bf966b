/** Runs the Python readers of this folder (openpyxl, python-pptx, pandas) and parses their JSON. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PYTHON } from '../helpers/python.js';

/** `python3 test/readers/<script> (with the tests' Python) ...args`, its stdout parsed as JSON; fails on a non-zero exit or after `timeoutMs`. */
export function readWithPython<T>(script: string, args: readonly string[], timeoutMs = 60_000): Promise<T> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [path, ...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${script} failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as T);
    });
  });
}
