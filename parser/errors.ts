// The parser's one error type: every failure to read a trace is a TraceError with a one-line message.

export class TraceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TraceError';
  }
}

/** Go's io.EOF / io.ErrUnexpectedEOF texts, kept so messages read like go tool trace's. */
export const EOF = 'EOF';
export const UNEXPECTED_EOF = 'unexpected EOF';
