import type { Node } from 'jsonc-parser';
import { removeItem } from '../fix/removal';
import { fix, replaceNode } from '../fix/edits';
import { isSecretKey, mayHoldSecretKey, userNameWithoutSecret } from '../model/secrets';
import type { Rule, RuleContext } from './rule';

export const secretInTopology: Rule = {
  code: 'secret-in-topology',
  severity: 'error',
  summary: 'A password or other secret is written in the topology file.',
  description: [
    'A topology is shared, versioned and reviewed: it must never hold a secret. Credentials are declared by',
    'name and user name only, and the generated scripts ask for the password with `Get-Credential` when they',
    'run. Any property whose name means a secret, at any depth and whatever its case or separators, is an',
    'error: one that contains `password`, `passwd`, `passphrase`, `passcode`, `pwd` or `secret`, one that ends',
    'in the word `pass` or `token` (`adminPass`, `access_token`, `tokenValue`), and `apiKey`, `privateKey`,',
    '`accessKey`, `sharedKey`, `signingKey`, `credentialValue` however written (`api_key`, `X-API-KEY`). Words',
    'that only contain those letters are not secrets: `passive`, `bypass`, `compass`, `passThrough`,',
    '`tokenizer`, `tokenEndpoint`.',
    '',
    'A credential `userName` written with its password, `CONTOSO\\edgerelay:Secret1`, is an error too (no',
    'Windows account or domain name contains a colon); the quick fix keeps the user name.',
    '',
    'The message never repeats the value. Remove the secret, then remove it from your version control history',
    'too: it has been exposed.',
  ].join('\n'),
  bad: '{ "name": "EdgeToOrg", "userName": "CONTOSO\\\\edgerelay", "scope": "activeDirectory", "password": "…" }',
  good: '{ "name": "EdgeToOrg", "userName": "CONTOSO\\\\edgerelay", "scope": "activeDirectory" }',
  sources: 'SPEC §1 (passwords never appear in the file); the scripts use Get-Credential.',
  check(context) {
    const root = context.document.root;
    // Most files hold none of the words anywhere: no need to walk the tree.
    if (root && mayHoldSecretKey(context.text)) visit(context, root);
    for (const credential of context.topology.credentials) {
      const userName = credential.userName;
      // The model keeps only the user name; the text as written is the node's.
      const written: unknown = userName?.node.value;
      const user = typeof written === 'string' ? userNameWithoutSecret(written) : undefined;
      if (!userName || user === undefined) continue;
      const name = credential.name?.value ?? 'a credential';
      context.report({
        target: userName.node,
        // The user name is no secret; what follows the colon is, and is never shown.
        message: `The userName of ${name} holds a password after its colon ('${user}:…'): passwords never go in a topology. Keep the user name alone; the generated scripts ask for the password with Get-Credential.`,
        fixes: () => [
          fix(`Keep only the user name '${user}'`, replaceNode(userName.node, user), true),
        ],
      });
    }
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
