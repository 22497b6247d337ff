/** CIS 2.5: no registry is used without TLS verification (insecure-registries), loopback aside unless configured otherwise. */
import type { RawFinding } from '../../types.js';
import { hostCheck, pass, skip } from '../check.js';
import { engineLocation, info } from '../../host/support.js';

/** The loopback registries Docker always treats as insecure, and names on this machine. */
function isLoopback(r: string): boolean {
  const host = r.replace(/^\[|\](:\d+)?$/g, '').replace(/:\d+$/, '');
  return r === '127.0.0.0/8' || r === '::1/128' || host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+(\/\d+)?$/.test(host);
}

export default hostCheck((model, options) => {
  const allowLoopback = options.allowLoopback !== false;
  const configured = model.settings.entries('insecure-registries');
  const where = (r: string) => configured.find((e) => String(e.value) === r)?.location ?? engineLocation();
  let registries: string[] | undefined;
  const reg = info<{ InsecureRegistryCIDRs?: string[]; IndexConfigs?: Record<string, { Name?: string; Secure?: boolean }> }>(model, 'RegistryConfig');
  if (reg) {
    registries = [...(reg.InsecureRegistryCIDRs ?? [])];
    for (const [name, cfg] of Object.entries(reg.IndexConfigs ?? {})) if (cfg.Secure === false) registries.push(cfg.Name ?? name);
  } else if (configured.length || model.settings.complete) {
    registries = configured.map((e) => String(e.value));
  }
  if (!registries) return skip(`${model.engineUnavailable ?? 'the engine does not report its registry configuration'}; ${model.settings.incompleteReason}`);
  const findings: RawFinding[] = [...new Set(registries)]
    .filter((r) => !(allowLoopback && isLoopback(r)))
    .map((r) => ({ message: `registry ${r} is used without TLS verification (insecure registry): images can be replaced in transit`, location: where(r), key: r }));
  return findings.length ? { findings } : pass();
});
