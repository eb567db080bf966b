/** The CLI run from source through tsx, so these tests never run a stale dist/. */
import { main } from '../../src/cli.js';

process.exitCode = await main(process.argv);
