// Keeps a large trace's events on disk: each parsed chunk's columns (but its times, which the
// timeline reads at random) are written to a spill file
// as they stream in (EventSpill.put, off this thread: libuv's pool does the writes) and leave
// memory once written; a chunk read later is read back into a small per-thread cache of the
// chunks read last (ColumnCache). Memory then holds the analyses' state, not the events.
//
// The spill file is deleted as soon as it is opened: only its descriptor names it, the threads of
// this process share that descriptor, and the file goes when the process ends, however it ends.
// It is our own file of ordered columns rather than the trace itself because a Go trace's
// generation can only be ordered again with the state the generations before it left; the
// columns read back as they were written.

import { closeSync, mkdtempSync, openSync, readSync, rmSync, statfsSync, unlinkSync, writev } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chunk, type ColumnStore, type SpillPlace, useColumnStore } from '../parser/events.js';

/**
 * Bytes of read-back columns each thread keeps (a generation's chunk is ~10 MiB on a busy
 * program): what reads events reads them in order, a chunk at a time (the loading passes, a
 * profile, a goroutine's events), or a few at a time (a span's details). 64 MiB on each of the two
 * threads held 100 MB more at the 210 MB trace's peak, for nothing.
 */
export const CACHE_BYTES = 16 << 20;

/** File systems held in memory (statfs magic numbers: tmpfs, ramfs): a spill file there would keep the events in RAM all the same. */
const IN_MEMORY_FS = new Set([0x01021994, 0x858458f6]);

/**
 * Where spill files go: $PROF_TRACE_SPILL_DIR if set; else the system's temporary directory,
 * unless it is held in memory (/tmp is a tmpfs on many systems) and /var/tmp is not.
 */
export function spillDir(
  env: NodeJS.ProcessEnv = process.env,
  tmp: string = tmpdir(),
  fsType: (dir: string) => number = (d) => statfsSync(d).type,
): string {
  if (env['PROF_TRACE_SPILL_DIR']) return env['PROF_TRACE_SPILL_DIR'];
  const inMemory = (d: string): boolean | null => {
    try {
      return IN_MEMORY_FS.has(fsType(d));
    } catch {
      return null; // not there, or no statfs here
    }
  };
  if (inMemory(tmp) === true && inMemory('/var/tmp') === false) return '/var/tmp';
  return tmp;
}

/** Writes chunks' columns to a deleted temporary file; each chunk drops them once written. */
export class EventSpill {
  private end = 0;
  private writing = 0;
  private waiters: (() => void)[] = [];
  /** The first write that failed (the chunk keeps its columns in memory then). */
  failure: Error | null = null;

  private constructor(readonly fd: number) {}

  /** A spill file in `dir` (spillDir()), deleted at once (its descriptor stays). */
  static create(dir = spillDir()): EventSpill {
    const d = mkdtempSync(join(dir, 'prof-trace-'));
    const path = join(d, 'events');
    const fd = openSync(path, 'w+', 0o600);
    try {
      unlinkSync(path);
      rmSync(d, { recursive: true, force: true });
    } catch {
      // A platform that cannot delete an open file: it goes when the process exits.
      process.once('exit', () => rmSync(d, { recursive: true, force: true }));
    }
    return new EventSpill(fd);
  }

  /**
   * Writes a sealed chunk's columns; the chunk lets go of them once they are on disk. `done` is
   * then told where they are (null if the write failed: the chunk keeps them).
   */
  put(c: Chunk, done?: (place: SpillPlace | null, bytes: number) => void): void {
    if (c.spilled !== null || c.n === 0) return;
    const lay = c.spillLayout();
    const place = { fd: this.fd, offset: this.end, ctx32: lay.ctx32 };
    this.end += lay.bytes;
    this.writing++;
    writeAll(this.fd, c.spillParts(), place.offset, (err) => {
      if (err !== null) this.failure ??= err;
      else c.spill(place);
      done?.(err === null ? place : null, lay.bytes);
      if (--this.writing === 0) for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Resolves once every write has ended. */
  drain(): Promise<void> {
    return this.writing === 0 ? Promise.resolve() : new Promise((r) => this.waiters.push(r));
  }

  /** Bytes written (or being written) so far. */
  get bytes(): number {
    return this.end;
  }

  /** Closes the file (after drain(), once no thread reads it: the session closes its worker first). */
  close(): void {
    closeSync(this.fd);
  }
}

/** Writes the pieces one after another from `at` (straight from the columns: no copy). */
function writeAll(fd: number, parts: Uint8Array[], at: number, done: (err: Error | null) => void): void {
  writev(fd, parts, at, (err, n) => {
    if (err) return done(err);
    if (n === 0) return done(new Error('spill file: nothing written'));
    // A short write: go on with what is left.
    let k = 0;
    let left = n;
    while (k < parts.length && left >= parts[k]!.length) left -= parts[k++]!.length;
    if (k === parts.length) return done(null);
    const rest = [parts[k]!.subarray(left), ...parts.slice(k + 1)];
    writeAll(fd, rest, at + n, done);
  });
}

/**
 * This thread's spilled chunks read back, the least recently read dropped past a budget. The
 * buffer of a dropped chunk is read into again: a fresh buffer's pages fault in one at a time as
 * the read fills them, 40 times the cost of the read itself on a virtual machine (a scan of the
 * 210 MB trace's events: +2 s). Before it is reused, the buffer is moved (transferred) to a new
 * ArrayBuffer, which leaves any view of the old chunk someone still holds empty: such a view
 * reads nothing rather than another chunk's events (the tests read back through a cache of one
 * chunk, where any such view would show).
 */
export class ColumnCache implements ColumnStore {
  private resident: Chunk[] = [];
  private buffers: ArrayBuffer[] = [];
  private bytes = 0;
  /** Buffers of dropped chunks, to read the next ones into. */
  private free: ArrayBuffer[] = [];
  /** Chunks read back so far (tests, benchmarks). */
  reads = 0;
  /** Of those, how many into the buffer of a dropped chunk. */
  reused = 0;

  constructor(private budget = CACHE_BYTES) {}

  /** Makes the thread's one cache its column store, keeping `budget` bytes (tests: tiny). */
  static install(budget = CACHE_BYTES): ColumnCache {
    installed ??= new ColumnCache(budget);
    installed.budget = budget;
    useColumnStore(installed);
    return installed;
  }

  restore(c: Chunk): void {
    const place = c.spilled!;
    const lay = c.spillLayout(place.ctx32);
    const buf = this.bufferFor(lay.bytes);
    readAll(place.fd, new Uint8Array(buf, 0, lay.bytes), place.offset);
    c.thaw(buf);
    this.reads++;
    // (Only a cold chunk is read back, and a resident one is not cold until it is evicted here.)
    this.resident.push(c);
    this.buffers.push(buf);
    this.bytes += buf.byteLength;
    while (this.bytes > this.budget && this.resident.length > 1) {
      this.resident.shift()!.drop();
      const old = this.buffers.shift()!;
      this.bytes -= old.byteLength;
      this.free.push(old);
      if (this.free.length > FREE_BUFFERS) this.free.shift();
    }
  }

  /**
   * Lets go of every chunk read back and of the buffers kept to read into: the loading passes,
   * which read every chunk once in order, are done, and the model they made is at its largest.
   */
  shed(): void {
    for (const c of this.resident) c.drop();
    this.resident = [];
    this.buffers = [];
    this.free = [];
    this.bytes = 0;
  }

  /** shed() on this thread's cache, if it has one. */
  static shed(): void {
    installed?.shed();
  }

  /** A buffer of at least `bytes`: a dropped chunk's, moved away from its old views, or a new one with room to spare. */
  private bufferFor(bytes: number): ArrayBuffer {
    const k = this.free.findIndex((b) => b.byteLength >= bytes);
    if (k >= 0) {
      const old = this.free.splice(k, 1)[0]!;
      this.reused++;
      return structuredClone(old, { transfer: [old] });
    }
    return new ArrayBuffer(Math.ceil((bytes * 1.125) / 65536) * 65536);
  }
}

/** Dropped chunks' buffers kept to read into. */
const FREE_BUFFERS = 2;

let installed: ColumnCache | null = null;

function readAll(fd: number, into: Uint8Array, at: number): void {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, at + done);
    if (n === 0) throw new Error(`spill file: ${into.length - done} bytes missing at ${at + done}`);
    done += n;
  }
}
