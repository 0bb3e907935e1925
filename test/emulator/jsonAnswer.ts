// How every JSON endpoint answers, with the faults armed for it applied. A status or page fault takes
// over right after the key and request-shape checks (like a gateway in front of the service);
// the other faults reshape the normal 200 answer, so every check still applies first.

import type { ApiCall } from './apiCall';
import { faultKey, type Fault } from './faults';
import { hostileText } from './hostileText';
import { sendShapedBody } from './shapedBody';
import { sendStatusFault } from './zipResponses';

export interface JsonFaultLookup {
  endpoint: string;
  /** The run or flow the request is about, when there is one. */
  subject?: string;
}

/** The fault for this request: one armed for its subject wins over one for the whole endpoint. */
function armedFault(call: ApiCall, lookup: JsonFaultLookup): { key: string; fault: Fault } | undefined {
  const keys = lookup.subject !== undefined ? [faultKey({ endpoint: lookup.endpoint, subject: lookup.subject })] : [];
  keys.push(faultKey({ endpoint: lookup.endpoint }));
  for (const key of keys) {
    const fault = call.faults.peek(key);
    if (fault) return { key, fault };
  }
  return undefined;
}

/** A page a proxy, CDN or captive portal answers with: 200, but HTML where JSON was asked for. */
const HTML_PAGE = '<!doctype html><html><head><title>Just a moment…</title></head><body><h1>Checking your browser before accessing the site.</h1></body></html>\n';

/** Answers an armed status or page fault (true) or leaves the request to its handler (false). */
export function answerStatusFault(call: ApiCall, lookup: JsonFaultLookup): boolean {
  const armed = armedFault(call, lookup);
  if (armed?.fault.type !== 'status' && armed?.fault.type !== 'page') return false;
  if (!call.faults.takeCounted(armed.key)) return false;
  call.noteFault(armed.fault.type);
  if (armed.fault.type === 'page') {
    call.response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(Buffer.byteLength(HTML_PAGE)) });
    call.response.end(HTML_PAGE);
  } else {
    sendStatusFault(call.response, armed.fault);
  }
  return true;
}

/** The normal 200 answer, or the armed fault's version of it. */
export function sendJsonAnswer(call: ApiCall, lookup: JsonFaultLookup, value: unknown): void {
  const fault = armedFault(call, lookup)?.fault;
  const headers = { 'Content-Type': 'application/json; charset=utf-8' };
  // A counted fault (status, page) that let this request through: the normal answer.
  if (!fault || fault.type === 'status' || fault.type === 'page') {
    sendShapedBody(call.response, Buffer.from(JSON.stringify(value)), headers, undefined);
    return;
  }
  call.noteFault(fault.type);
  switch (fault.type) {
    case 'body':
      sendShapedBody(call.response, Buffer.from(JSON.stringify(fault.body)), headers, undefined);
      return;
    case 'hostile-text':
      sendShapedBody(call.response, Buffer.from(JSON.stringify(hostileText(value))), headers, undefined);
      return;
    case 'drop':
    case 'stall':
    case 'truncated':
    case 'slow':
      sendShapedBody(call.response, Buffer.from(JSON.stringify(value)), headers, fault);
      return;
    default:
      // FaultBook refuses the zip-only faults for endpoint keys; answer normally should one slip through.
      sendShapedBody(call.response, Buffer.from(JSON.stringify(value)), headers, undefined);
  }
}
