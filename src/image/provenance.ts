/**
 * Provenance: which Dockerfile instruction made each history entry and layer of an image. The history of an
 * image built from a Dockerfile ends with one entry per instruction of the final stage chain (after FROM), in
 * order; what comes before is the base image. Entries are matched from the end, keyword by keyword (read from
 * `created_by` as BuildKit and the legacy builder write it), and RUN bodies are checked against the text.
 * When the two do not line up, nothing is guessed: the reason is kept and findings go on the final FROM line.
 */
import { finalInstructions, type DockerfileModel, type Instruction } from '../dockerfile/model.js';
import { historyKeyword, isBaseRootfsAdd } from './history.js';
import type { HistoryEntry, ImageModel, Origin } from './model.js';

const squash = (s: string) => s.replace(/\\\s*\n/g, ' ').replace(/\s+/g, ' ').trim();

/** Does a history line plausibly come from this instruction? Keywords must agree; RUN bodies must appear. */
function matches(entry: HistoryEntry, ins: Instruction): boolean {
  if (historyKeyword(entry.createdBy) !== ins.keyword) return false;
  if (ins.keyword !== 'RUN' || ins.heredocs.length) return true;
  const line = squash(entry.createdBy);
  const parts = ins.jsonForm ? (ins.json ?? []) : [squash(ins.args).split(' ')[0]];
  return parts.every((p) => !p || line.includes(p));
}

export interface Provenance {
  /** Per history entry (same order): where it came from and which instruction made it. */
  entries: { origin: Origin; instruction?: Instruction }[];
  /** Set when the history could not be matched to the Dockerfile. */
  reason?: string;
}

/** Matches an image's history against the final stage chain of a Dockerfile. */
export function matchHistory(history: HistoryEntry[], dockerfile: DockerfileModel): Provenance {
  const unknown = (reason: string): Provenance => ({ entries: history.map(() => ({ origin: 'unknown' as Origin })), reason });
  if (dockerfile.finalStage < 0) return unknown(`${dockerfile.file} has no stage`);
  const instructions = finalInstructions(dockerfile).filter((i) => i.keyword !== 'FROM');
  const entries: Provenance['entries'] = history.map(() => ({ origin: 'base' as Origin }));
  let h = history.length - 1;
  // The legacy builder records the gate's own build label as a last LABEL step that is in no Dockerfile.
  while (h >= 0 && /^(\/bin\/sh -c #\(nop\)\s+)?LABEL org\.cis-docker-gate\.created=true\s*$/.test(history[h].createdBy.trim())) {
    entries[h] = { origin: 'user' };
    h--;
  }
  for (let i = instructions.length - 1; i >= 0; i--) {
    const ins = instructions[i];
    if (h >= 0 && matches(history[h], ins)) {
      entries[h] = { origin: 'user', instruction: ins };
      h--;
      continue;
    }
    if (ins.keyword === 'ARG') continue; // some builders write no history for ARG
    const seen = h >= 0 ? `history entry ${h + 1} is "${squash(history[h].createdBy).slice(0, 80) || '(empty)'}"` : 'the history has no entry left';
    return unknown(`the image history does not match ${dockerfile.file}: line ${ins.location.startLine} is ${ins.keyword}, but ${seen} (was the image built from this Dockerfile and target?)`);
  }
  return { entries };
}

/**
 * The image with provenance: history entries and layers get their origin and instruction, and the fallback
 * location becomes the final FROM line. Without a Dockerfile, only the base image's own root filesystem
 * (`ADD file:… in /` as the first layer) is known to be the base image's.
 */
export function withProvenance(image: ImageModel, dockerfile?: DockerfileModel): ImageModel {
  const prov: Provenance | undefined = dockerfile ? matchHistory(image.history, dockerfile) : undefined;
  const history: HistoryEntry[] = image.history.map((h, i) => {
    const p = prov?.entries[i];
    let origin: Origin = p?.origin ?? 'unknown';
    if (origin === 'unknown' && !h.emptyLayer && isBaseRootfsAdd(h.createdBy) && image.history.slice(0, i).every((e) => e.emptyLayer)) origin = 'base';
    const ins = p?.instruction;
    return { ...h, origin, ...(ins ? { instruction: { keyword: ins.keyword, location: ins.location } } : {}) };
  });
  const layers = image.layers.map((l) => {
    const h = l.history !== undefined && l.history >= 0 ? history[l.history] : undefined;
    return { ...l, origin: h?.origin ?? 'unknown', ...(h?.instruction ? { instruction: h.instruction } : {}) };
  });
  const final = dockerfile && dockerfile.finalStage >= 0 ? dockerfile.stages[dockerfile.finalStage] : undefined;
  const aligned = image.layers.every((l) => l.history !== undefined);
  const reason = prov?.reason ?? (dockerfile && !aligned ? 'the image history does not line up with its layers' : undefined);
  return {
    ...image,
    history,
    layers,
    provenance: { ...(dockerfile ? { dockerfile: dockerfile.file } : {}), ...(reason ? { reason } : {}) },
    fallback: final ? final.from.location : image.fallback,
  };
}
