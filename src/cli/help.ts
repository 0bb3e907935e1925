// `gumloop-files --help`.
export const HELP = `gumloop-files: run Gumloop flows, watch them, and download the files they produce.

Usage:
  gumloop-files download --run-id <id> (--file <name> [--file <name> ...] | --files-from <path>)
                (--user-id <id> | --project-id <id>) [--saved-item-id <id>]
                [--out <dir>] [--base-url <url>] [--on-conflict fail|overwrite|skip|keep-both]
                [--max-files <n>] [--oauth] [--request-timeout <seconds>] [--json]
  gumloop-files run --flow <saved_item_id> [--input name=value ...] [--input-file name=path ...]
                [--inputs-from <report.json|->] --user-id <id> [--project-id <id>] [--oauth] [--wait]
                [--timeout <seconds>] [--download [--out <dir>] [--on-conflict <p>] [--max-files <n>]]
                [--json] [--kill-on-interrupt]
  gumloop-files watch --run-id <id> (--user-id <id> | --project-id <id>) [--timeout <seconds>]
                [--download ...] [--json] [--kill-on-interrupt]
  gumloop-files flows (--user-id <id> | --project-id <id>) [--json]
  gumloop-files runs --flow <saved_item_id> (--user-id <id> | --project-id <id>) [--json]
  gumloop-files agents [--team-id <id>] (--user-id <id> | --oauth) [--json]
  gumloop-files sessions --agent <id> (--user-id <id> | --oauth) [--json]
  gumloop-files artifacts --agent <id> [--session <id>] [--search <text>] (--user-id <id> | --oauth) [--json]
  gumloop-files download --agent <id> [--session <id>] [--artifact <id> ...] (--user-id <id> | --oauth)
                [--out <dir>] [--on-conflict fail|overwrite|skip|keep-both] [--max-files <n>] [--json]
  Every command also takes --base-url <url>, --oauth and --request-timeout <seconds>.
  With no command at all, gumloop-files prints this help (exit 0).

The API key is read from the GUMLOOP_API_KEY environment variable (never a flag: flags show
in process lists). A personal API key needs --user-id, which is also sent as x-auth-key; with
an OAuth 2.0 access token pass --oauth, and --user-id or --project-id only names the scope
(flow commands need one of them; agent commands need neither).
GUMLOOP_USER_ID, GUMLOOP_PROJECT_ID and GUMLOOP_BASE_URL stand in for --user-id, --project-id
and --base-url; a flag always wins over its variable.

download:
  --run-id <id>          the flow run whose files to download
  --file <name>          a file name from the run's outputs; repeat, or separate with commas;
                         a folder name (reports/) asks for everything under it
  --files-from <path>    the names to download, one per line (blank lines ignored; - reads
                         standard input), for lists too long for a command line; adds to --file
  --user-id <id>         your Gumloop user ID
  --project-id <id>      download from a project (workspace) instead of a user
  --saved-item-id <id>   the saved item (flow) the run belongs to, if needed
  --out <dir>            where to extract (default: the current folder)
  --base-url <url>       API base URL, http:// or https:// (default: https://api.gumloop.com/api/v1,
                         or GUMLOOP_BASE_URL)
  --on-conflict <p>      when a file exists: fail (default, writes nothing), overwrite, skip, keep-both
  --max-files <n>        refuse, before downloading, more than n names (default 10000)
  --max-size <MB>        refuse an archive that would unpack to more than this many MB, before
                         writing anything (default 4096; as gumloop.maxExtractSize in VS Code)
  --max-entries <n>      refuse an archive of more than n entries (default 100000)
  --oauth                the key is an OAuth access token: send no x-auth-key
  --request-timeout <seconds>
                         give up when the server is silent this long (default 60; every command
                         takes it; download's earlier name for it, --timeout, still works)
  -h, --help             show this help
  -v, --version          print the version
  On success it prints the written paths, relative to --out, one per line (folders the archive
  lists end in /), and exits 0. On any error it prints one line to stderr, exits non-zero, and
  has written nothing. Only the names asked for are written: anything else the archive holds is
  skipped and named in one warning on stderr, and an archive with an entry git refuses (.git in
  any spelling) or any other unsafe entry is refused whole. One download per folder runs at a time; a download that was killed is
  finished or undone by the next one into the same folder, which says so on stderr.

run: starts the flow and prints its run ID at once.
  --flow <id>            the saved flow (saved_item_id) to run
  --input name=value     a text input; repeat for each. An input left out keeps the value saved
                         in the flow (stderr names those inputs)
  --input-file name=path a file input: the file is uploaded to your Gumloop files first
  --inputs-from <path>   the inputs of an earlier run: a run --json report, a {"name": "value"}
                         object or a [{"input_name", "value"}] list (- reads standard input); a
                         file input is sent by its uploaded name, not uploaded again; --input and
                         --input-file override the report's input of the same name
  --wait                 wait for the run to end, streaming its new log lines to stderr
  --timeout <seconds>    with --wait: a deadline for the whole wait and the download after it
                         (exit 124; the run goes on)
  --download             when the run is DONE, download all its output files (implies --wait),
                         exactly like "download" (--out, --on-conflict, --max-files,
                         --max-size, --max-entries)
  --json                 print one JSON object at the end (run ID, inputs: what the run was
                         started with, [{name, value, file?}], state, times, outputs, files,
                         notRequested: archive entries not asked for, so not written, exitCode);
                         on any failure too, with "error": {code, message}
  --kill-on-interrupt    on Ctrl-C also stop the run on Gumloop (default: only stop watching)

watch: waits for a run that already exists; takes the same options as run --wait.
flows: lists your saved flows. runs: lists a flow's recent runs (Gumloop keeps the last 10),
when each started ("3 min ago") and how long it took. Long cells are cut with "…"; --json keeps
everything, times as ISO 8601.

agents: your own agents, or a team's with --team-id. sessions: an agent's sessions, newest
first, with their state (processing, completed, failed, queued, idle). artifacts: the files an
agent's sessions produced (--session: one session's; --search: names containing the text), with
size and version. Every page is followed; a server that repeats a page cursor ends the list with
a warning on stderr.
download --agent: the agent's artifacts (--session: one session's; --artifact: only these IDs,
repeat or separate with commas), each fetched from its signed link (which never carries your key
and is never printed), its size checked. Without --out each session's artifacts go to
gumloop/agents/<agent>/<session>/; with --out all go there. File names are made safe (one name,
no folders, nothing git refuses); two artifacts of one name become "name (2).ext", said on stderr.
Conflicts, exit codes and output as for a run's download; each folder is all or nothing.

With --json, stdout holds exactly one JSON value whatever happens: the result (flows and runs:
a list), or on failure an object with what is known (runId, state), "error" and "exitCode".

Exit codes: 0 done, 1 the run FAILED or was TERMINATED (its log is printed once) or
an error, 2 usage, 3 could not talk to Gumloop or not authorised (no key, a key or scope
Gumloop refuses, the network, a server or proxy failing: the setup, not the flow),
124 --timeout passed, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).

In GitHub Actions (GITHUB_ACTIONS=true) the key is masked first, a run's states and log lines
fold into a ::group::, failures and timeouts become ::error annotations, and lines from Gumloop
cannot act as workflow commands. gumloop-files prints no colour codes, on a terminal or not
(so NO_COLOR holds).
Proxies: HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured.`;
