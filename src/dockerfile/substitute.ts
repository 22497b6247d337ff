/**
 * Docker's variable substitution for instruction arguments: `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`. The escape character protects a `$`.
 */
export interface Substituted {
  value: string;
  /** Names that were referenced but have no value. */
  unresolved: string[];
}

const isNameStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isNameChar = (c: string) => isNameStart(c) || (c >= '0' && c <= '9');

export function substitute(text: string, env: Record<string, string | undefined>, escape = '\\'): Substituted {
  let out = '';
  const unresolved: string[] = [];
  const lookup = (name: string) => (Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined);
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === escape && text[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    if (text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) {
        out += text.slice(i);
        break;
      }
      const body = text.slice(i + 2, close);
      let n = 0;
      while (n < body.length && isNameChar(body[n])) n++;
      const name = body.slice(0, n);
      const rest = body.slice(n);
      const value = lookup(name);
      if (rest.startsWith(':-') || rest.startsWith('-')) {
        const word = rest.slice(rest.startsWith(':-') ? 2 : 1);
        const useDefault = rest.startsWith(':-') ? !value : value === undefined;
        const inner = substitute(word, env, escape);
        out += useDefault ? inner.value : value;
        if (useDefault) unresolved.push(...inner.unresolved);
      } else if (rest.startsWith(':+') || rest.startsWith('+')) {
        const word = rest.slice(rest.startsWith(':+') ? 2 : 1);
        const useAlt = rest.startsWith(':+') ? !!value : value !== undefined;
        out += useAlt ? substitute(word, env, escape).value : '';
      } else {
        if (value === undefined) unresolved.push(name);
        out += value ?? '';
      }
      i = close + 1;
      continue;
    }
    if (isNameStart(text[i + 1] ?? '')) {
      let j = i + 1;
      while (j < text.length && isNameChar(text[j])) j++;
      const name = text.slice(i + 1, j);
      const value = lookup(name);
      if (value === undefined) unresolved.push(name);
      out += value ?? '';
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return { value: out, unresolved };
}
