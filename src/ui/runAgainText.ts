// What Run Again says: the one confirmation that shows the inputs it will send again, and why it
// cannot when an input's file is gone. Names and values may be Gumloop's text (input names come
// from get_inputs): cleaned to one line and shortened before they are shown. Pure.
import type { SentInput } from '../runs/runInputs';
import { cleanLine } from '../sanitize';
import { shortName } from '../text';

/** Longest value shown in the confirmation; the run is sent the whole value. */
const SHOWN_VALUE_CHARS = 60;
/** Inputs named in the question itself; the rest are counted. */
const SHOWN_INPUTS = 8;

/** `topic = x`, a file input by the local file it came from (the uploaded name when that is not known). */
function shownInput(input: SentInput): string {
  return `${shortName(cleanLine(input.name), 40)} = ${shortName(cleanLine(input.file ?? input.value), SHOWN_VALUE_CHARS)}`;
}

/** “Run “Weekly report” again with: topic = x, document = notes.txt?” */
export function runAgainQuestion(flowName: string, inputs: readonly SentInput[]): string {
  const flow = shortName(cleanLine(flowName), 80);
  if (inputs.length === 0) return `Run “${flow}” again with no inputs (the flow’s saved values)?`;
  const shown = inputs.slice(0, SHOWN_INPUTS).map(shownInput);
  const more = inputs.length > SHOWN_INPUTS ? ` and ${inputs.length - SHOWN_INPUTS} more` : '';
  return `Run “${flow}” again with: ${shown.join(', ')}${more}?`;
}

/** The confirmation's detail: which files go up again, which are reused, and the cost. */
export function runAgainDetail(reused: readonly string[], uploaded: readonly string[]): string {
  const names = (list: readonly string[]) => list.map((name) => shortName(cleanLine(name), 60)).join(', ');
  const parts: string[] = [];
  if (uploaded.length) parts.push(`Changed since the last run, uploaded again: ${names(uploaded)}.`);
  if (reused.length) parts.push(`Unchanged, not uploaded again: ${names(reused)}.`);
  parts.push('The run uses your Gumloop credits.');
  return parts.join(' ');
}

/** A file input whose local file is gone: what happened and what to do. */
export function fileGoneMessage(input: SentInput): string {
  return `Run Again needs “${shortName(cleanLine(input.file ?? input.value), SHOWN_VALUE_CHARS)}” for input “${shortName(cleanLine(input.name), 40)}”, and it is no longer in the workspace. Choose another file with Run Again with Changes…, or restore it.`;
}

/** The run is not known to this window and Run Again was given no flow. */
export function unknownFlowMessage(runId: string): string {
  return `Run Again can’t tell which flow run ${runId} belongs to. Use Run Again on the run in the Flows view, or Run Flow….`;
}
