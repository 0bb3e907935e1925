// What a hostile Gumloop can send that GitHub's runner would obey as a workflow command if a client
// printed it raw (the runner reads `::name::` after leading white space, and `##[name]` anywhere in
// a line, on stdout and stderr alike): log lines for a flow's `run_log`, and an output file name.
// Tests run the CLI and the Action with GITHUB_ACTIONS=true over them and check none is obeyed.

/** Log lines that would mask text, fake an annotation or an output, end a group or stop commands. */
export const HOSTILE_WORKFLOW_LINES: readonly string[] = [
  '::add-mask::Reader',
  '  ::set-output name=state::DONE',
  'Writer: done ##[error]pwned',
  '::endgroup::',
  '::stop-commands::pwned',
];

/** A file name the outputs may list: printed on stdout by a download, it must not act. */
export const HOSTILE_WORKFLOW_FILE = '##[warning]pwned.txt';
