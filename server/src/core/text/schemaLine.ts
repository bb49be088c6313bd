/**
 * The bundled example without its `"$schema"` line: a path inside the package,
 * meaningless beside the user's file; EdgeFlow uses its bundled schema anyway.
 * A trailing comma this may leave behind is fine: topology files are JSONC.
 *
 * Shared by `edgeflow init` and the client's New Topology File command. It
 * lives in the core (no Node, no imports) so that the client can bundle it
 * without pulling in the CLI's file-system code.
 */
export function withoutSchemaLine(text: string): string {
  return text.replace(
    /^[ \t]*"\$schema"[ \t]*:[ \t]*"(?:[^"\\\r\n]|\\.)*"[ \t]*,?[ \t]*(?:\r\n|\n|\r)/m,
    '',
  );
}
