// The seeded agents data's well-known ids (seed/agents.json, seed/artifacts/): what tests and the
// demo name. Beside DEMO (demo.ts) rather than in it, so the flow seed and this one grow apart.

export const DEMO_AGENTS = {
  teams: {
    /** demo-user is a member; its agent: sales. */
    sales: 'team_4f8c92ab',
    /** demo-user and other-user are members; its agent: triage. */
    support: 'team_91ab73cd',
    /** other-user only: listing its agents is a 403 for demo-user. */
    others: 'team_0th3r5cc',
  },
  agents: {
    /** demo-user's own: 45 sessions (every state; three pages of the default 20), 9 artifacts over 3 sessions. */
    research: 'AgEntRsrch01',
    /** demo-user's own: one processing and one queued session, no artifacts yet. */
    writer: 'AgEntWrite02',
    /** Team sales: 2 completed sessions, 2 artifacts. */
    sales: 'AgEntSales03',
    /** Team support: 1 idle session, no artifacts. */
    triage: 'AgEntTriag04',
    /** other-user's own: never listed for demo-user (403 when asked for). */
    others: 'AgEntOther05',
  },
  sessions: {
    /** research, completed, newest: 5 artifacts (report.md at version 2, data.csv, chart.svg, notes.txt, summary.json). */
    latest: 'sess_Rs000001',
    /** research, completed: 3 artifacts (report.md again: a second file of that name, brief.md, links.txt). */
    earlier: 'sess_Rs000002',
    /** research, failed: 1 artifact (partial.csv). */
    failed: 'sess_Rs000003',
    /** sales, completed: 2 artifacts (outreach.md, accounts.csv). */
    sales: 'sess_Sa000001',
  },
  artifacts: {
    /** sess_Rs000001's report.md: version 1 (ver_Rpt1v1) and current version 2 (ver_Rpt1v2). */
    report: 'art_Report01',
  },
} as const;
