// Burns CPU on this thread: the A/B gate's injected slowdown (HH_BENCH_INJECT_SLOWDOWN), used only by bench
// harness children, never by the SDK or the dev server.
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };

/** Busy-loops until this process used `us` more microseconds of CPU. */
export function spinCpuUs(us) {
  const end = cpu() + us;
  let x = 0;
  while (cpu() < end) for (let i = 0; i < 1000; i++) x = (x * 31 + i) | 0;
  return x;
}
