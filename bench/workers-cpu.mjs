// Where the CPU goes during a run of workers.bench.mjs, from /proc (Linux): the CPU time of named groups of
// processes between two snapshots, in cores (1.0 = one core busy for the whole run), and the whole machine's.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** { pid, ppid, ticks (user + system) } of a process; null once it is gone. */
function stat(pid) {
  try {
    // The command name (2nd field) may hold spaces: the fields after it start after the last ')'.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** `pid` and its children (the cluster's workers are the primary's children). */
export function withChildren(pid) {
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => stat(Number(name)))
    .filter((s) => s?.ppid === pid)
    .map((s) => s.pid);
  return [pid, ...children];
}

/** The busy and total ticks of all cores together, from /proc/stat. */
function machineTicks() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const numbers = values.map(Number);
  const idle = numbers[3] + numbers[4]; // idle + iowait
  const total = numbers.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Starts a measurement of `groups` ({ name: [pid, ...] }); `stop()` gives each group's cores and the machine's. */
export function measureCpu(groups) {
  const ticksOf = () =>
    Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, pids.map((pid) => stat(pid)?.ticks ?? 0)]));
  const startTicks = ticksOf();
  const startMachine = machineTicks();
  const started = performance.now();
  return {
    stop() {
      const seconds = (performance.now() - started) / 1000;
      const endTicks = ticksOf();
      const endMachine = machineTicks();
      const cores = (delta) => Math.round((delta / TICKS_PER_SECOND / seconds) * 100) / 100;
      const perGroup = Object.fromEntries(
        Object.keys(groups).map((name) => [
          name,
          // Per process, so that a cluster shows how evenly its workers share the load.
          endTicks[name].map((end, i) => cores(Math.max(0, end - startTicks[name][i]))),
        ]),
      );
      const machineBusy = (endMachine.busy - startMachine.busy) / (endMachine.total - startMachine.total);
      return { perGroup, machineBusyCores: Math.round(machineBusy * os.cpus().length * 100) / 100 };
    },
  };
}
