// Faults a test can inject into download_files for one run id, and the book that holds them.
//
// When each fault takes over (so tests know what they are exercising):
// - 'status' answers as soon as the request has a known API key and a well-formed body
//   (checks 1 and 2); the x-auth-key, scope, run and file checks are skipped, like a gateway
//   or rate limiter in front of the real service would.
// - 'archive' runs every check up to "the run exists and the caller may see it", then
//   ignores the requested names.
// - every other fault shapes the normal 200 answer, so all checks still apply.

export type Fault =
  /** 200 with the full Content-Length, `afterBytes` (default: half the body) written, then the socket destroyed. */
  | { type: 'drop'; afterBytes?: number }
  /** 200 headers and `afterBytes` (default 0) written, then silence with the socket kept open. */
  | { type: 'stall'; afterBytes?: number }
  /** Answer `status` for the next `times` requests (default 1), then behave normally. */
  | { type: 'status'; status: number; times?: number; retryAfter?: number | string; error?: string }
  /** A zip cut to half its length with a matching Content-Length: a clean transfer of a corrupt archive. */
  | { type: 'truncated' }
  /** 200 application/zip whose body is plain text. */
  | { type: 'not-zip' }
  /** Stream this archive file from disk as the body (hostile archives, 1 GiB benchmarks). */
  | { type: 'archive'; path: string }
  /** The normal body, throttled. */
  | { type: 'slow'; bytesPerSecond: number };

export type FaultType = Fault['type'];

export type ParsedFault = { ok: true; fault: Fault } | { ok: false; reason: string };

const isNonNegativeInteger = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/** Checks a fault that came from outside the type system (the control route, or a careless test). */
export function parseFault(value: unknown): ParsedFault {
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'fault must be an object' };
  const fault = value as Record<string, unknown>;
  switch (fault.type) {
    case 'drop':
    case 'stall':
      if (fault.afterBytes !== undefined && !isNonNegativeInteger(fault.afterBytes)) {
        return { ok: false, reason: `${fault.type}.afterBytes must be a non-negative integer` };
      }
      return { ok: true, fault: { type: fault.type, afterBytes: fault.afterBytes } };
    case 'status':
      return parseStatusFault(fault);
    case 'truncated':
    case 'not-zip':
      return { ok: true, fault: { type: fault.type } };
    case 'archive':
      if (typeof fault.path !== 'string' || fault.path === '') return { ok: false, reason: 'archive.path must be a file path' };
      return { ok: true, fault: { type: 'archive', path: fault.path } };
    case 'slow':
      if (typeof fault.bytesPerSecond !== 'number' || !(fault.bytesPerSecond > 0)) {
        return { ok: false, reason: 'slow.bytesPerSecond must be a positive number' };
      }
      return { ok: true, fault: { type: 'slow', bytesPerSecond: fault.bytesPerSecond } };
    default:
      return { ok: false, reason: `unknown fault type ${JSON.stringify(fault.type)}` };
  }
}

function parseStatusFault(fault: Record<string, unknown>): ParsedFault {
  const { status, times, retryAfter, error } = fault;
  // 1xx cannot be a final answer, so it would wedge the client instead of testing it.
  if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) {
    return { ok: false, reason: 'status.status must be an HTTP status between 200 and 599' };
  }
  if (times !== undefined && !(isNonNegativeInteger(times) && times > 0)) {
    return { ok: false, reason: 'status.times must be a positive integer' };
  }
  if (retryAfter !== undefined && !isNonNegativeInteger(retryAfter) && typeof retryAfter !== 'string') {
    return { ok: false, reason: 'status.retryAfter must be seconds or an HTTP date' };
  }
  if (error !== undefined && typeof error !== 'string') return { ok: false, reason: 'status.error must be a string' };
  return { ok: true, fault: { type: 'status', status: status as number, times, retryAfter, error } };
}

/** The faults armed per run id. Status faults count down and disarm themselves. */
export class FaultBook {
  private readonly faults = new Map<string, Fault>();
  private readonly statusAnswersLeft = new Map<string, number>();

  set(runId: string, fault: Fault | undefined): void {
    this.faults.delete(runId);
    this.statusAnswersLeft.delete(runId);
    if (!fault) return;
    const parsed = parseFault(fault);
    if (!parsed.ok) throw new Error(`Invalid fault for run ${runId}: ${parsed.reason}`);
    this.faults.set(runId, parsed.fault);
    if (parsed.fault.type === 'status') this.statusAnswersLeft.set(runId, parsed.fault.times ?? 1);
  }

  /** The armed fault without using it up. */
  peek(runId: string): Fault | undefined {
    return this.faults.get(runId);
  }

  /** Uses one answer of a status fault; the fault disarms when none are left. */
  consumeStatus(runId: string): void {
    const left = (this.statusAnswersLeft.get(runId) ?? 1) - 1;
    if (left > 0) {
      this.statusAnswersLeft.set(runId, left);
    } else {
      this.set(runId, undefined);
    }
  }

  snapshot(): Record<string, Fault> {
    return Object.fromEntries(this.faults);
  }

  clear(): void {
    this.faults.clear();
    this.statusAnswersLeft.clear();
  }
}
