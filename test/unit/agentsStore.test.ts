// The Agents view's store on a manual clock, against an in-memory Gumloop that pages by opaque
// cursor and records every request: one request per node, Load more passing the cursor back
// unchanged, a repeated cursor or an empty page ending the listing with a warning, a session's
// artifacts followed over every page, and the refresh of processing sessions: 5 s → ×1.5 → 30 s,
// nothing while hidden, and a session that completes showing what it made.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AgentsApi, ArtifactItem, ArtifactQuery, Page, SessionItem } from '../../src/remote/agentsApi';
import { AgentsStore, mergePage, type AgentsChange } from '../../src/remote/agentsStore';
import type { CallOptions } from '../../src/remote/flowsApi';
import { budgetedCall } from '../../src/remote/flowsApi';
import { RequestBudget } from '../../src/remote/requestBudget';
import { ManualClock, driveUntilSettled } from '../support/manualClock';

const LATENCY_MS = 20;

interface Sent {
  at: number;
  what: string;
  cursor?: string;
  priority: string;
  query?: ArtifactQuery;
}

/** An in-memory Gumloop: one agent `a1`, its sessions newest first, artifacts per session; pages of `pageSize`. */
class FakeAgents implements AgentsApi {
  readonly sent: Sent[] = [];
  sessions: SessionItem[] = [];
  artifacts: (ArtifactItem & { sessionId: string })[] = [];
  pageSize = 3;
  /** A cursor the server answers with instead of the right one (a looping server). */
  stuckCursor: string | undefined;
  private readonly call;

  constructor(
    private readonly clock: ManualClock,
    budget: RequestBudget,
  ) {
    this.call = budgetedCall(budget);
  }

  listAgents(teamId: string | undefined, options: CallOptions) {
    return this.answer({ what: `agents:${teamId ?? ''}`, priority: options.priority }, options, () => [{ id: 'a1', name: 'Researcher' }]);
  }

  listTeams(options: CallOptions) {
    return this.answer({ what: 'teams', priority: options.priority }, options, () => [{ id: 't1', name: 'Sales' }]);
  }

  listSessions(_agentId: string, cursor: string | undefined, options: CallOptions): Promise<Page<SessionItem>> {
    return this.answer({ what: 'sessions', cursor, priority: options.priority }, options, () => this.page(this.sessions.map((session) => ({ ...session })), cursor));
  }

  listArtifacts(_agentId: string, query: ArtifactQuery, options: CallOptions): Promise<Page<ArtifactItem>> {
    const matching = this.artifacts.filter((artifact) => (!query.sessionId || artifact.sessionId === query.sessionId) && (!query.searchQuery || artifact.filename?.includes(query.searchQuery)));
    return this.answer({ what: 'artifacts', cursor: query.cursor, priority: options.priority, query }, options, () => this.page(matching, query.cursor));
  }

  count(what: string): number {
    return this.sent.filter((request) => request.what === what).length;
  }

  times(what: string, priority = 'poll'): number[] {
    return this.sent.filter((request) => request.what === what && request.priority === priority).map((request) => request.at);
  }

  private page<T>(items: T[], cursor: string | undefined): Page<T> {
    // Opaque cursors: the offset hidden in text the client must not build itself.
    const offset = cursor ? Number(Buffer.from(cursor, 'base64url').toString().split(':')[1]) : 0;
    const end = offset + this.pageSize;
    const next = end < items.length ? Buffer.from(`offset:${end}`).toString('base64url') : undefined;
    return { items: items.slice(offset, end), nextCursor: next && this.stuckCursor !== undefined && offset > 0 ? this.stuckCursor : next };
  }

  private answer<T>(request: Omit<Sent, 'at'>, options: CallOptions, value: () => T): Promise<T> {
    return this.call(async () => {
      this.sent.push({ ...request, at: this.clock.now() });
      await this.clock.sleep(LATENCY_MS);
      return value();
    }, options);
  }
}

function harness(setup: (gumloop: FakeAgents) => void) {
  const clock = new ManualClock(1_000_000);
  const gumloop = new FakeAgents(clock, new RequestBudget({ clock }));
  setup(gumloop);
  const view = { visible: true, focused: true };
  const warnings: string[] = [];
  const store = new AgentsStore({ api: gumloop, clock, teamId: () => undefined, isVisible: () => view.visible, isFocused: () => view.focused, log: (line) => warnings.push(line) });
  const changes: AgentsChange[] = [];
  store.onDidChange((change) => changes.push(change));
  const drive = <T>(promise: Promise<T>): Promise<T> => driveUntilSettled(clock, promise);
  return { clock, gumloop, view, store, changes, warnings, drive };
}

const sessions = (count: number, state = 'completed'): SessionItem[] => Array.from({ length: count }, (_, i) => ({ id: `s${i}`, name: `Session ${i}`, state }));
const artifactsOf = (sessionId: string, count: number) => Array.from({ length: count }, (_, i) => ({ id: `${sessionId}-f${i}`, filename: `file${i}.txt`, sessionId, versionId: 'v1', majorVersion: 1 }));

void describe('mergePage', () => {
  void test('appends what is new, and stops on a repeated cursor or a page with nothing new', () => {
    const a = { id: 'a' };
    const b = { id: 'b' };
    assert.deepEqual(mergePage([a], { items: [b], nextCursor: 'c2' }, new Set(['c1'])), { items: [a, b], nextCursor: 'c2' });
    assert.deepEqual(mergePage([a], { items: [b] }, new Set()), { items: [a, b] });
    const repeated = mergePage([a], { items: [b], nextCursor: 'c1' }, new Set(['c1']));
    assert.equal(repeated.nextCursor, undefined);
    assert.match(repeated.warning ?? '', /cursor it had sent before/);
    const empty = mergePage([a, b], { items: [a], nextCursor: 'c9' }, new Set(['c1']));
    assert.deepEqual([empty.items.length, empty.nextCursor], [2, undefined]);
    assert.match(empty.warning ?? '', /nothing new/);
  });
});

void describe('loading and paging', () => {
  void test('agents and a first page of sessions cost one request each, however often asked', async () => {
    const h = harness((g) => (g.sessions = sessions(7)));
    await h.drive(Promise.all([h.store.loadAgents(), h.store.loadAgents()]));
    await h.drive(Promise.all([h.store.loadSessions('a1'), h.store.loadSessions('a1')]));
    await h.drive(h.store.loadSessions('a1'));
    assert.deepEqual([h.gumloop.count('agents:'), h.gumloop.count('sessions')], [1, 1]);
    const state = h.store.sessionsState('a1');
    assert.ok(state.status === 'loaded');
    assert.deepEqual(
      state.value.items.map((s) => s.id),
      ['s0', 's1', 's2'],
    );
    assert.ok(state.value.nextCursor, 'more to load: the tree shows Load more');
    h.store.dispose();
  });

  void test('Load more sends the cursor Gumloop gave, unchanged, until there is none', async () => {
    const h = harness((g) => (g.sessions = sessions(7)));
    await h.drive(h.store.loadSessions('a1'));
    const first = h.store.sessionsState('a1');
    assert.ok(first.status === 'loaded');
    const cursor = first.value.nextCursor;
    await h.drive(h.store.loadMoreSessions('a1'));
    assert.equal(h.gumloop.sent.at(-1)?.cursor, cursor);
    await h.drive(h.store.loadMoreSessions('a1'));
    await h.drive(h.store.loadMoreSessions('a1')); // nothing left: no request
    const state = h.store.sessionsState('a1');
    assert.ok(state.status === 'loaded');
    assert.equal(state.value.items.length, 7);
    assert.equal(state.value.nextCursor, undefined);
    assert.equal(h.gumloop.count('sessions'), 3);
    assert.ok(h.changes.some((change) => change.scope === 'agent' && change.agentId === 'a1'));
    h.store.dispose();
  });

  void test('a server that repeats a cursor ends the listing with a warning instead of looping', async () => {
    const h = harness((g) => {
      g.sessions = sessions(12);
      g.stuckCursor = Buffer.from('offset:3').toString('base64url');
    });
    await h.drive(h.store.loadSessions('a1'));
    for (let i = 0; i < 5; i++) await h.drive(h.store.loadMoreSessions('a1'));
    const state = h.store.sessionsState('a1');
    assert.ok(state.status === 'loaded');
    assert.equal(state.value.nextCursor, undefined);
    assert.match(state.value.warning ?? '', /before/);
    assert.equal(h.gumloop.count('sessions'), 2);
    assert.ok(h.warnings.some((line) => /paging stopped/.test(line)));
    h.store.dispose();
  });

  void test('a session’s artifacts follow every page: 1,000 artifacts in ⌈1000/100⌉ requests', async () => {
    const h = harness((g) => {
      g.pageSize = 100;
      g.sessions = sessions(1);
      g.artifacts = [...artifactsOf('s0', 1000), ...artifactsOf('other', 5)];
    });
    await h.drive(h.store.loadSessionArtifacts('a1', 's0'));
    const state = h.store.artifactsState('a1', 's0');
    assert.ok(state.status === 'loaded');
    assert.equal(state.value.items.length, 1000);
    assert.equal(h.gumloop.count('artifacts'), 10);
    assert.ok(h.gumloop.sent.every((request) => request.query?.sessionId === 's0'));
    assert.deepEqual(h.changes.at(-1), { scope: 'session', agentId: 'a1', sessionId: 's0' });
    h.store.dispose();
  });

  void test('All Artifacts pages with Load more and searches; a new search starts the listing again', async () => {
    const h = harness((g) => (g.artifacts = [...artifactsOf('s0', 4), ...artifactsOf('s1', 4)]));
    await h.drive(h.store.loadAllArtifacts('a1'));
    await h.drive(h.store.loadMoreArtifacts('a1'));
    let state = h.store.allArtifactsState('a1');
    assert.ok(state.status === 'loaded');
    assert.equal(state.value.items.length, 6);
    h.store.setSearch('a1', ' file1 ');
    assert.equal(h.store.allArtifactsState('a1').status, 'idle');
    await h.drive(h.store.loadAllArtifacts('a1'));
    state = h.store.allArtifactsState('a1');
    assert.ok(state.status === 'loaded');
    assert.deepEqual(
      state.value.items.map((a) => a.id),
      ['s0-f1', 's1-f1'],
    );
    assert.equal(h.gumloop.sent.at(-1)?.query?.searchQuery, 'file1');
    h.store.dispose();
  });
});

void describe('processing and queued sessions refresh while the view is visible', () => {
  void test('polls at 5 s, backing off ×1.5 to 30 s while nothing changes', async () => {
    const h = harness((g) => (g.sessions = [{ id: 's0', state: 'processing' }, ...sessions(2)]));
    await h.drive(h.store.loadSessions('a1'));
    const start = h.clock.now();
    await h.clock.advance(120_000);
    const polls = h.gumloop.times('sessions').map((at) => at - start);
    assert.ok(polls.length >= 5, `polled ${polls.length} times`);
    const gaps = polls.slice(1).map((at, i) => at - polls[i]);
    // Each gap is the schedule's wait plus the answer's latency.
    const expected = [7_500, 11_250, 16_875, 25_313, 30_000];
    gaps.slice(0, expected.length).forEach((gap, i) => assert.ok(Math.abs(gap - LATENCY_MS - expected[i]) <= 30, `gap ${i}: ${gap} vs ${expected[i]}`));
    assert.ok(polls[0] >= 5_000 && polls[0] <= 5_100, `first poll ${polls[0]}`);
    h.store.dispose();
  });

  void test('nothing is polled while the view is hidden; showing it polls again', async () => {
    const h = harness((g) => (g.sessions = [{ id: 's0', state: 'queued' }]));
    await h.drive(h.store.loadSessions('a1'));
    h.view.visible = false;
    h.store.activityChanged();
    const before = h.gumloop.sent.length;
    await h.clock.advance(300_000);
    assert.equal(h.gumloop.sent.length, before, 'no request at all while hidden');
    h.view.visible = true;
    h.store.activityChanged();
    await h.clock.advance(100);
    assert.equal(h.gumloop.count('sessions'), 2);
    h.store.dispose();
  });

  void test('a session that completes is redrawn with its new artifacts, and polling stops', async () => {
    const h = harness((g) => {
      g.sessions = [{ id: 's0', state: 'processing' }];
      g.artifacts = artifactsOf('s0', 1);
    });
    await h.drive(h.store.loadSessions('a1'));
    await h.drive(h.store.loadSessionArtifacts('a1', 's0'));
    h.gumloop.sessions = [{ id: 's0', state: 'completed' }];
    h.gumloop.artifacts = artifactsOf('s0', 2);
    const before = h.changes.length;
    await h.clock.advance(5_100);
    assert.equal(h.store.session('a1', 's0')?.state, 'completed');
    assert.ok(h.changes.slice(before).some((change) => change.scope === 'session' && change.sessionId === 's0'));
    await h.drive(h.store.loadSessionArtifacts('a1', 's0'));
    const state = h.store.artifactsState('a1', 's0');
    assert.ok(state.status === 'loaded');
    assert.equal(state.value.items.length, 2);
    assert.equal(h.store.isPolling('a1'), false);
    const sent = h.gumloop.sent.length;
    await h.clock.advance(120_000);
    assert.equal(h.gumloop.sent.length, sent);
    h.store.dispose();
  });
});
