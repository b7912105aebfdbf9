// CPU time per process of this process tree (Linux /proc), to show by measurement where a run's CPU went.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const CLOCK_TICKS_PER_SECOND = 100;

/** The whole machine, every process (other work on a shared machine included). */
export const MACHINE_LABEL = 'machine (all processes)';

type ProcessInfo = { pid: number; parent: number; cpuSeconds: number; command: string };

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return {
      pid,
      parent: Number(fields[1]),
      // utime + stime (fields 14 and 15 of stat; 12 and 13 after the command).
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND,
      command,
    };
  } catch {
    return undefined;
  }
}

/** Labels a process of the local runtime: DynamoDB Local, a function instance, or this process. */
function labelOf(info: ProcessInfo): string {
  if (info.pid === process.pid) return 'bench process (gateway, pollers, fauxqs, load generator)';
  if (/\bjava\b/.test(info.command) && /DynamoDBLocal/i.test(info.command)) return 'DynamoDB Local (java)';
  const arn = /function-host\.ts \S+ \S+ (\S+)/.exec(info.command)?.[1];
  if (arn !== undefined) return `function ${arn.slice(arn.lastIndexOf(':') + 1)}`;
  return info.command.split(' ')[0] ?? 'other';
}

export type CpuSnapshot = { at: number; byLabel: Map<string, number>; machine: { busy: number; total: number } };

/** Busy and total jiffies of the whole machine (first line of /proc/stat), to compare with this tree's share. */
function machineTicks(): { busy: number; total: number } {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** CPU seconds used so far by this process and every descendant, summed per label. */
export function cpuSnapshot(): CpuSnapshot | undefined {
  if (os.platform() !== 'linux') return undefined;
  const all: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProcess(Number(entry));
    if (info !== undefined) all.push(info);
  }
  const children = new Map<number, ProcessInfo[]>();
  for (const info of all) children.set(info.parent, [...(children.get(info.parent) ?? []), info]);
  const byLabel = new Map<string, number>();
  const visit = (info: ProcessInfo) => {
    const label = labelOf(info);
    byLabel.set(label, (byLabel.get(label) ?? 0) + info.cpuSeconds);
    for (const child of children.get(info.pid) ?? []) visit(child);
  };
  const self = all.find((info) => info.pid === process.pid);
  if (self !== undefined) visit(self);
  return { at: performance.now(), byLabel, machine: machineTicks() };
}

/** CPU cores used per label between two snapshots (CPU seconds ÷ wall seconds), largest first. */
export function coresUsed(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined): Record<string, number> {
  if (before === undefined || after === undefined) return {};
  const wallSeconds = (after.at - before.at) / 1000;
  const used: [string, number][] = [];
  const machineTotal = after.machine.total - before.machine.total;
  if (machineTotal > 0) {
    const cores = os.cpus().length;
    used.push([MACHINE_LABEL, ((after.machine.busy - before.machine.busy) / machineTotal) * cores]);
  }
  for (const [label, seconds] of after.byLabel) {
    const delta = seconds - (before.byLabel.get(label) ?? 0);
    if (delta > 0) used.push([label, delta / wallSeconds]);
  }
  return Object.fromEntries(
    used.sort((a, b) => b[1] - a[1]).map(([label, cores]) => [label, Number(cores.toFixed(2))]),
  );
}

export function describeCores(used: Record<string, number>): string {
  const machine = used[MACHINE_LABEL];
  const ours = Object.entries(used).filter(([label]) => label !== MACHINE_LABEL);
  const total = ours.reduce((sum, [, cores]) => sum + cores, 0);
  const parts = ours.filter(([, cores]) => cores >= 0.01).map(([label, cores]) => `${label} ${cores.toFixed(2)}`);
  const whole =
    machine === undefined ? '' : `; the whole machine: ${machine.toFixed(2)} of ${os.cpus().length} cores busy`;
  return `this run's processes used ${total.toFixed(2)} cores (${parts.join(', ')})${whole}`;
}

/**
 * CPU milliseconds per unit of work (a referral, a floor pair) this tree used between two snapshots, in total and per
 * label, and the rate the machine's cores could sustain at that cost if nothing else ran.
 */
export function cpuPerUnit(
  before: CpuSnapshot | undefined,
  after: CpuSnapshot | undefined,
  units: number,
): { totalMs: number; byLabelMs: Record<string, number>; ceilingPerSecond: number } | undefined {
  if (before === undefined || after === undefined || units <= 0) return undefined;
  const byLabelMs: Record<string, number> = {};
  for (const [label, seconds] of after.byLabel) {
    const delta = seconds - (before.byLabel.get(label) ?? 0);
    if (delta > 0) byLabelMs[label] = (delta * 1000) / units;
  }
  const totalMs = Object.values(byLabelMs).reduce((sum, ms) => sum + ms, 0);
  return { totalMs, byLabelMs, ceilingPerSecond: totalMs > 0 ? (os.cpus().length * 1000) / totalMs : 0 };
}

export function describeCpuPerUnit(cost: ReturnType<typeof cpuPerUnit>, unit: string): string {
  if (cost === undefined) return `CPU per ${unit}: not measured (no /proc)`;
  const parts = Object.entries(cost.byLabelMs)
    .filter(([, ms]) => ms >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([label, ms]) => `${label} ${ms.toFixed(1)}`);
  return (
    `CPU per ${unit}: ${cost.totalMs.toFixed(1)} ms (${parts.join(', ')}), so ${os.cpus().length} cores could ` +
    `sustain at most ${cost.ceilingPerSecond.toFixed(0)}/s`
  );
}
