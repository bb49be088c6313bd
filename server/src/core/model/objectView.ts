import type { JSONPath, Node } from 'jsonc-parser';

/**
 * Objects with at most this many properties are searched from the end on each
 * lookup; a map costs more to build than the few lookups an object gets.
 */
const SCANNED_PROPERTIES = 16;

/** A value of the expected type together with the tree node it was read from. */
export interface Spanned<T> {
  readonly value: T;
  readonly node: Node;
}

/**
 * Typed, read-only access to a JSON object node. A property whose value has
 * the wrong type reads as absent: the schema rule reports it, and the other
 * rules simply see less of the model, which is how a half-typed file still
 * gets every diagnostic the rest of it allows.
 */
export class ObjectView {
  /** Built on the first lookup in an object with many properties; smaller ones are scanned. */
  private properties: Map<string, Node> | undefined;
  private pathCache: JSONPath | undefined;

  /**
   * The root view has no parent; any other view is the `key` property of its
   * parent or, with an `index`, that element of the `key` list.
   */
  constructor(
    readonly node: Node,
    private readonly parent?: ObjectView,
    private readonly key?: string,
    private readonly index?: number,
  ) {}

  /**
   * The JSON path of this object, for fixes and messages. Built on first use:
   * most views never need one, and an analysis builds thousands of views.
   */
  get path(): JSONPath {
    if (!this.pathCache) {
      const base = this.parent ? this.parent.path : [];
      if (this.key === undefined) this.pathCache = base;
      else if (this.index === undefined) this.pathCache = [...base, this.key];
      else this.pathCache = [...base, this.key, this.index];
    }
    return this.pathCache;
  }

  keys(): IterableIterator<string> {
    return this.propertyMap().keys();
  }

  has(key: string): boolean {
    return this.property(key) !== undefined;
  }

  /** The `"key": value` property node; like JSON.parse, the last of duplicate keys wins. */
  property(key: string): Node | undefined {
    const children = this.node.children;
    if (!children) return undefined;
    if (children.length > SCANNED_PROPERTIES) return this.propertyMap().get(key);
    for (let i = children.length - 1; i >= 0; i--) {
      const property = children[i] as Node;
      const name = property.children?.[0];
      if (name?.type === 'string' && name.value === key) return property;
    }
    return undefined;
  }

  private propertyMap(): Map<string, Node> {
    if (!this.properties) {
      this.properties = new Map();
      for (const property of this.node.children ?? []) {
        const name = property.children?.[0];
        if (name?.type === 'string' && typeof name.value === 'string')
          this.properties.set(name.value, property);
      }
    }
    return this.properties;
  }

  /**
   * The values of `keys`, read in one pass over the properties (the model
   * reads a dozen keys of every object; a lookup each would visit the
   * properties a dozen times). Read as `valueNode` reads them.
   */
  read<K extends string>(keys: readonly K[]): PropertyValues<K> {
    return new PropertyValues(keys, this.valueNodes(keys));
  }

  /**
   * The value nodes of `keys`, in their order, in one pass. Like `valueNode`,
   * the last of duplicate keys wins, and a property without a value gives
   * undefined.
   */
  private valueNodes(keys: readonly string[]): (Node | undefined)[] {
    const values: (Node | undefined)[] = new Array<Node | undefined>(keys.length).fill(undefined);
    const children = this.node.children;
    if (!children) return values;
    for (let i = 0; i < children.length; i++) {
      const pair = (children[i] as Node).children;
      const name = pair?.[0];
      if (name?.type !== 'string') continue;
      const slot = keys.indexOf(name.value as string);
      if (slot >= 0) values[slot] = pair?.[1];
    }
    return values;
  }

  keyNode(key: string): Node | undefined {
    return this.property(key)?.children?.[0];
  }

  valueNode(key: string): Node | undefined {
    return this.property(key)?.children?.[1];
  }

  string(key: string): Spanned<string> | undefined {
    return spannedString(this.valueNode(key));
  }

  boolean(key: string): Spanned<boolean> | undefined {
    return spannedBoolean(this.valueNode(key));
  }

  number(key: string): Spanned<number> | undefined {
    const node = this.valueNode(key);
    return node?.type === 'number' ? { value: node.value as number, node } : undefined;
  }

  /** The string elements of an array property (other elements are skipped). */
  strings(key: string): Spanned<string>[] {
    return spannedStrings(this.valueNode(key));
  }

  /** The object elements of an array property, each with its JSON path. */
  objects(key: string): ObjectView[] {
    return this.objectsIn(this.valueNode(key), key);
  }

  /** The object elements of `node`, the value of this object's `key` (from `valueNodes`). */
  objectsIn(node: Node | undefined, key: string): ObjectView[] {
    const result: ObjectView[] = [];
    const elements = node?.type === 'array' ? node.children : undefined;
    if (!elements) return result;
    for (let index = 0; index < elements.length; index++) {
      const element = elements[index] as Node;
      if (element.type === 'object') result.push(new ObjectView(element, this, key, index));
    }
    return result;
  }

  object(key: string): ObjectView | undefined {
    const node = this.valueNode(key);
    return node?.type === 'object' ? new ObjectView(node, this, key) : undefined;
  }
}

/** A string value node as a Spanned string; anything else is absent. */
function spannedString(node: Node | undefined): Spanned<string> | undefined {
  return node?.type === 'string' ? { value: node.value as string, node } : undefined;
}

/** A boolean value node as a Spanned boolean; anything else is absent. */
function spannedBoolean(node: Node | undefined): Spanned<boolean> | undefined {
  return node?.type === 'boolean' ? { value: node.value as boolean, node } : undefined;
}

/** The string elements of an array value node (other elements are skipped). */
function spannedStrings(node: Node | undefined): Spanned<string>[] {
  const result: Spanned<string>[] = [];
  const elements = node?.type === 'array' ? node.children : undefined;
  if (!elements) return result;
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i] as Node;
    if (element.type === 'string') result.push({ value: element.value as string, node: element });
  }
  return result;
}

/** Some values of one object, read together by `ObjectView.read`, then asked for by key. */
export class PropertyValues<K extends string> {
  constructor(
    private readonly keys: readonly K[],
    private readonly nodes: readonly (Node | undefined)[],
  ) {}

  node(key: K): Node | undefined {
    return this.nodes[this.keys.indexOf(key)];
  }

  string(key: K): Spanned<string> | undefined {
    return spannedString(this.node(key));
  }

  boolean(key: K): Spanned<boolean> | undefined {
    return spannedBoolean(this.node(key));
  }

  strings(key: K): Spanned<string>[] {
    return spannedStrings(this.node(key));
  }
}
