/** What a rule's check is: a pure function from a model and the rule's options to findings, or a skip. */
import type { DockerfileModel } from '../dockerfile/model.js';
import type { HostModel } from '../host/model.js';
import type { ImageModel } from '../image/model.js';
import type { RuntimeModel } from '../runtime/model.js';
import type { CheckOutcome, Target } from '../types.js';

export type RuleOptions = Record<string, unknown>;

/** The model each target's checks receive. Later targets add their models here. */
export interface Models {
  dockerfile: DockerfileModel;
  host: HostModel;
  image: ImageModel;
  runtime: RuntimeModel;
}

export interface Check<T extends keyof Models = keyof Models> {
  target: T;
  check(model: Models[T], options: RuleOptions): CheckOutcome;
  /**
   * Image checks: absolute path globs whose matching files the image walk must record (ImageModel.paths) for
   * this check to decide. The gate collects them from the enabled rules before it walks the image.
   */
  pathGlobs?: readonly string[];
}

export function dockerfileCheck(check: (model: DockerfileModel, options: RuleOptions) => CheckOutcome): Check<'dockerfile'> {
  return { target: 'dockerfile', check };
}

export function hostCheck(check: (model: HostModel, options: RuleOptions) => CheckOutcome): Check<'host'> {
  return { target: 'host', check };
}

export function imageCheck(check: (model: ImageModel, options: RuleOptions) => CheckOutcome): Check<'image'> {
  return { target: 'image', check };
}

export function runtimeCheck(check: (model: RuntimeModel, options: RuleOptions) => CheckOutcome): Check<'runtime'> {
  return { target: 'runtime', check };
}

/** Read a string-list option, falling back to the rule's default. */
export function listOption(options: RuleOptions, name: string): string[] {
  const v = options[name];
  return Array.isArray(v) ? v.map(String) : [];
}

export const pass = (): CheckOutcome => ({ findings: [] });
export const skip = (reason: string): CheckOutcome => ({ skip: reason });
export type { Target };
