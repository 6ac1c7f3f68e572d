// The parser's one error type: every failure to read a trace is a TraceError with a one-line message.

export class TraceError extends Error {
  constructor(message: string) {
    // One line, always: control characters (from trace strings quoted in a message) are escaped.
    super(message.replace(/[\x00-\x1f\x7f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0')));
    this.name = 'TraceError';
  }
}

/** Go's io.EOF / io.ErrUnexpectedEOF texts, kept so messages read like go tool trace's. */
export const EOF = 'EOF';
export const UNEXPECTED_EOF = 'unexpected EOF';
