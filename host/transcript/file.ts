// A transcript written to a file while it is recorded (`realname-pos simulate
// --record FILE`): one write per line, so a crash or Ctrl+C loses nothing recorded.
// The file stays open until the process ends.
import { openSync, writeSync } from "node:fs";
import { TranscriptRecorder } from "./recorder";

/** Creates (or truncates) `path` and records into it. */
export function recordToFile(path: string, comments: readonly string[]): TranscriptRecorder {
  const fd = openSync(path, "w");
  return new TranscriptRecorder((line) => writeSync(fd, `${line}\n`), comments);
}
