/** The Dockerfile as the checks see it: stages, instructions with positions, and parsed RUN bodies. */
import type { Location } from '../types.js';

/** One simple command inside a RUN body, e.g. `apt-get install -y curl`. */
export interface ShellCommand {
  /** The command name with quotes removed (`apt-get`); `$VAR` when it is not static. */
  name: string;
  /** Arguments after the name, quotes removed, expansions kept as written (`$HOME`). */
  args: string[];
  /** Variable assignments written before the command (`GIT_SSL_NO_VERIFY=1 git clone`). */
  assigns: Record<string, string>;
  /** The operator that joins this command to the one before it in its list, if any. */
  operatorBefore?: '&&' | '||' | ';' | '|';
  /** Commands piped together share a pipeline id; `pipelineIndex` is the position in it. */
  pipelineId: number;
  pipelineIndex: number;
  pipelineLength: number;
  /** Where it is in the Dockerfile. */
  location: Location;
}

export interface ShellScript {
  commands: ShellCommand[];
  /** Set when the body could not be parsed as shell; commands is then empty. */
  error?: { message: string; location: Location };
  /** False when the stage's SHELL is not a POSIX shell (e.g. powershell): nothing was parsed. */
  posix: boolean;
}

export interface Heredoc {
  name: string;
  content: string;
  /** First line of the content in the Dockerfile (1-based). */
  contentLine: number;
}

export interface Flag {
  name: string;
  value: string | null;
}

export interface Instruction {
  /** Upper-case keyword: RUN, COPY, ... */
  keyword: string;
  /**
   * Arguments as Docker sees them: continuations joined (escape and line break removed), comment and empty lines
   * inside them dropped. Heredoc bodies are not part of it: they are in `heredocs`.
   */
  args: string;
  /** Arguments split as Docker splits them (whitespace, quotes kept), flags and heredoc bodies excluded. */
  argv: string[];
  /** Flags such as `--from=builder`, `--mount=type=secret,id=x`, `--checksum=...`. */
  flags: Flag[];
  /** True for the JSON (exec) form `["a","b"]`; then `json` holds the strings. */
  jsonForm: boolean;
  json?: string[];
  heredocs: Heredoc[];
  /**
   * Only for RUN in shell form (and RUN heredocs): the parsed commands, including those of scripts the RUN hands
   * to a shell (`sh -c '...'`, `bash <<EOF`) and of command substitutions.
   */
  shell?: ShellScript;
  /**
   * Only for RUN: the SHELL in effect, e.g. `["/bin/bash", "-o", "pipefail", "-c"]`; `["/bin/sh", "-c"]` unless a
   * SHELL of this stage, or of a stage it is built on, changed it.
   */
  shellCommand?: string[];
  /** Environment in effect for this instruction (ARG and ENV of the stage so far, build args applied). */
  env: Record<string, string>;
  location: Location;
  stageIndex: number;
}

export interface Stage {
  index: number;
  /** The `AS name`, lower-cased as Docker does, if any. */
  name?: string;
  /** The image reference as written. */
  baseImage: string;
  /** The reference with ARGs resolved; undefined when an ARG has no value. */
  baseImageResolved?: string;
  /** Index of the earlier stage this one is built FROM, if any. */
  parentStage?: number;
  platform?: string;
  from: Instruction;
  instructions: Instruction[];
}

export interface DockerfileModel {
  file: string;
  lines: string[];
  escape: '\\' | '`';
  /** ARG instructions before the first FROM. */
  globalArgs: Instruction[];
  stages: Stage[];
  /** The stage that is built: the `--target`, else the last. -1 when there is no FROM. */
  finalStage: number;
  /** Comments, for suppressions: 1-based line and text after `#`. */
  comments: { line: number; text: string }[];
  /** Problems that keep the file from being read as Docker reads it. */
  errors: { message: string; location: Location }[];
}

/** The stages the final stage is built on, itself first: `FROM builder AS final` inherits builder's settings. */
export function stageChain(model: DockerfileModel, index = model.finalStage): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<number>();
  let i: number | undefined = index;
  while (i !== undefined && i >= 0 && !seen.has(i)) {
    seen.add(i);
    const stage: Stage = model.stages[i];
    chain.push(stage);
    i = stage.parentStage;
  }
  return chain;
}

/** Instructions that reach the final image, oldest first (parent stages' instructions included). */
export function finalInstructions(model: DockerfileModel): Instruction[] {
  return stageChain(model)
    .reverse()
    .flatMap((s) => s.instructions);
}

export function allInstructions(model: DockerfileModel): Instruction[] {
  return model.stages.flatMap((s) => s.instructions);
}

export function flag(ins: Instruction, name: string): Flag | undefined {
  return ins.flags.find((f) => f.name === name);
}
