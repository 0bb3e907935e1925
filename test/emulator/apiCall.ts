// What an API route handler gets: the request already read, and where to answer.

import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { FaultBook, FaultType } from './faults';

export interface ApiCall {
  dataDir: string;
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
  body: Buffer;
  response: ServerResponse;
  faults: FaultBook;
  /** Tells the request log which fault shaped this answer. */
  noteFault(type: FaultType): void;
}
