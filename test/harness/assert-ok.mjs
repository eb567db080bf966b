// Loaded by scripts/test.mjs before every spec (`--import`). With tsx's loader hooks, a failing
// `assert.ok(value)` without a message makes Node look for the asserted expression's source text
// at the call site's position in the *compiled* code, in the TypeScript file on disk; its parser
// then runs for minutes (nodejs/node#52677, #52962; over 5 minutes for one failing check in
// src/reports/kinds/no-sessions.spec.ts), and a failure shows as a test timing out. For modules
// Node ends with "false == true" anyway (nodejs/node#50593): this `ok` says that at once.
// Passing calls and calls without a value are Node's own; a failing one throws from here, as
// Node would, with the caller's frame on top.
import assert, { AssertionError } from 'node:assert';
import { inspect } from 'node:util';

const nodeOk = assert.ok;

function ok(...args) {
  if (args.length === 0 || args[0]) return nodeOk(...args);
  const [actual, message] = args;
  if (message instanceof Error) throw message;
  throw new AssertionError({ actual, expected: true, operator: '==', message: message ?? `${inspect(actual)} == true`, stackStartFn: ok });
}

assert.ok = ok;
assert.strict.ok = ok;
