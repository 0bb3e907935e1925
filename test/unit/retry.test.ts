// The client's own retries: a time limit that ends them between tries reports what the server
// last did, while the user's cancel stays a cancel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GumloopError } from '../../src/errors';
import { timeLimit } from '../../src/gumloop/timeLimit';
import { withRetries } from '../../src/gumloop/retry';

const policy = { retries: 5, baseDelayMs: 200, maxDelayMs: 200, maxRetryAfterMs: 60_000 };
const unavailable = () => Promise.reject(new GumloopError('server-error', 'Gumloop answered 503.', { status: 503 }));

test('a time limit between tries ends with the last 503, not "no answer"', async () => {
  const limit = timeLimit(50, new GumloopError('timeout', 'The wait ran out of time.'));
  try {
    await assert.rejects(withRetries(unavailable, policy, limit.signal), (error) => error instanceof GumloopError && error.code === 'server-error' && error.status === 503);
  } finally {
    limit.clear();
  }
});

test('the user cancelling between tries is a cancel', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(withRetries(unavailable, policy, controller.signal), (error) => error instanceof GumloopError && error.code === 'cancelled');
});
