/** What a rule's check is: a pure function from a model and the rule's options to findings, or a skip. */
import type { DockerfileModel } from '../dockerfile/model.js';
import type { CheckOutcome, Target } from '../types.js';

export type RuleOptions = Record<string, unknown>;

/** The model each target's checks receive. Later targets add their models here. */
export interface Models {
  dockerfile: DockerfileModel;
}

export interface Check<T extends keyof Models = keyof Models> {
  target: T;
  check(model: Models[T], options: RuleOptions): CheckOutcome;
}

export function dockerfileCheck(check: (model: DockerfileModel, options: RuleOptions) => CheckOutcome): Check<'dockerfile'> {
  return { target: 'dockerfile', check };
}

/** Read a string-list option, falling back to the rule's default. */
export function listOption(options: RuleOptions, name: string): string[] {
  const v = options[name];
  return Array.isArray(v) ? v.map(String) : [];
}

export const pass = (): CheckOutcome => ({ findings: [] });
export const skip = (reason: string): CheckOutcome => ({ skip: reason });
export type { Target };
