// Faults a test can inject, and the book that holds them. A fault is armed for a target:
// download_files of one run id (the original use), or a JSON endpoint, for every request or for
// one subject of it (the run of get_pl_run, the flow of get_plrun_saved_item_map); see faultKey.
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
  /** Answer `status` for the next `times` requests (default 1) after `after` normal ones (default 0), then behave normally. */
  | { type: 'status'; status: number; times?: number; after?: number; retryAfter?: number | string; error?: string }
  /** JSON endpoints only: a 200 text/html page (a proxy's or CDN's) for `times` requests after `after` normal ones, like status. */
  | { type: 'page'; times?: number; after?: number }
  /** A zip cut to half its length with a matching Content-Length: a clean transfer of a corrupt archive. */
  | { type: 'truncated' }
  /** 200 application/zip whose body is plain text. */
  | { type: 'not-zip' }
  /** Stream this archive file from disk as the body (hostile archives, 1 GiB benchmarks). */
  | { type: 'archive'; path: string }
  /** The normal body, throttled. */
  | { type: 'slow'; bytesPerSecond: number }
  /**
   * The requested files plus entries nobody asked for (a hostile Gumloop): by default
   * HOSTILE_EXTRA_ENTRIES, which plant a script, a CI workflow and git settings that run code.
   */
  | { type: 'extra-entries'; entries?: string[] }
  /** JSON endpoints only: 200 with this value as the body instead of the real answer (wrong shapes). */
  | { type: 'body'; body: unknown }
  /** JSON endpoints only: the real answer with escape sequences and controls in every text field (hostileText.ts). */
  | { type: 'hostile-text' };

export type FaultType = Fault['type'];

/** What the extra-entries fault adds unless told otherwise: what a hostile server would plant in a checkout. */
export const HOSTILE_EXTRA_ENTRIES: readonly string[] = ['unrequested.sh', '.github/workflows/x.yml', '.git/hooks/post-checkout', '.git/config', '.GIT~1/x'];

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
    case 'page': {
      const counts = parseCounts(fault);
      return typeof counts === 'string' ? { ok: false, reason: `page.${counts}` } : { ok: true, fault: { type: 'page', ...counts } };
    }
    case 'truncated':
    case 'not-zip':
    case 'hostile-text':
      return { ok: true, fault: { type: fault.type } };
    case 'archive':
      if (typeof fault.path !== 'string' || fault.path === '') return { ok: false, reason: 'archive.path must be a file path' };
      return { ok: true, fault: { type: 'archive', path: fault.path } };
    case 'slow':
      if (typeof fault.bytesPerSecond !== 'number' || !(fault.bytesPerSecond > 0)) {
        return { ok: false, reason: 'slow.bytesPerSecond must be a positive number' };
      }
      return { ok: true, fault: { type: 'slow', bytesPerSecond: fault.bytesPerSecond } };
    case 'extra-entries':
      if (fault.entries !== undefined && !(Array.isArray(fault.entries) && fault.entries.every((name) => typeof name === 'string' && name !== ''))) {
        return { ok: false, reason: 'extra-entries.entries must be a list of entry names' };
      }
      return { ok: true, fault: { type: 'extra-entries', entries: fault.entries as string[] | undefined } };
    case 'body':
      if (!('body' in fault)) return { ok: false, reason: 'body.body must be the JSON value to answer' };
      return { ok: true, fault: { type: 'body', body: fault.body } };
    default:
      return { ok: false, reason: `unknown fault type ${JSON.stringify(fault.type)}` };
  }
}

/** `times` and `after` of a counted fault (status, page), or what is wrong with them. */
function parseCounts(fault: Record<string, unknown>): { times?: number; after?: number } | string {
  const { times, after } = fault;
  if (times !== undefined && !(isNonNegativeInteger(times) && times > 0)) return 'times must be a positive integer';
  if (after !== undefined && !isNonNegativeInteger(after)) return 'after must be a non-negative integer';
  return { times, after };
}

function parseStatusFault(fault: Record<string, unknown>): ParsedFault {
  const { status, retryAfter, error } = fault;
  // 1xx cannot be a final answer, so it would wedge the client instead of testing it.
  if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) {
    return { ok: false, reason: 'status.status must be an HTTP status between 200 and 599' };
  }
  const counts = parseCounts(fault);
  if (typeof counts === 'string') return { ok: false, reason: `status.${counts}` };
  if (retryAfter !== undefined && !isNonNegativeInteger(retryAfter) && typeof retryAfter !== 'string') {
    return { ok: false, reason: 'status.retryAfter must be seconds or an HTTP date' };
  }
  if (error !== undefined && typeof error !== 'string') return { ok: false, reason: 'status.error must be a string' };
  return { ok: true, fault: { type: 'status', status: status as number, ...counts, retryAfter, error } };
}

/** Fault types a JSON endpoint can show (the zip-shaped ones make no sense there). */
export const JSON_FAULT_TYPES: readonly FaultType[] = ['status', 'page', 'drop', 'stall', 'truncated', 'slow', 'body', 'hostile-text'];

/** Where a fault applies: download_files of a run, or a JSON endpoint (all of it, or one subject). */
export type FaultTarget = { runId: string } | { endpoint: string; subject?: string };

/**
 * The book key of a target. Run ids cannot hold ':' (see safeNames), so endpoint keys never
 * collide with the plain run-id keys download_files has always used.
 */
export function faultKey(target: FaultTarget): string {
  return 'runId' in target ? target.runId : `${target.endpoint}:${target.subject ?? ''}`;
}

/** The faults armed per key (see faultKey). Counted faults (status, page) count down and disarm themselves. */
export class FaultBook {
  private readonly faults = new Map<string, Fault>();
  private readonly answersLeft = new Map<string, number>();
  private readonly passesLeft = new Map<string, number>();

  set(key: string, fault: Fault | undefined): void {
    this.faults.delete(key);
    this.answersLeft.delete(key);
    this.passesLeft.delete(key);
    if (!fault) return;
    const parsed = parseFault(fault);
    if (!parsed.ok) throw new Error(`Invalid fault for ${key}: ${parsed.reason}`);
    if (key.includes(':') && !JSON_FAULT_TYPES.includes(parsed.fault.type)) {
      throw new Error(`Invalid fault for ${key}: a JSON endpoint takes ${JSON_FAULT_TYPES.join(', ')}, not ${parsed.fault.type}`);
    }
    if (!key.includes(':') && (parsed.fault.type === 'body' || parsed.fault.type === 'page' || parsed.fault.type === 'hostile-text')) {
      throw new Error(`Invalid fault for run ${key}: ${parsed.fault.type} is for JSON endpoints`);
    }
    this.faults.set(key, parsed.fault);
    if (parsed.fault.type === 'status' || parsed.fault.type === 'page') {
      this.answersLeft.set(key, parsed.fault.times ?? 1);
      this.passesLeft.set(key, parsed.fault.after ?? 0);
    }
  }

  /** The armed fault without using it up. */
  peek(key: string): Fault | undefined {
    return this.faults.get(key);
  }

  /**
   * For a request meeting a counted fault (status, page): false while its `after` lets requests
   * through (one used up), else true and one answer used; the fault disarms when none are left.
   */
  takeCounted(key: string): boolean {
    const passes = this.passesLeft.get(key) ?? 0;
    if (passes > 0) {
      this.passesLeft.set(key, passes - 1);
      return false;
    }
    const left = (this.answersLeft.get(key) ?? 1) - 1;
    if (left > 0) {
      this.answersLeft.set(key, left);
    } else {
      this.set(key, undefined);
    }
    return true;
  }

  snapshot(): Record<string, Fault> {
    return Object.fromEntries(this.faults);
  }

  clear(): void {
    this.faults.clear();
    this.answersLeft.clear();
    this.passesLeft.clear();
  }
}
