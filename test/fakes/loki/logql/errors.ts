/** Errors of the LogQL front end, worded as Loki words them. */

/** A LogQL parse error; `message` is Loki's exact text. */
export class ParseError extends Error {
  constructor(msg: string, line = 0, col = 0) {
    super(line === 0 && col === 0 ? `parse error : ${msg}` : `parse error at line ${line}, col ${col}: ${msg}`);
    this.name = 'ParseError';
  }
}

/** Thrown by actions for valid LogQL the fake does not evaluate; reported only if the parse succeeds. */
export class Unsupported extends Error {}
