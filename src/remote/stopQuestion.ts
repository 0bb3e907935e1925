// Cancel on Run Flow's progress asks: stop the run on Gumloop too, only stop watching, or
// (dismissed) keep watching. What the answer leads to, given whether the run ended meanwhile. Pure.

/** The user's answer; undefined: the question was dismissed. */
export type StopChoice = 'stop' | 'watch-only' | undefined;

export type AfterStopQuestion = 'ended' | 'keep watching' | 'stop the run' | 'stop watching';

export function afterStopQuestion(choice: StopChoice, runEnded: boolean): AfterStopQuestion {
  // The run may have ended while the question was open: there is nothing left to stop, and a
  // dismissed question shows how it ended. Only stopping watching is honoured as asked.
  if (runEnded && choice !== 'watch-only') return 'ended';
  if (choice === undefined) return 'keep watching';
  return choice === 'stop' ? 'stop the run' : 'stop watching';
}
