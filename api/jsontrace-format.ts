// /jsontrace: go tool trace's trace-viewer data (Catapult trace-event JSON), and the ranges a big
// trace's data is split into (go tool trace's index page links each range).

/** The views /jsontrace draws (view=goroutine needs goid= or taskid=). */
export const JSONTRACE_VIEWS = ['proc', 'thread', 'goroutine'] as const;
export type JsonTraceView = (typeof JSONTRACE_VIEWS)[number];

/** One range: event indices for /jsontrace's start= and end= (both included), and its time span. */
export interface JsonTraceRange {
  /** "start-end" in Go duration text, as go tool trace's index page names it. */
  name: string;
  start: number;
  end: number;
  startNs: number;
  endNs: number;
}

/** A link of go tool trace's index page: /trace?… opens the viewer, /jsontrace?… is its data. */
export interface JsonTraceLink {
  view: 'proc' | 'thread';
  /** The range's name ("" when the trace is not split). */
  range: string;
  trace: string;
  jsontrace: string;
}

/** GET /api/jsontrace/ranges. */
export interface JsonTraceRangesResponse {
  /** Empty when the whole trace is one range. */
  ranges: JsonTraceRange[];
  links: JsonTraceLink[];
}
