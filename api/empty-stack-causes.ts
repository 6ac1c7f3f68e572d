// Why a blocking profile's sample has no stack: the causes /api/profile/empty-stack splits it
// by (analysis/empty-stack-origins.ts), with what the viewer calls each. A profile charges an
// interval to the stack of the event that started it; these events have none.

export const EMPTY_STACK_CAUSES = {
  'runtime-wakeup': {
    label: 'woken by the runtime',
    about: 'made runnable with no goroutine running (the scheduler, timers, the network poller, the GC), so no stack',
  },
  'goroutine-wakeup': {
    label: 'woken without a stack',
    about: 'made runnable by a goroutine whose event carries no stack',
  },
  'syscall-return': {
    label: 'back from a blocking syscall',
    about: 'its P was taken while it was in a syscall; it waits for one on return (the event has no stack)',
  },
  created: {
    label: 'first run after creation',
    about: 'created by a goroutine or the runtime without a stack, waiting for its first run',
  },
  'trace-start': {
    label: 'already waiting when the trace started',
    about: 'in this state when tracing began (or first seen in a later generation): no event started it',
  },
  preempted: {
    label: 'preempted without a stack',
    about: 'stopped while running, with no stack recorded',
  },
  blocked: {
    label: 'blocked without a stack',
    about: 'blocked while running, with no stack recorded',
  },
  'syscall-enter': {
    label: 'entered a syscall without a stack',
    about: 'entered the syscall state with no stack recorded (a cgo callback returning to C)',
  },
  'coroutine-switch': {
    label: 'switched to (coroutine)',
    about: 'left runnable by a coroutine switch (iter.Pull), which records no stack',
  },
  other: {
    label: 'other stackless events',
    about: 'started by another event without a stack',
  },
} as const satisfies Record<string, { label: string; about: string }>;

export type EmptyStackCause = keyof typeof EMPTY_STACK_CAUSES;

/**
 * The viewer's name for the stackless sample given its split by cause (delay per cause): the
 * cause when there is one, the largest ("mostly") when it holds more than half the delay.
 */
export function emptyStackLabel(causes: readonly { cause: EmptyStackCause; ns: number }[]): string {
  const top = [...causes].sort((a, b) => b.ns - a.ns)[0];
  if (top === undefined) return '(no stack)';
  const name = EMPTY_STACK_CAUSES[top.cause].label;
  if (causes.length === 1) return `(no stack: ${name})`;
  let total = 0;
  for (const c of causes) total += c.ns;
  return 2 * top.ns > total ? `(no stack: mostly ${name})` : `(no stack: ${name} and ${causes.length - 1} other causes)`;
}
