// The viewer's page URLs: go tool trace's own pages (so links and habits keep working) and
// prof-trace's additions. The server answers each with the single-page app; nothing else is a page.

export const PAGE_PATHS: readonly string[] = [
  '/',
  // go tool trace's pages
  '/trace',
  '/goroutines',
  '/goroutine',
  '/io',
  '/block',
  '/syscall',
  '/sched',
  '/regionio',
  '/regionblock',
  '/regionsyscall',
  '/regionsched',
  '/usertasks',
  '/usertask',
  '/userregions',
  '/userregion',
  '/mmu',
  // prof-trace's own
  '/timeline',
  '/leaks',
  '/goroutine-detail',
];
