import type { JSONPath, Node } from 'jsonc-parser';

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
  private readonly properties = new Map<string, Node>();

  constructor(
    readonly node: Node,
    readonly path: JSONPath,
  ) {
    for (const property of node.children ?? []) {
      const key = property.children?.[0];
      if (key?.type === 'string' && typeof key.value === 'string') {
        // Like JSON.parse, the last of duplicate keys wins.
        this.properties.set(key.value, property);
      }
    }
  }

  keys(): IterableIterator<string> {
    return this.properties.keys();
  }

  has(key: string): boolean {
    return this.properties.has(key);
  }

  /** The `"key": value` property node. */
  property(key: string): Node | undefined {
    return this.properties.get(key);
  }

  keyNode(key: string): Node | undefined {
    return this.properties.get(key)?.children?.[0];
  }

  valueNode(key: string): Node | undefined {
    return this.properties.get(key)?.children?.[1];
  }

  string(key: string): Spanned<string> | undefined {
    const node = this.valueNode(key);
    return node?.type === 'string' ? { value: node.value as string, node } : undefined;
  }

  boolean(key: string): Spanned<boolean> | undefined {
    const node = this.valueNode(key);
    return node?.type === 'boolean' ? { value: node.value as boolean, node } : undefined;
  }

  number(key: string): Spanned<number> | undefined {
    const node = this.valueNode(key);
    return node?.type === 'number' ? { value: node.value as number, node } : undefined;
  }

  /** The string elements of an array property (other elements are skipped). */
  strings(key: string): Spanned<string>[] {
    const node = this.valueNode(key);
    if (node?.type !== 'array') return [];
    const result: Spanned<string>[] = [];
    for (const element of node.children ?? []) {
      if (element.type === 'string') result.push({ value: element.value as string, node: element });
    }
    return result;
  }

  /** The object elements of an array property, each with its JSON path. */
  objects(key: string): ObjectView[] {
    const node = this.valueNode(key);
    if (node?.type !== 'array') return [];
    const result: ObjectView[] = [];
    (node.children ?? []).forEach((element, index) => {
      if (element.type === 'object')
        result.push(new ObjectView(element, [...this.path, key, index]));
    });
    return result;
  }

  object(key: string): ObjectView | undefined {
    const node = this.valueNode(key);
    return node?.type === 'object' ? new ObjectView(node, [...this.path, key]) : undefined;
  }
}
