// The tables `prof-trace export` writes and `prof-trace query` reads: every table, column, type,
// unit and meaning, in one place. The writer creates its tables from this list, `query --schema`
// prints it, and docs/tables.md is checked against it by a test.

/**
 * How a column is carried from the table builder to the writer, and its SQL type:
 * i64 → BIGINT, i32 → INTEGER, u64 → UBIGINT (exact, as two 32-bit words), bool → BOOLEAN,
 * dict → VARCHAR of few distinct values (written dictionary-encoded), text → VARCHAR.
 */
export type ColumnKind = 'i64' | 'i32' | 'u64' | 'bool' | 'dict' | 'text';

export interface ColumnDef {
  name: string;
  kind: ColumnKind;
  /** Whether the column may be NULL (and what NULL means is in doc). */
  nullable?: boolean;
  /** For dict columns: values known up front (others are added as they appear). */
  values?: readonly string[];
  doc: string;
}

export interface TableDef {
  name: string;
  doc: string;
  /** Columns after the `trace` column every table starts with. */
  columns: ColumnDef[];
}

/** Go's goroutine states, as go tool trace -d=parsed prints them (index = the parser's GoState). */
export const GO_STATES = ['Undetermined', 'NotExist', 'Runnable', 'Running', 'Waiting', 'Syscall'] as const;
/** Go's proc states (index = the parser's ProcState). */
export const PROC_STATES = ['Undetermined', 'NotExist', 'Running', 'Idle'] as const;

/**
 * Reasons the Go runtime gives for a goroutine blocking or stopping (runtime/traceruntime.go;
 * old-format traces use the same words), and "blocked", the spans' mark for the part of a
 * syscall after its P was taken away. Any other reason a trace carries is added as it appears.
 */
export const KNOWN_REASONS = [
  '', 'unspecified', 'forever', 'network', 'select', 'sync.(*Cond).Wait', 'sync', 'chan send', 'chan receive',
  'GC mark assist wait for work', 'GC background sweeper wait', 'system goroutine wait', 'preempted',
  'wait for debug call', 'wait until GC ends', 'sleep', 'GC weak to strong wait', 'synctest', 'runtime.Gosched',
  'syscall', 'blocked',
] as const;

/**
 * The goroutine analysis' time columns (go tool trace's /goroutine page, -d=goroutines): the
 * column go tool trace names, and ours. Block reasons not listed add to block_other_ns.
 */
export const ANALYSIS_COLUMNS: readonly { analysis: string; column: string; doc: string }[] = [
  { analysis: 'Execution time', column: 'exec_ns', doc: 'running on a P' },
  { analysis: 'Sched wait time', column: 'sched_wait_ns', doc: 'runnable, waiting for a P' },
  { analysis: 'Syscall execution time', column: 'syscall_ns', doc: 'in a syscall, holding its P' },
  { analysis: 'Block time (syscall)', column: 'block_syscall_ns', doc: 'in a syscall after its P was taken away' },
  { analysis: 'Unknown time', column: 'unknown_ns', doc: 'the part of total_ns no other column accounts for' },
  { analysis: 'Block time ()', column: 'block_no_reason_ns', doc: 'blocked with no reason recorded (e.g. already blocked when the trace began)' },
  { analysis: 'Block time (unspecified)', column: 'block_unspecified_ns', doc: 'blocked, reason "unspecified"' },
  { analysis: 'Block time (network)', column: 'block_network_ns', doc: 'blocked on the network poller' },
  { analysis: 'Block time (select)', column: 'block_select_ns', doc: 'blocked in select' },
  { analysis: 'Block time (sync.(*Cond).Wait)', column: 'block_cond_wait_ns', doc: 'blocked in sync.Cond.Wait' },
  { analysis: 'Block time (sync)', column: 'block_sync_ns', doc: 'blocked on a sync primitive (Mutex, WaitGroup, ...)' },
  { analysis: 'Block time (chan send)', column: 'block_chan_send_ns', doc: 'blocked sending on a channel' },
  { analysis: 'Block time (chan receive)', column: 'block_chan_receive_ns', doc: 'blocked receiving from a channel' },
  { analysis: 'Block time (GC mark assist wait for work)', column: 'block_gc_assist_wait_ns', doc: 'blocked in a GC mark assist waiting for work' },
  { analysis: 'Block time (GC background sweeper wait)', column: 'block_gc_sweeper_ns', doc: 'the background sweeper waiting' },
  { analysis: 'Block time (system goroutine wait)', column: 'block_system_goroutine_ns', doc: 'a system goroutine waiting' },
  { analysis: 'Block time (preempted)', column: 'block_preempted_ns', doc: 'preempted (blocked until rescheduled)' },
  { analysis: 'Block time (wait for debug call)', column: 'block_debug_call_ns', doc: 'waiting for a debugger call' },
  { analysis: 'Block time (wait until GC ends)', column: 'block_until_gc_ends_ns', doc: 'waiting for a GC cycle to end' },
  { analysis: 'Block time (sleep)', column: 'block_sleep_ns', doc: 'in time.Sleep' },
  { analysis: 'Block time (GC weak to strong wait)', column: 'block_gc_weak_to_strong_ns', doc: 'waiting on a weak-to-strong pointer conversion' },
  { analysis: 'Block time (synctest)', column: 'block_synctest_ns', doc: 'blocked inside a synctest bubble' },
];

/** Special ranges (they overlap the columns above): go tool trace's range name prefix, and our column. */
export const RANGE_COLUMNS: readonly { prefix: string; column: string; doc: string }[] = [
  { prefix: 'GC mark assist', column: 'gc_assist_ns', doc: 'inside GC mark assists (overlaps the time columns)' },
  { prefix: 'GC incremental sweep', column: 'gc_sweep_ns', doc: 'sweeping (overlaps the time columns)' },
  { prefix: 'stop-the-world', column: 'stw_ns', doc: 'inside stop-the-world pauses it started (overlaps the time columns)' },
];

const ns = (name: string, doc: string, nullable = false): ColumnDef => ({ name, kind: 'i64', doc, nullable });

export const TRACE_COLUMN: ColumnDef = { name: 'trace', kind: 'dict', doc: "the trace's name (its file name; a fetched trace's saved name)" };

export const TABLES: readonly TableDef[] = [
  {
    name: 'traces',
    doc: 'One row per trace: what it is and how much of it was read.',
    columns: [
      { name: 'go_version', kind: 'dict', doc: 'trace format version, as "1.N" (Go 1.24 writes "1.23")' },
      { name: 'bytes', kind: 'i64', doc: 'file size' },
      { name: 'events', kind: 'i64', doc: 'events read (as go tool trace -d=parsed counts them)' },
      { name: 'generations', kind: 'i64', doc: 'generations (old-format traces: 1)' },
      ns('first_ns', 'time of the first event', true),
      ns('last_ns', 'time of the last event', true),
      { name: 'error', kind: 'text', nullable: true, doc: 'why the trace ends early (damaged or truncated); NULL if read to the end' },
    ],
  },
  {
    name: 'goroutines',
    doc:
      "One row per goroutine, as go tool trace's goroutine analysis (-d=goroutines, /goroutines) sees it; " +
      'the *_ns time columns are its columns, equal to the nanosecond.',
    columns: [
      { name: 'goid', kind: 'i64', doc: 'goroutine id' },
      { name: 'name', kind: 'text', doc: 'start function (the group go tool trace puts it in); "" if no stack was ever seen' },
      { name: 'start_pc', kind: 'i64', nullable: true, doc: 'PC of that function; NULL if none' },
      ns('created_ns', 'creation time, or the start of the generation it was first seen in'),
      ns('started_ns', 'first time it ran; NULL if it never ran', true),
      ns('ended_ns', 'when it exited (or blocked forever); NULL if alive at the end of the trace', true),
      { name: 'end_state', kind: 'dict', values: GO_STATES, doc: 'its state after its last transition (NotExist = exited)' },
      { name: 'end_reason', kind: 'dict', values: KNOWN_REASONS, doc: 'the reason of that transition ("forever" for a leak)' },
      ns('total_ns', 'time from creation to exit (or to the end of the trace)'),
      ...ANALYSIS_COLUMNS.map((c) => ns(c.column, `${c.doc} (go tool trace: "${c.analysis}")`)),
      ns('block_other_ns', 'blocked for a reason without its own column'),
      ...RANGE_COLUMNS.map((c) => ns(c.column, c.doc)),
    ],
  },
  {
    name: 'transitions',
    doc: 'Every goroutine state transition event (go tool trace -d=parsed: StateTransition with GoID), in trace order.',
    columns: [
      { name: 'gen', kind: 'i32', doc: 'generation number (1-based) of the event' },
      ns('time_ns', 'event time'),
      { name: 'goid', kind: 'i64', doc: 'the goroutine changing state' },
      { name: 'from', kind: 'dict', values: GO_STATES, doc: 'state before (Undetermined when first seen in a generation)' },
      { name: 'to', kind: 'dict', values: GO_STATES, doc: 'state after (equal to from for a status re-stated at a generation start)' },
      { name: 'reason', kind: 'dict', values: KNOWN_REASONS, doc: 'why it blocked or stopped ("" for none)' },
      { name: 'stack_id', kind: 'i64', nullable: true, doc: 'stack of the transition (creation site, block site, syscall site); NULL if none' },
      { name: 'by_goid', kind: 'i64', nullable: true, doc: 'the goroutine that caused it (creator, unblocker) when another one was running; NULL if none' },
      { name: 'p', kind: 'i32', nullable: true, doc: 'P the event happened on; NULL if none' },
      { name: 'm', kind: 'i64', nullable: true, doc: 'thread (M) the event happened on; NULL if none' },
    ],
  },
  {
    name: 'spans',
    doc:
      "Goroutine states as intervals, cut where go tool trace's goroutine analysis accounts time: per goroutine, " +
      'Running spans sum to exec_ns, Runnable to sched_wait_ns, Waiting with a reason to that reason\'s block column, ' +
      'Syscall to syscall_ns, Syscall with reason "blocked" to block_syscall_ns (see docs/tables.md for the two exceptions).',
    columns: [
      { name: 'gen', kind: 'i32', doc: 'generation in which the span began' },
      { name: 'goid', kind: 'i64', doc: 'goroutine id' },
      { name: 'state', kind: 'dict', values: GO_STATES, doc: 'Running, Runnable, Waiting or Syscall' },
      { name: 'reason', kind: 'dict', values: KNOWN_REASONS, doc: 'block reason of a Waiting span; "blocked" for the part of a syscall without a P' },
      ns('start_ns', 'start (the generation start for a goroutine first seen in that state)'),
      ns('end_ns', 'end (the last event of the trace for a span still open then)'),
      { name: 'stack_id', kind: 'i64', nullable: true, doc: 'stack of the transition that began it; NULL if none' },
      { name: 'p', kind: 'i32', nullable: true, doc: 'P of the event that began it (the P it runs on, for Running and Syscall); NULL if none' },
      { name: 'm', kind: 'i64', nullable: true, doc: 'thread of that event; NULL if none' },
    ],
  },
  {
    name: 'stacks',
    doc: 'Every stack the trace refers to, one row per frame (join on stack_id; depth 0 is the innermost frame).',
    columns: [
      { name: 'stack_id', kind: 'i64', doc: 'stack id (the stack_id of the other tables)' },
      { name: 'depth', kind: 'i32', doc: '0 = innermost (leaf) frame, increasing towards the goroutine entry' },
      { name: 'frame_id', kind: 'i64', doc: 'frame id (frames table)' },
      { name: 'func', kind: 'text', doc: 'function name' },
      { name: 'file', kind: 'text', doc: 'source file' },
      { name: 'line', kind: 'i64', doc: 'source line' },
    ],
  },
  {
    name: 'frames',
    doc: 'Every distinct stack frame.',
    columns: [
      { name: 'frame_id', kind: 'i64', doc: 'frame id' },
      { name: 'pc', kind: 'i64', doc: 'program counter' },
      { name: 'func', kind: 'text', doc: 'function name' },
      { name: 'file', kind: 'text', doc: 'source file' },
      { name: 'line', kind: 'i64', doc: 'source line' },
    ],
  },
  {
    name: 'tasks',
    doc: 'User tasks (runtime/trace.NewTask), one row per task id.',
    columns: [
      { name: 'task_id', kind: 'i64', doc: 'task id' },
      { name: 'parent_id', kind: 'i64', nullable: true, doc: 'parent task id; NULL if none' },
      { name: 'type', kind: 'text', doc: 'task type (its name)' },
      ns('start_ns', 'TaskBegin time; NULL if it began before the trace', true),
      ns('end_ns', 'TaskEnd time; NULL if it had not ended', true),
      { name: 'start_goid', kind: 'i64', nullable: true, doc: 'goroutine that began it' },
      { name: 'end_goid', kind: 'i64', nullable: true, doc: 'goroutine that ended it' },
      { name: 'start_stack_id', kind: 'i64', nullable: true, doc: 'stack of the TaskBegin' },
    ],
  },
  {
    name: 'regions',
    doc: 'User regions (runtime/trace.WithRegion / StartRegion), one row per region instance.',
    columns: [
      { name: 'goid', kind: 'i64', doc: 'goroutine the region ran on' },
      { name: 'task_id', kind: 'i64', nullable: true, doc: 'task it belongs to; NULL for none (the background task)' },
      { name: 'type', kind: 'text', doc: 'region type (its name)' },
      ns('start_ns', 'RegionBegin time; NULL if it began before the trace', true),
      ns('end_ns', 'RegionEnd time; NULL if still open at the end', true),
      { name: 'depth', kind: 'i32', doc: 'nesting depth on its goroutine (0 = outermost open region)' },
      { name: 'start_stack_id', kind: 'i64', nullable: true, doc: 'stack of the RegionBegin' },
    ],
  },
  {
    name: 'logs',
    doc: 'User log messages (runtime/trace.Log).',
    columns: [
      { name: 'gen', kind: 'i32', doc: 'generation' },
      ns('time_ns', 'event time'),
      { name: 'goid', kind: 'i64', nullable: true, doc: 'goroutine that logged' },
      { name: 'task_id', kind: 'i64', nullable: true, doc: 'task; NULL for none' },
      { name: 'category', kind: 'text', doc: 'category' },
      { name: 'message', kind: 'text', doc: 'message' },
      { name: 'stack_id', kind: 'i64', nullable: true, doc: 'stack of the call' },
    ],
  },
  {
    name: 'gc',
    doc: 'GC cycles (concurrent mark phases), stop-the-world pauses, mark assists and sweeps, as intervals.',
    columns: [
      { name: 'kind', kind: 'dict', values: ['gc', 'stw', 'assist', 'sweep'], doc: 'gc (a concurrent mark phase), stw, assist (GC mark assist), sweep' },
      { name: 'name', kind: 'dict', doc: 'go tool trace\'s name of the range, e.g. "stop-the-world (GC mark termination)"' },
      ns('start_ns', 'begin time; for a range already going when the trace began, when it was first seen (NULL if never)', true),
      ns('end_ns', 'end time; NULL if still going at the end of the trace', true),
      { name: 'began_in_trace', kind: 'bool', doc: 'false if it was already active when the trace began' },
      { name: 'goid', kind: 'i64', nullable: true, doc: 'goroutine (stw: the one stopping the world; assist: the assisting one)' },
      { name: 'p', kind: 'i32', nullable: true, doc: 'P (sweep)' },
      { name: 'bytes_swept', kind: 'u64', nullable: true, doc: 'sweep: bytes swept' },
      { name: 'bytes_reclaimed', kind: 'u64', nullable: true, doc: 'sweep: bytes reclaimed' },
      { name: 'stack_id', kind: 'i64', nullable: true, doc: 'stack of the begin event' },
    ],
  },
  {
    name: 'metrics',
    doc: 'Every metric sample (heap size, heap goal, GOMAXPROCS).',
    columns: [
      { name: 'gen', kind: 'i32', doc: 'generation' },
      ns('time_ns', 'sample time'),
      { name: 'name', kind: 'dict', values: ['/sched/gomaxprocs:threads', '/memory/classes/heap/objects:bytes', '/gc/heap/goal:bytes'], doc: 'runtime/metrics name' },
      { name: 'value', kind: 'u64', doc: 'value, an exact uint64 (UBIGINT)' },
    ],
  },
  {
    name: 'cpu_samples',
    doc: 'CPU profile samples recorded in the trace (with runtime/pprof CPU profiling on); join stacks on stack_id.',
    columns: [
      { name: 'gen', kind: 'i32', doc: 'generation' },
      ns('time_ns', 'sample time'),
      { name: 'goid', kind: 'i64', nullable: true, doc: 'goroutine running; NULL if none' },
      { name: 'p', kind: 'i32', nullable: true, doc: 'P; NULL if none' },
      { name: 'm', kind: 'i64', nullable: true, doc: 'thread' },
      { name: 'stack_id', kind: 'i64', nullable: true, doc: 'sampled stack' },
    ],
  },
  {
    name: 'procs',
    doc: 'Every P (proc) state transition.',
    columns: [
      { name: 'gen', kind: 'i32', doc: 'generation' },
      ns('time_ns', 'event time'),
      { name: 'p', kind: 'i32', doc: 'the P changing state' },
      { name: 'from', kind: 'dict', values: PROC_STATES, doc: 'state before' },
      { name: 'to', kind: 'dict', values: PROC_STATES, doc: 'state after' },
      { name: 'm', kind: 'i64', nullable: true, doc: 'thread of the event' },
      { name: 'goid', kind: 'i64', nullable: true, doc: 'goroutine running on that thread, if any' },
    ],
  },
];

export function tableDef(name: string): TableDef {
  const t = TABLES.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
}

/**
 * The values a dict column's dictionary starts with: its known values, or "" (so that a
 * dictionary is never empty).
 */
export function dictSeeds(c: ColumnDef): readonly string[] {
  return c.values !== undefined && c.values.length > 0 ? c.values : [''];
}

/** A table's columns with the leading trace column. */
export function allColumns(t: TableDef): ColumnDef[] {
  return [TRACE_COLUMN, ...t.columns];
}

/** The SQL type of a column. */
export function sqlType(c: ColumnDef): string {
  switch (c.kind) {
    case 'i64':
      return 'BIGINT';
    case 'i32':
      return 'INTEGER';
    case 'u64':
      return 'UBIGINT';
    case 'bool':
      return 'BOOLEAN';
    default:
      return 'VARCHAR';
  }
}
