/**
 * A port of the parts of Go's text/scanner that Loki's LogQL lexer relies on (Loki vendors a copy
 * as query_scanner.go): the same token classes and, above all, the same Line/Column bookkeeping,
 * so parse errors name the same column as the real server. Columns count characters, from 1.
 */

export const EOF = -1;
export const Ident = -2;
export const Int = -3;
export const Float = -4;
export const Char = -5;
export const Str = -6;
export const RawStr = -7;

const WHITESPACE = new Set([9, 10, 13, 32]);
const isLetter = (c: number): boolean => c >= 0 && /\p{L}/u.test(String.fromCodePoint(c));
const isDigitRune = (c: number): boolean => c >= 0 && /\p{Nd}/u.test(String.fromCodePoint(c));
const isDecimal = (c: number): boolean => c >= 48 && c <= 57;

/** Go's text/scanner state; `clone()` is the struct copy Loki's lexer uses to look ahead. */
export class Scanner {
  private chars: number[] = [];
  private srcPos = 0;
  private ch = -2;
  private line = 1;
  private column = 0;
  private lastLineLen = 0;
  private lastCharLen = 0;
  private tokPos = -1;
  private tokEnd = -1;
  /** Position of the most recently scanned token (Line 0 after Next(), as in Go). */
  Line = 0;
  Column = 0;
  onError: (msg: string) => void = () => undefined;

  constructor(input = '') {
    this.chars = Array.from(input, (c) => c.codePointAt(0) ?? 0);
  }

  clone(): Scanner {
    const s = Object.create(Scanner.prototype) as Scanner;
    Object.assign(s, this);
    return s;
  }

  private next(): number {
    if (this.srcPos >= this.chars.length) {
      if (this.lastCharLen > 0) this.column++;
      this.lastCharLen = 0;
      return EOF;
    }
    const c = this.chars[this.srcPos] ?? EOF;
    this.srcPos++;
    this.lastCharLen = 1;
    this.column++;
    if (c === 0) this.error('invalid character NUL');
    if (c === 10) {
      this.line++;
      this.lastLineLen = this.column;
      this.column = 0;
    }
    return c;
  }

  private error(msg: string): void {
    this.onError(msg);
  }

  /** The next character without advancing. */
  Peek(): number {
    if (this.ch === -2) {
      this.ch = this.next();
      if (this.ch === 0xfeff) this.ch = this.next();
    }
    return this.ch;
  }

  /** Reads the next character; resets the token position like Go does. */
  Next(): number {
    this.tokPos = -1;
    this.Line = 0;
    const ch = this.Peek();
    if (ch !== EOF) this.ch = this.next();
    return ch;
  }

  TokenText(): string {
    if (this.tokPos < 0) return '';
    const end = Math.max(this.tokEnd, this.tokPos);
    return String.fromCodePoint(...this.chars.slice(this.tokPos, end));
  }

  Scan(): number {
    let ch = this.Peek();
    this.tokPos = -1;
    this.Line = 0;
    for (;;) {
      while (WHITESPACE.has(ch)) ch = this.next();
      this.tokPos = this.srcPos - this.lastCharLen;
      if (this.column > 0) {
        this.Line = this.line;
        this.Column = this.column;
      } else {
        this.Line = this.line - 1;
        this.Column = this.lastLineLen;
      }
      let tok = ch;
      if (ch === 95 || isLetter(ch)) {
        tok = Ident;
        ch = this.next();
        while (ch === 95 || isLetter(ch) || isDigitRune(ch)) ch = this.next();
      } else if (isDecimal(ch)) {
        [tok, ch] = this.scanNumber(ch, false);
      } else if (ch === 34) {
        this.scanString(34);
        tok = Str;
        ch = this.next();
      } else if (ch === 39) {
        this.scanChar();
        tok = Char;
        ch = this.next();
      } else if (ch === 46) {
        ch = this.next();
        if (isDecimal(ch)) [tok, ch] = this.scanNumber(ch, true);
      } else if (ch === 47) {
        ch = this.next();
        if (ch === 47 || ch === 42) {
          this.tokPos = -1;
          ch = this.scanComment(ch);
          continue;
        }
      } else if (ch === 96) {
        this.scanRawString();
        tok = RawStr;
        ch = this.next();
      } else if (ch !== EOF) {
        ch = this.next();
      }
      this.tokEnd = this.srcPos - this.lastCharLen;
      this.ch = ch;
      return tok;
    }
  }

  private digits(ch: number): number {
    while (isDecimal(ch) || ch === 95) ch = this.next();
    return ch;
  }

  private scanNumber(ch: number, seenDot: boolean): [number, number] {
    let tok = Int;
    if (!seenDot) {
      ch = this.digits(ch);
      if (ch === 46) {
        ch = this.next();
        seenDot = true;
      }
    }
    if (seenDot) {
      tok = Float;
      ch = this.digits(ch);
    }
    if (ch === 101 || ch === 69) {
      ch = this.next();
      tok = Float;
      if (ch === 43 || ch === 45) ch = this.next();
      if (!isDecimal(ch)) this.error('exponent has no digits');
      ch = this.digits(ch);
    }
    return [tok, ch];
  }

  private scanEscape(quote: number): number {
    let ch = this.next();
    const simple = [97, 98, 102, 110, 114, 116, 118, 92, quote];
    if (simple.includes(ch)) return this.next();
    const hexDigits = (n: number, max: number, base: number): number => {
      let c = ch;
      let count = n;
      while (count > 0 && c !== EOF && !Number.isNaN(parseInt(String.fromCodePoint(c), base))) {
        c = this.next();
        count--;
      }
      if (count > 0) this.error('invalid char escape');
      void max;
      return c;
    };
    if (ch >= 48 && ch <= 55) return hexDigits(3, 255, 8);
    if (ch === 120) {
      ch = this.next();
      return hexDigits(2, 255, 16);
    }
    if (ch === 117) {
      ch = this.next();
      return hexDigits(4, 0x10ffff, 16);
    }
    if (ch === 85) {
      ch = this.next();
      return hexDigits(8, 0x10ffff, 16);
    }
    this.error('invalid char escape');
    return ch;
  }

  private scanString(quote: number): number {
    let ch = this.next();
    let n = 0;
    while (ch !== quote) {
      if (ch === 10 || ch < 0) {
        this.error('literal not terminated');
        return n;
      }
      ch = ch === 92 ? this.scanEscape(quote) : this.next();
      n++;
    }
    return n;
  }

  private scanRawString(): void {
    let ch = this.next();
    while (ch !== 96) {
      if (ch < 0) {
        this.error('literal not terminated');
        return;
      }
      ch = this.next();
    }
  }

  private scanChar(): void {
    if (this.scanString(39) !== 1) this.error('invalid char literal');
  }

  private scanComment(ch: number): number {
    if (ch === 47) {
      ch = this.next();
      while (ch !== 10 && ch >= 0) ch = this.next();
      return ch;
    }
    ch = this.next();
    for (;;) {
      if (ch < 0) {
        this.error('comment not terminated');
        return ch;
      }
      const ch0 = ch;
      ch = this.next();
      if (ch0 === 42 && ch === 47) return this.next();
    }
  }
}
