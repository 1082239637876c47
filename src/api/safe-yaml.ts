/**
 * YAML from untrusted requests: only the YAML 1.2 core schema (no custom or language tags such
 * as !!js/function), at most a few aliases (an alias bomb expands exponentially), no duplicate keys.
 */
import { isNode, parseDocument, visit } from 'yaml';

export const MAX_YAML_ALIASES = 100;

const CORE_TAGS = new Set([
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
]);

export type SafeYamlResult = { ok: true; value: unknown } | { ok: false; problems: { path: string; message: string }[] };

export function parseYamlSafely(text: string): SafeYamlResult {
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true, prettyErrors: false, strict: true });
  const problems: { path: string; message: string }[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    problems.push({ path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '(document)', message: e.message.split('\n')[0] });
  }
  let aliases = 0;
  visit(doc, {
    Alias() {
      aliases += 1;
    },
    Node(_key, node) {
      if (isNode(node) && node.tag && !CORE_TAGS.has(node.tag)) {
        problems.push({ path: node.range ? `offset ${node.range[0]}` : '(document)', message: `tag '${node.tag}' is not allowed (only the YAML core schema)` });
      }
    },
  });
  if (aliases > MAX_YAML_ALIASES) problems.push({ path: '(document)', message: `${aliases} aliases; at most ${MAX_YAML_ALIASES} are accepted` });
  if (problems.length > 0) return { ok: false, problems };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (err) {
    return { ok: false, problems: [{ path: '(document)', message: err instanceof Error ? err.message : String(err) }] };
  }
}
