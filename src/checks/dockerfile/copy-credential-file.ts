/**
 * CIS 4.10: COPY or ADD of a credential file (SSH keys, .npmrc, .env, .aws/credentials, ...), by its source
 * name, by the path it is written to, or written from a heredoc. `COPY --from=<stage>` counts too: copying a key
 * out of another stage still ships it. A whole directory (`COPY . .`) is not judged by name.
 */
import picomatch from 'picomatch';
import { stageChain } from '../../dockerfile/model.js';
import { credentialFile, type CredentialFile } from '../../secrets/detect.js';
import type { RawFinding } from '../../types.js';
import { dockerfileCheck } from '../check.js';
import { copyOperands, decide, type CopyOperand } from '../support.js';

const GLOB = /[*?[]/;
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i;
/** Where certificates go: a `.pem` copied there is a CA certificate, not a key. */
const CERT_DIR = /(?:^|\/)(?:ca-certificates|certs|ca-trust|trust|anchors)(?:\/|$)/i;

const basename = (p: string) => p.replace(/\/+$/, '').slice(p.replace(/\/+$/, '').lastIndexOf('/') + 1);

export default dockerfileCheck((model) => {
  const findings: RawFinding[] = [];
  const undecided: string[] = [];
  // The final image's layers, config and history come from the final stage and the stages it is built on.
  const reaching = new Set(model.finalStage < 0 ? [] : stageChain(model).map((s) => s.index));
  for (const stage of model.stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const { sources, dest } = copyOperands(ins, model.escape);
      const hits: string[] = [];
      const kinds: string[] = [];
      const note = (cred: CredentialFile, shown: string) => {
        hits.push(`${shown} (${cred.what})`);
        kinds.push(cred.kind);
      };
      const destDir = dest?.value !== undefined && (dest.value.endsWith('/') || sources.length > 1);
      for (const src of sources) {
        if (src.value === undefined) {
          undecided.push(`${ins.keyword} source ${src.written} on line ${ins.location.startLine} depends on ${src.unresolved.join(', ')}, which has no value here; pass it with --build-arg`);
          continue;
        }
        const target = targetPath(src, dest, destDir);
        if (src.heredoc) {
          const cred = target && credentialFile(target);
          if (cred) note(cred, `a heredoc written to ${target}`);
          continue;
        }
        if (REMOTE.test(src.value)) continue;
        const cred = credentialFile(src.value) ?? globbedCredential(src.value) ?? (target ? credentialFile(target) : undefined);
        if (!cred) continue;
        if (cred.ambiguous && (GLOB.test(src.value) || (dest?.value && CERT_DIR.test(dest.value)))) continue;
        note(cred, src.value === src.written ? src.value : `${src.written} (= ${src.value})`);
      }
      if (!hits.length) continue;
      const ships = reaching.has(stage.index);
      const from = ins.flags.find((f) => f.name === 'from')?.value;
      findings.push({
        message: `${ins.keyword}${from ? ` --from=${from}` : ''} puts a credential file into the ${ships ? 'image' : `build stage ${stage.name ?? stage.index} (its layers stay in the build cache)`}: ${hits.join(', ')}`,
        location: ins.location,
        key: `${ins.keyword}:${kinds.join(',')}:${sources.map((s) => s.written).join(' ')}`,
        ...(ships ? {} : { severity: 'medium' as const }),
      });
    }
  }
  return decide(findings, undecided);
});

/** Credential file names a glob would pick up, tried when the glob starts with a literal part (`.env*`, `id_*`). */
const PROBES = ['.env', '.env.local', 'id_rsa', 'id_ed25519', 'id_ecdsa', '.npmrc', '.pypirc', '.netrc', '.git-credentials'];

function globbedCredential(source: string): CredentialFile | undefined {
  const base = basename(source);
  if (!GLOB.test(base) || GLOB.test(base[0])) return undefined;
  const match = picomatch(base, { dot: true });
  const hit = PROBES.find((p) => match(p));
  return hit ? credentialFile(hit) : undefined;
}

/** The path a source ends up at: `dest/<basename>` when dest is a directory, else dest itself. */
function targetPath(src: CopyOperand, dest: CopyOperand | undefined, destDir: boolean): string | undefined {
  if (dest?.value === undefined) return undefined;
  if (!destDir) return dest.value;
  if (src.heredoc || !src.value) return undefined;
  const name = basename(src.value);
  return name && !GLOB.test(name) ? `${dest.value.replace(/\/+$/, '')}/${name}` : undefined;
}
