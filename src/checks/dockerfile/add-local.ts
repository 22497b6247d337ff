/**
 * CIS 4.9: ADD of files or directories from the build context (or a heredoc); COPY does the same without
 * ADD's extra behaviour. A local tar archive is extracted by ADD, which is why it is often used: it is still
 * reported, with the COPY-free alternative in the message. A `FROM scratch` stage that unpacks a root
 * filesystem archive is how base images are made and is reported at info. URLs and git sources are not local
 * (see dockerfile/add-url-no-checksum).
 */
import { substitute } from '../../dockerfile/substitute.js';
import type { RawFinding } from '../../types.js';
import { dockerfileCheck } from '../check.js';
import { addSourceKind, copyOperands, decide } from '../support.js';

/** Names ADD would unpack (BuildKit looks at the content; the name is how a reader sees it). */
const ARCHIVE = /\.(?:tar|tar\.(?:gz|bz2|xz|zst|lz|lzma|z)|tgz|tbz2?|txz|tzst|tlz)$/i;

export default dockerfileCheck((model) => {
  const findings: RawFinding[] = [];
  const undecided: string[] = [];
  for (const stage of model.stages) {
    const scratch = substitute(stage.baseImage, {}).value.toLowerCase() === 'scratch';
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'ADD') continue;
      const { sources } = copyOperands(ins, model.escape);
      const files: string[] = [];
      const archives: string[] = [];
      for (const src of sources) {
        if (src.value === undefined) {
          undecided.push(`ADD source ${src.written} on line ${ins.location.startLine} depends on ${src.unresolved.join(', ')}, which has no value here, so it is unknown whether it is local; pass it with --build-arg`);
          continue;
        }
        const kind = addSourceKind(src);
        const shown = src.heredoc ? `heredoc <<${src.heredoc.name}` : src.value === src.written ? src.value : `${src.written} (= ${src.value})`;
        if (kind === 'heredoc') files.push(shown);
        else if (kind === 'local') (ARCHIVE.test(src.value) ? archives : files).push(shown);
      }
      if (files.length) {
        findings.push({
          message: `ADD copies local ${files.length > 1 ? 'files' : 'content'} ${files.join(', ')}: use COPY, which does only that`,
          location: ins.location,
          key: `ADD:${sources.map((s) => s.written).join(' ')}`,
        });
      } else if (archives.length) {
        findings.push({
          message: scratch
            ? `ADD unpacks ${archives.join(', ')} into a scratch stage (how base images are built); prefer a base image built and scanned elsewhere`
            : `ADD unpacks the local archive ${archives.join(', ')}: make the extraction explicit with RUN --mount=type=bind,source=${archives[0]},target=/tmp/${archives[0].slice(archives[0].lastIndexOf('/') + 1)} tar -xf …, or COPY it`,
          location: ins.location,
          key: `ADD:${sources.map((s) => s.written).join(' ')}`,
          ...(scratch ? { severity: 'info' as const } : {}),
        });
      }
    }
  }
  return decide(findings, undecided);
});
