import { FieldError } from '@keyward/kernel';

/** Deepest nesting of objects and arrays a JSON body may have; validators recurse, so deeper input could overflow the stack. */
export const MAX_JSON_DEPTH = 32;

export interface UnsafeInputRules {
  /** Objects and arrays nested deeper than this are refused (the root object is level 1). */
  maxDepth: number;
  /** Refuse U+0000, which PostgreSQL text cannot store (checked where text is expected: DTO bodies and queries). */
  refuseNul: boolean;
}

interface Node {
  value: unknown;
  /** Null for the root; paths are only built for the one node reported, as a 1 MB body can hold 500,000 values. */
  parent: Node | null;
  key: string;
  depth: number;
  /** The body field this value sits in: the full path of a too-deep value is dozens of segments long. */
  field: string;
}

/**
 * The first field of a parsed JSON value (or query) that no route should have to handle: nested too deep,
 * holding a lone UTF-16 surrogate (they all become U+FFFD when stored or hashed, so "\ud800" and "\udfff"
 * would be the same password), or, if asked, a NUL character. Keys are checked like values. Iterative, so
 * any depth is safe to inspect.
 */
export function findUnsafeInput(root: unknown, rules: UnsafeInputRules): FieldError | null {
  const stack: Node[] = [{ value: root, parent: null, key: '', depth: 0, field: 'body' }];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const { value, depth } = node;
    if (typeof value === 'string') {
      const message = textProblem(value, rules);
      if (message) return { field: pathOf(node), message };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth + 1 > rules.maxDepth) {
      return { field: node.field, message: `must not be nested deeper than ${rules.maxDepth} levels` };
    }
    const keys = Object.keys(value);
    const children: Node[] = keys.map((key) => ({
      value: (value as Record<string, unknown>)[key],
      parent: node,
      key,
      depth: depth + 1,
      field: depth === 0 && !Array.isArray(value) ? key : node.field,
    }));
    for (const child of children) {
      const message = textProblem(child.key, rules);
      if (message) return { field: pathOf(child), message: `name ${message}` };
    }
    // Pushed in reverse so that values are inspected in document order.
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index]);
  }
  return null;
}

function pathOf(node: Node): string {
  const keys: string[] = [];
  for (let at: Node | null = node; at?.parent; at = at.parent) keys.push(at.key);
  return keys.length === 0 ? 'body' : keys.reverse().join('.');
}

function textProblem(text: string, rules: UnsafeInputRules): string | null {
  if (!text.isWellFormed()) return 'must not contain lone UTF-16 surrogates';
  if (rules.refuseNul && text.includes('\u0000')) return 'must not contain NUL characters';
  return null;
}
