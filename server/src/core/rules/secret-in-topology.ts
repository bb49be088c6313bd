import type { Node } from 'jsonc-parser';
import { fix } from '../fix/edits';
import { removeItem } from '../fix/removal';
import { isSecretKey, mayHoldSecretKey } from '../model/secrets';
import type { Rule, RuleContext } from './rule';

export const secretInTopology: Rule = {
  code: 'secret-in-topology',
  severity: 'error',
  summary: 'A password or other secret is written in the topology file.',
  description: [
    'A topology is shared, versioned and reviewed: it must never hold a secret. Credentials are declared by',
    'name and user name only, and the generated scripts ask for the password with `Get-Credential` when they',
    'run. Any property whose name contains `password`, `passwd`, `pwd`, `secret` or `passphrase`, at any',
    'depth, is an error. The message never repeats the value. Remove the property, then remove the secret',
    'from your version control history too: it has been exposed.',
  ].join('\n'),
  bad: '{ "name": "EdgeToOrg", "userName": "CONTOSO\\\\edgerelay", "scope": "activeDirectory", "password": "…" }',
  good: '{ "name": "EdgeToOrg", "userName": "CONTOSO\\\\edgerelay", "scope": "activeDirectory" }',
  sources: 'SPEC §1 (passwords never appear in the file); the scripts use Get-Credential.',
  check(context) {
    const root = context.document.root;
    // Most files hold none of the words anywhere: no need to walk the tree.
    if (root && mayHoldSecretKey(context.text)) visit(context, root);
  },
};

function visit(context: RuleContext, node: Node): void {
  // Iterative, so that no document shape can exhaust the stack.
  const stack: Node[] = [node];
  // A topology repeats a few dozen keys thousands of times: test each once.
  const secret = new Map<string, boolean>();
  const isSecret = (key: string) => {
    let answer = secret.get(key);
    if (answer === undefined) secret.set(key, (answer = isSecretKey(key)));
    return answer;
  };
  while (stack.length > 0) {
    const current = stack.pop() as Node;
    if (current.type === 'property') {
      const key = current.children?.[0];
      if (key && typeof key.value === 'string' && isSecret(key.value)) {
        const name = key.value;
        context.report({
          target: key,
          message: `'${name}' looks like a secret: passwords never go in a topology. Remove it; the generated scripts ask for credentials with Get-Credential.`,
          // This very property: with a duplicated key, a path would name the last one.
          fixes: () => [fix(`Remove '${name}'`, removeItem(context.text, current), true)],
        });
      }
    }
    // Only objects, arrays and properties can hold a property: leaves are not visited.
    for (const child of current.children ?? []) if (child.children) stack.push(child);
  }
}
