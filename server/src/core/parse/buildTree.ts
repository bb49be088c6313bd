import { type Node, type NodeType, type ParseError, visit } from 'jsonc-parser';
import type { SyntaxProblem } from './syntaxProblem';

/**
 * Far deeper than any topology (which nests five levels), and shallow enough
 * that the recursive parser and the rules cannot overflow the stack.
 */
export const MAX_NESTING_DEPTH = 200;

/**
 * Far more items than any list of a topology holds (servers, connectors,
 * ranges, accepted domains), and few enough that no rule and no schema check
 * takes long on one list: a longer list makes the text no topology.
 */
export const MAX_ITEMS = 10_000;

export type BuiltTree =
  | {
      readonly root: Node | undefined;
      /** The root's value as JSON.parse reads it (see TreeBuilder). */
      readonly value: unknown;
      readonly errors: readonly ParseError[];
      readonly excess?: undefined;
    }
  | { readonly excess: SyntaxProblem };

/**
 * Parses `text` with jsonc-parser's visitor into the same tree as its
 * `parseTree`, and in the same pass its plain value, which the schema check
 * needs (so the tree is not walked again to copy it). The parse stops at the
 * first sign that the text is no topology: a bracket opening level
 * MAX_NESTING_DEPTH + 1, or item MAX_ITEMS + 1 of one list or object. Those
 * are found as the parser meets them, so a 5 MiB list is never built and the
 * parser never recurses deeper than the limit.
 */
export function buildTree(text: string): BuiltTree {
  const builder = new TreeBuilder();
  try {
    visit(text, builder, {
      allowTrailingComma: true,
      disallowComments: false,
      allowEmptyContent: false,
    });
  } catch (error) {
    if (error instanceof Excess) return { excess: error.problem };
    throw error;
  }
  return builder.result();
}

/** Thrown from inside the visitor: the only way to stop jsonc-parser's `visit`. */
class Excess {
  constructor(readonly problem: SyntaxProblem) {}
}

/** A node while it is built; jsonc-parser's `Node` is read-only. */
interface Building {
  type: NodeType;
  offset: number;
  length: number;
  parent: Building | undefined;
  children?: Building[];
  value?: unknown;
  colonOffset?: number;
}

/** A list's children or elements, collected on a stack while it is open (see TreeBuilder). */
class Collected<T> {
  private readonly stack: T[] = [];
  /** The stack's height: entries above it are stale, overwritten rather than cleared. */
  private height = 0;
  private readonly starts: number[] = [];

  open(): void {
    this.starts.push(this.height);
  }

  add(item: T): void {
    this.stack[this.height++] = item;
  }

  /** The items added since the matching `open`, in an array of their exact size. */
  close(): T[] {
    const start = this.starts.pop() ?? 0;
    const items = this.stack.slice(start, this.height);
    this.height = start;
    return items;
  }
}

/**
 * What an open object, list or property holds as `children` until it gets its
 * own array; frozen, so that a push into it would throw rather than leak into
 * every later parse.
 */
const NOT_YET = Object.freeze([]) as unknown as Building[];

/**
 * The visitor. The tree is built as `parseTree` builds it (same node shapes,
 * offsets, lengths, `colonOffset`, a property's node complete at its value's
 * end or at the next comma). The plain value follows the same events: plain
 * objects and arrays, the last of duplicate keys wins, a `"__proto__"` key is
 * an own property (as JSON.parse keeps it), a number JSON cannot hold
 * (`1e999`) is null, a property without a value is left out.
 *
 * Children and list elements are collected on stacks and get arrays of their
 * exact size when their object or list closes: pushed one at a time into its
 * own array, each would reserve 16 or more slots, and the tree lives through
 * the whole analysis (on a large topology a third of it was empty slots,
 * copied by every garbage collection). A property's children are `[key]`,
 * then `[key, value]`.
 */
class TreeBuilder {
  /** An artificial array above the root, as in `parseTree`. */
  private readonly top: Building = {
    type: 'array',
    offset: -1,
    length: -1,
    parent: undefined,
    children: NOT_YET,
  };
  private current: Building = this.top;
  private readonly children = new Collected<Building>();
  private readonly elements = new Collected<unknown>();
  /** The plain object being filled, or undefined while a list (or the top) collects elements. */
  private object: Record<string, unknown> | undefined;
  private readonly objects: (Record<string, unknown> | undefined)[] = [];
  /** The name of the property whose value comes next, in `object`. */
  private pendingKey: string | undefined;
  /** The key each open object or list will be put under in its parent object. */
  private readonly keys: (string | undefined)[] = [];
  /** Items and commas so far of each open list or object, innermost last. */
  private readonly items: number[] = [];
  private readonly commas: number[] = [];
  private readonly errors: ParseError[] = [];
  /** One string per distinct property name (see keyNamed). */
  private readonly names = new Map<string, string>();

  constructor() {
    this.children.open();
    this.elements.open();
  }

  result(): BuiltTree {
    const root = this.children.close()[0];
    // parseTree's root has no `parent` property at all.
    if (root) delete (root as Partial<Building>).parent;
    return { root: root as Node | undefined, value: this.elements.close()[0], errors: this.errors };
  }

  // Arrow properties: the visitor calls them unbound.
  onObjectBegin = (offset: number): void => {
    this.open(offset, 'object');
    this.object = {};
  };

  onObjectProperty = (text: string, offset: number, length: number): void => {
    this.countItem(this.current);
    const name = this.keyNamed(text);
    const property: Building = {
      type: 'property',
      offset,
      length: -1,
      parent: this.current,
      children: NOT_YET,
    };
    property.children = [{ type: 'string', value: name, offset, length, parent: property }];
    this.append(property);
    this.current = property;
    this.pendingKey = name;
  };

  onObjectEnd = (offset: number, length: number): void => {
    this.completeProperty(offset + length);
    const value = this.object ?? {};
    this.close(offset + length);
    this.put(value);
  };

  onArrayBegin = (offset: number): void => {
    this.open(offset, 'array');
    this.object = undefined;
    this.elements.open();
  };

  onArrayEnd = (offset: number, length: number): void => {
    const value = this.elements.close();
    this.close(offset + length);
    this.put(value);
  };

  onLiteralValue = (value: unknown, offset: number, length: number): void => {
    this.countItem(this.current);
    this.append({ type: literalType(value), offset, length, parent: this.current, value });
    this.put(typeof value === 'number' && !Number.isFinite(value) ? null : value);
    this.completeProperty(offset + length);
  };

  onSeparator = (separator: string, offset: number): void => {
    if (this.current.type === 'property') {
      if (separator === ':') this.current.colonOffset = offset;
      else if (separator === ',') this.completeProperty(offset);
    }
    if (separator === ',') this.countComma(this.current);
  };

  onError = (error: ParseError['error'], offset: number, length: number): void => {
    this.errors.push({ error, offset, length });
  };

  /**
   * The first string read for this property name: a topology repeats a few
   * dozen names thousands of times, and every rule looks properties up by
   * name. One string each is less to keep and collect, and lookups and
   * comparisons of the same string are the cheapest (its hash is computed
   * once, equal strings are the same object).
   */
  private keyNamed(text: string): string {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    this.names.set(text, text);
    return text;
  }

  private open(offset: number, type: 'object' | 'array'): void {
    if (this.items.length >= MAX_NESTING_DEPTH) {
      throw new Excess({
        message: `Nesting deeper than ${MAX_NESTING_DEPTH} levels: this is not a topology (a topology nests five levels).`,
        range: { start: offset, end: offset + 1 },
      });
    }
    this.countItem(this.current);
    const node: Building = { type, offset, length: -1, parent: this.current, children: NOT_YET };
    this.append(node);
    this.current = node;
    this.children.open();
    // The value is put into its parent when it is complete, under the key read before it.
    this.objects.push(this.object);
    this.keys.push(this.pendingKey);
    this.pendingKey = undefined;
    this.items.push(0);
    this.commas.push(0);
  }

  private close(end: number): void {
    const node = this.current;
    node.children = this.children.close();
    node.length = end - node.offset;
    this.current = node.parent ?? this.top;
    this.completeProperty(end);
    this.object = this.objects.pop();
    this.pendingKey = this.keys.pop();
    this.items.pop();
    this.commas.pop();
  }

  /** One more element of the list `node`, or property of the object `node` (a property's value is not counted). */
  private countItem(node: Building): void {
    if (node.type === 'property' || node === this.top) return;
    const items = this.items;
    const count = (items[items.length - 1] ?? 0) + 1;
    items[items.length - 1] = count;
    if (count > MAX_ITEMS) this.tooMany(node);
  }

  /**
   * Commas are counted too, so that a flood of them (`[,,,,`: no items, one
   * error each) is stopped as early. n items have n - 1 commas; a trailing
   * one counts as an item, as an empty one would.
   */
  private countComma(node: Building): void {
    if (node.type === 'property' || node === this.top) return;
    const commas = this.commas;
    const count = (commas[commas.length - 1] ?? 0) + 1;
    commas[commas.length - 1] = count;
    if (count >= MAX_ITEMS) this.tooMany(node);
  }

  private tooMany(node: Building): never {
    const what = node.type === 'array' ? 'items in one list' : 'properties in one object';
    throw new Excess({
      message: `More than ${MAX_ITEMS} ${what}: this is not a topology (its lists hold a few dozen items).`,
      range: { start: node.offset, end: node.offset + 1 },
    });
  }

  private append(node: Building): void {
    const parent = this.current;
    if (parent.type === 'property') {
      // A property has its key; its value is the second and last child.
      parent.children = [(parent.children as Building[])[0] as Building, node];
    } else {
      this.children.add(node);
    }
  }

  /** The property being read ends here (at its value's end, or at a comma when the value is missing). */
  private completeProperty(end: number): void {
    if (this.current.type !== 'property') return;
    this.current.length = end - this.current.offset;
    this.current = this.current.parent ?? this.top;
  }

  /** A complete value, into the open list, or the open object under the pending key. */
  private put(value: unknown): void {
    const object = this.object;
    if (object === undefined) {
      this.elements.add(value);
      return;
    }
    const key = this.pendingKey;
    if (key === undefined) return;
    this.pendingKey = undefined;
    if (key === '__proto__') {
      Object.defineProperty(object, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      object[key] = value;
    }
  }
}

function literalType(value: unknown): NodeType {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'null';
  }
}
