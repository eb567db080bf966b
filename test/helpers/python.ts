/** The Python the tests run: $OBS_REPORT_PYTHON, else the virtualenv scripts/setup.sh makes, else python3. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const VENV = fileURLToPath(new URL('../../.venv/bin/python', import.meta.url));

export const PYTHON = process.env.OBS_REPORT_PYTHON ?? (existsSync(VENV) ? VENV : 'python3');
