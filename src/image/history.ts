/**
 * Reading `created_by` lines of an image history, as BuildKit (`RUN |1 A=b /bin/sh -c cmd # buildkit`,
 * `COPY x /y # buildkit`) and the legacy builder (`/bin/sh -c #(nop)  USER app`, `|1 A=b /bin/sh -c cmd`)
 * write them: the keyword, the RUN body, and the build args recorded with it.
 */

const KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'ENV', 'ARG', 'LABEL', 'USER', 'WORKDIR', 'EXPOSE', 'VOLUME', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'SHELL', 'STOPSIGNAL', 'ONBUILD', 'MAINTAINER']);

const stripBuildkit = (s: string) => s.trim().replace(/\s*#\s*buildkit$/, '');

/** The Dockerfile keyword a `created_by` line stands for; '' when it says nothing (an imported rootfs). */
export function historyKeyword(createdBy: string): string {
  const s = stripBuildkit(createdBy);
  if (!s) return '';
  const nop = /^\/bin\/sh -c #\(nop\)\s+([A-Za-z]+)/.exec(s);
  if (nop) return nop[1].toUpperCase();
  const word = /^([A-Z]+)(\s|$)/.exec(s);
  if (word && KEYWORDS.has(word[1])) return word[1];
  return 'RUN'; // the legacy builder writes a RUN as the command itself: `/bin/sh -c …`, `|2 A=1 B=2 /bin/sh -c …`
}

/** The base image's own root filesystem: `ADD file:<hash> in /` (legacy) or `ADD rootfs.tar.gz / # buildkit`. */
export function isBaseRootfsAdd(createdBy: string): boolean {
  const s = stripBuildkit(createdBy);
  return /^(\/bin\/sh -c #\(nop\)\s+)?ADD (file|dir):[0-9a-f]+ in \/\s*$/.test(s) || /^ADD \S+\.tar(\.(gz|xz|bz2|zst))? \/\s*$/.test(s);
}

export interface RunLine {
  /** The shell script the RUN ran (after `sh -c`), or the exec-form command line. */
  body: string;
  /** Build args recorded with the RUN (`|2 A=1 B=2`): they were in its environment, and are in the history. */
  buildArgs: [string, string][];
}

/** The parts of a RUN history line; undefined for other keywords. */
export function runLine(createdBy: string): RunLine | undefined {
  if (historyKeyword(createdBy) !== 'RUN') return undefined;
  let s = stripBuildkit(createdBy).replace(/^RUN\s+/, '');
  const buildArgs: [string, string][] = [];
  const count = /^\|(\d+)\s+/.exec(s);
  if (count) {
    s = s.slice(count[0].length);
    for (let i = 0; i < Number(count[1]); i++) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(\S*)\s*/.exec(s);
      if (!m) break;
      buildArgs.push([m[1], m[2]]);
      s = s.slice(m[0].length);
    }
  }
  const shell = /^(\/bin\/sh|\/bin\/bash|\/bin\/ash|sh|bash)(\s+-[a-z]+(\s+\w+)?)*?\s+-c\s+/.exec(s);
  return { body: shell ? s.slice(shell[0].length) : s, buildArgs };
}
