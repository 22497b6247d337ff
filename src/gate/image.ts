/** The image target: evaluate the image rules on an ImageModel (facts already collected by the walk). */
import type { RuleMeta } from '../catalog/catalog.js';
import type { Check } from '../checks/check.js';
import type { ImageModel } from '../image/model.js';
import { evaluate, type Evaluation, type EvaluateOptions } from './evaluate.js';

export function evaluateImageModel(image: ImageModel, rules: RuleMeta[], checks: Record<string, Check>, options: EvaluateOptions = {}): Evaluation {
  // Image findings carry a key (what was found); the message is the fallback anchor, never the line.
  return evaluate('image', `image:${image.name}`, image, rules, checks, (_loc, raw) => raw.message, options);
}
