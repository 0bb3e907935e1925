// What an API route handler gets: the request already read, and where to answer.

import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { FaultBook, FaultType } from './faults';
import type { EmulatorClock } from './runLifecycle';
import type { SignedUrlHost } from './signedUrlHost';

export interface ApiCall {
  dataDir: string;
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
  body: Buffer;
  response: ServerResponse;
  faults: FaultBook;
  /** Now, for run lifecycles (tests may move it). */
  clock: EmulatorClock;
  /** Signs artifact download URLs for the second listener (agentRoutes.ts). */
  signedUrls?: Pick<SignedUrlHost, 'sign'>;
  /** Tells the request log which fault shaped this answer. */
  noteFault(type: FaultType): void;
}
