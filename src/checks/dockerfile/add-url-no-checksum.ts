/**
 * CIS 4.9 (and 4.11): ADD that downloads without verifying what it got. An http(s) URL needs
 * `--checksum=sha256:…`; a git source needs `--checksum=<commit>` or a ref that is a full commit id, because a
 * branch or tag can be moved to other content.
 */
import type { RawFinding } from '../../types.js';
import { dockerfileCheck } from '../check.js';
import { addSourceKind, copyOperands, decide } from '../support.js';

/** The URL without credentials, so a message never shows a password. */
function shownUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/\s]*@/i, '$1…@');
}

export default dockerfileCheck((model) => {
  const findings: RawFinding[] = [];
  const undecided: string[] = [];
  for (const ins of model.stages.flatMap((s) => s.instructions)) {
    if (ins.keyword !== 'ADD') continue;
    const checksum = ins.flags.find((f) => f.name === 'checksum');
    if (checksum?.value) continue;
    for (const src of copyOperands(ins, model.escape).sources) {
      if (src.value === undefined) {
        undecided.push(`ADD source ${src.written} on line ${ins.location.startLine} depends on ${src.unresolved.join(', ')}, which has no value here; pass it with --build-arg`);
        continue;
      }
      const kind = addSourceKind(src);
      if (kind === 'url') {
        findings.push({
          message: `ADD downloads ${shownUrl(src.value)} without --checksum: the content is not verified; add --checksum=sha256:<digest>`,
          location: ins.location,
          key: `ADD:${shownUrl(src.written)}`,
          ...(/^http:/i.test(src.value) ? { severity: 'high' as const } : {}),
        });
      } else if (kind === 'git') {
        const ref = /#([^:]*)/.exec(src.value)?.[1] ?? '';
        if (/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i.test(ref)) continue;
        findings.push({
          message: `ADD clones ${shownUrl(src.value)} ${ref ? `at ${ref}, which can be moved,` : 'at its default branch'} without --checksum: pin a full commit id (#<sha>) or add --checksum=<commit>`,
          location: ins.location,
          key: `ADD:${shownUrl(src.written)}`,
        });
      }
    }
  }
  return decide(findings, undecided);
});
