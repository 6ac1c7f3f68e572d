// A value computed on first use and kept: the server's analyses are Lazy values whose make
// function names what each depends on, so no getter needs another to have run first.

export class Lazy<T> {
  private state: { done: false } | { done: true; value: T } = { done: false };
  constructor(private readonly make: () => T) {}

  get value(): T {
    if (!this.state.done) this.state = { done: true, value: this.make() };
    return this.state.value;
  }

  /** Whether the value has been computed. */
  get ready(): boolean {
    return this.state.done;
  }
}
